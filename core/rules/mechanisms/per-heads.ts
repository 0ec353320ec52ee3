import { z } from "zod";
import { factLabel } from "../describe.js";
import { addFen, minFen, mulFen, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { count, F, money, num, pending, whole, Y, yuan, Yuan, type Mechanism, type RuleNumber } from "./kit.js";

/**
 * 按博士学位人员每人8万元、硕士学位人员每人5万元的标准…每个研发机构每年补贴最高不超过500万元: a price per head of
 * each kind, summed over the kinds, then capped. Every kind's count is needed: an unstated one is asked.
 */
export const schema = z
  .object({
    kind: z.literal("perHeads"),
    terms: z.array(z.object({ count: FactKey, amount: Yuan, unit: z.string().min(1) }).strict()).min(2),
    cap: Yuan.optional(),
    /** 连续3年每年分别给予5000元、3000元: paid every year of the span; the headline is the sum over it. */
    years: z.number().int().positive().max(10).optional(),
  })
  .strict();
export type PerHeads = z.infer<typeof schema>;

export const perHeads: Mechanism<PerHeads> = {
  compute(f, p) {
    const plan = `${f.years ? `连续${f.years}年每年` : ""}${f.terms.map((t) => `${factLabel(t.count)}每${t.unit}${Y(t.amount)}`).join("、")}`;
    const capText = f.cap !== undefined ? `，最高${Y(f.cap)}` : "";
    const missing = f.terms.filter((t) => num(p, t.count) === undefined).map((t) => t.count);
    if (missing.length) return pending(missing, { text: `${plan}${capText}`, basis: plan, trace: [], min: 0, ...(f.cap !== undefined ? { max: f.cap } : {}) });
    const parts = f.terms.map((t) => {
      const n = whole(num(p, t.count)!);
      return { t, n, fen: mulFen(yuanToFen(t.amount), n) };
    });
    const yearly = addFen(...parts.map((x) => x.fen));
    const raw = f.years ? mulFen(yearly, f.years) : yearly;
    const fen = f.cap !== undefined ? minFen(raw, yuanToFen(f.cap)) : raw;
    const terms = `${f.years ? "(" : ""}${parts.map((x) => `${x.n}${x.t.unit} × ${Y(x.t.amount)}`).join(" + ")}${f.years ? `) × ${f.years}年` : ""}`;
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: F(fen),
        basis: terms,
        trace: [`${parts.map((x) => `${factLabel(x.t.count)}${x.n}${x.t.unit} × ${Y(x.t.amount)} = ${F(x.fen)}`).join("；")}`, `${f.years ? `每年${F(yearly)} × ${f.years}年 = ` : "合计"}${F(raw)}${fen < raw ? `，超过上限，按${F(fen)}计` : ""}`],
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.terms.forEach((t, i) => money(out, `terms.${i}.amount`, t.amount));
    money(out, "cap", f.cap);
    count(out, "years", f.years, "年");
    return out;
  },
  facts: (f) => f.terms.map((t) => t.count),
};
