import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { dimOfFact } from "./dims.js";
import { F, P, factNumber, money, num, pct, pending, V, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 增长超过1000万元的，给予超出额0.5%的奖励，最高不超过20万元: only the part above the threshold counts. */
export const schema = z
  .object({ kind: z.literal("excess"), base: FactKey, threshold: z.number().nonnegative(), rate: z.number().positive().max(100), cap: z.number().nonnegative().optional() })
  .strict();
export type Excess = z.infer<typeof schema>;

export const excess: Mechanism<Excess> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const v = num(p, f.base);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    if (v === undefined) return pending([f.base], { text: `超过${V(f.base, f.threshold)}部分的${P(f.rate)}${cap !== undefined ? `，最高${F(cap)}` : ""}`, basis: "超出额 × 比例", trace: [], min: 0, ...(f.cap !== undefined ? { max: f.cap } : {}) });
    if (v <= f.threshold) return zeroOf(f.base, v);
    const over = yuanToFen(v) - yuanToFen(f.threshold);
    const raw = percentOf(over, f.rate);
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    return {
      missing: [],
      amount: { yuan: yuan(fen), text: F(fen), basis: `(${V(f.base, v)} − ${V(f.base, f.threshold)}) × ${P(f.rate)}`, trace: [`${label}超出${V(f.base, f.threshold)}的部分${F(over)} × ${P(f.rate)} = ${F(raw)}${fen < raw ? `；上限${F(cap!)}` : ""}`] },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    factNumber(out, "amount.threshold", f.base, f.threshold, dimOfFact);
    pct(out, "rate", f.rate);
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => [f.base],
};
