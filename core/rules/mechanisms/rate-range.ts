import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { F, money, num, pct, pending, V, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 按固定资产投资的5%—20%给予奖励: the rate is set within bounds, so the amount is a range. */
export const schema = z
  .object({ kind: z.literal("rateRange"), base: FactKey, min: z.number().positive().max(100), max: z.number().positive().max(100), cap: z.number().nonnegative().optional() })
  .strict();
export type RateRange = z.infer<typeof schema>;

export const rateRange: Mechanism<RateRange> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const b = num(p, f.base);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    const capText = cap !== undefined ? `，不超过${F(cap)}` : "";
    if (b === undefined) return pending([f.base], { text: `按${label}的${f.min}%至${f.max}%${capText}`, basis: `${label} × ${f.min}%~${f.max}%`, trace: [], min: 0, ...(f.cap !== undefined ? { max: f.cap } : {}) });
    const lo = percentOf(yuanToFen(b), f.min);
    const hiRaw = percentOf(yuanToFen(b), f.max);
    const hi = cap !== undefined ? minFen(hiRaw, cap) : hiRaw;
    const low = cap !== undefined ? minFen(lo, cap) : lo;
    if (hi === 0n) return zeroOf(f.base, b);
    return {
      missing: [],
      amount: {
        text: `${F(low)}至${F(hi)}`,
        basis: `${V(f.base, b)} × ${f.min}%~${f.max}%`,
        trace: [`${V(f.base, b)} × ${f.min}% = ${F(lo)}；× ${f.max}% = ${F(hiRaw)}${cap !== undefined && hiRaw > cap ? `，上限${F(cap)}` : ""}`],
        min: yuan(low),
        max: yuan(hi),
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    pct(out, "min", f.min);
    pct(out, "max", f.max);
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => [f.base],
};
