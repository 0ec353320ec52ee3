import { z } from "zod";
import { factLabel } from "../describe.js";
import { percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { F, P, num, pct, pending, Percent, Y, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 按合同实际成交额的5%左右 → "约" */
export const schema = z.object({ kind: z.literal("approx"), base: FactKey, rate: Percent }).strict();
export type Approx = z.infer<typeof schema>;

export const approx: Mechanism<Approx> = {
  compute(f, p) {
    const base = num(p, f.base);
    const label = factLabel(f.base);
    if (base === undefined) return pending([f.base], { text: `按${label}的${P(f.rate)}左右`, basis: `${label} × ${P(f.rate)}左右`, trace: [], approximate: true, min: 0 });
    const fen = percentOf(yuanToFen(base), f.rate);
    if (fen === 0n) return zeroOf(f.base, base);
    return {
      missing: [],
      amount: { yuan: yuan(fen), text: `约${F(fen)}`, basis: `${Y(base)} × ${P(f.rate)}左右`, trace: [`${Y(base)} × ${P(f.rate)}左右 ≈ ${F(fen)}`], approximate: true },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    pct(out, "rate", f.rate);
    return out;
  },
  facts: (f) => [f.base],
};
