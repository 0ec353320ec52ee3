import { z } from "zod";
import { describeValue, factLabel } from "../describe.js";
import { minFen, percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { F, P, money, named, num, pct, pending, Percent, Y, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 按其实际投资额的20%给予不超过500万元的一次性资助 */
export const schema = z
  .object({
    kind: z.literal("rate"),
    base: FactKey,
    rate: Percent,
    cap: Yuan.optional(),
    /** 按不超过…的30%: the rate is a ceiling, so the amount is one too. */
    upTo: z.boolean().optional(),
    /** 按实到外资（美元）的4‰折合人民币: the base is in 美元 and this fact is the exchange rate. */
    fx: FactKey.optional(),
  })
  .strict();
export type Rate = z.infer<typeof schema>;

export const rate: Mechanism<Rate> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const stated = num(p, f.base);
    const fx = f.fx ? num(p, f.fx) : undefined;
    const cap = f.cap === undefined ? undefined : yuanToFen(f.cap);
    if (stated !== undefined && f.fx && fx === undefined) {
      return pending([f.fx], { text: `按${label}的${P(f.rate)}折合人民币${cap !== undefined ? `，不超过${F(cap)}` : ""}`, basis: `${label} × 汇率 × ${P(f.rate)}`, trace: [], min: 0, ...(cap !== undefined ? { max: yuan(cap) } : {}) });
    }
    // A 美元 base is converted at the stated rate first; the rate applies to the 元 amount.
    const base = stated !== undefined && fx !== undefined ? Number((stated * fx).toFixed(2)) : stated;
    const conv = stated !== undefined && fx !== undefined ? `${describeValue(f.base, stated)} × ${fx} = ${Y(base!)}；` : "";
    const up = f.upTo ? "最高" : "";
    if (base === undefined) {
      return pending([f.base], {
        text: `按${label}的${P(f.rate)}${cap !== undefined ? `，不超过${F(cap)}` : ""}`,
        basis: `${label} × ${P(f.rate)}`,
        trace: [],
        min: 0,
        ...(cap !== undefined ? { max: yuan(cap) } : {}),
      });
    }
    const raw = percentOf(yuanToFen(base), f.rate);
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    if (fen === 0n) return zeroOf(f.base, stated!);
    const capped = cap !== undefined && raw > cap ? `；超过上限${F(cap)}，按${F(cap)}计` : "";
    return {
      missing: [],
      amount: { yuan: yuan(fen), text: `${up}${F(fen)}`, basis: `${Y(base)} × ${P(f.rate)}`, trace: [`${conv}${Y(base)} × ${P(f.rate)}${f.upTo ? "（比例上限）" : ""} = ${F(raw)}${capped}`], ...(f.upTo ? { upTo: true } : {}) },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    pct(out, "rate", f.rate);
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => named(f.base, f.fx),
};
