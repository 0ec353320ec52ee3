import { z } from "zod";
import { addFen, mulFen, yuanToFen } from "../money.js";
import type { ScheduleItem } from "../match.js";
import { FactKey } from "../fact-key.js";
import { count as countNumber, F, money, named, num, whole, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 一次性补助5万元，每运营满1年再给予补助2万元，最长不超过3年 (per outlet) */
export const schema = z
  .object({
    kind: z.literal("onceplusRecurring"),
    once: Yuan,
    recurring: Yuan,
    years: FactKey,
    maxYears: z.number().int().positive(),
    count: FactKey.optional(),
    unit: z.string().optional(),
  })
  .strict();
export type OncePlusRecurring = z.infer<typeof schema>;

export const oncePlusRecurring: Mechanism<OncePlusRecurring> = {
  compute(f, p) {
    const once = yuanToFen(f.once);
    const rec = yuanToFen(f.recurring);
    const word = f.unit ?? "个";
    const count = f.count ? num(p, f.count) : undefined;
    if (count !== undefined && whole(count) === 0) return zeroOf(f.count!, count);
    const n = count !== undefined ? whole(count) : 1;
    const each = count === undefined ? `（每${word}）` : "";
    const years = num(p, f.years);
    const perMax = addFen(once, mulFen(rec, f.maxYears));
    const planned = (full: number): ScheduleItem[] => [
      { label: "一次性补助", yuan: yuan(mulFen(once, n)) },
      ...Array.from({ length: full }, (_, i) => ({ label: `运营满${i + 1}年`, yuan: yuan(mulFen(rec, n)) })),
    ];
    if (years === undefined) {
      // Years of operation only refine the total: the one-off part is due on setting up.
      const fen = mulFen(once, n);
      return {
        missing: [],
        amount: {
          yuan: yuan(fen),
          text: `一次性${F(fen)}${each}，此后每运营满1年再补助${F(mulFen(rec, n))}，最长不超过${f.maxYears}年`,
          basis: `${F(once)} + ${F(rec)}/年`,
          trace: [`一次性${F(once)}；此后每运营满1年${F(rec)}，最长${f.maxYears}年 → 每${word}最多${F(perMax)}${count !== undefined ? `，${n}${word}最多${F(mulFen(perMax, n))}` : ""}`],
          schedule: planned(f.maxYears),
          min: yuan(fen),
          max: yuan(mulFen(perMax, n)),
        },
      };
    }
    const full = Math.min(whole(years), f.maxYears);
    const per = addFen(once, mulFen(rec, full));
    const fen = mulFen(per, n);
    const capped = whole(years) > f.maxYears ? `（运营${whole(years)}年，按最长${f.maxYears}年计）` : "";
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: `${F(fen)}${each}`,
        basis: `${F(once)} + ${full}年 × ${F(rec)}`,
        trace: [`一次性${F(once)} + ${full}年 × ${F(rec)} = ${F(per)}${capped}${count !== undefined ? `；× ${n}${word} = ${F(fen)}` : `（每${word}）`}`],
        schedule: planned(full),
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "once", f.once);
    money(out, "recurring", f.recurring);
    countNumber(out, "maxYears", f.maxYears, "年");
    return out;
  },
  facts: (f) => named(f.years, f.count),
};
