import { z } from "zod";
import { factLabel } from "../describe.js";
import { mulFen, percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { count, F, P, num, pct, pending, Percent, whole, Y, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 最高按展位费的70%，不超过6个标准展位 */
export const schema = z
  .object({ kind: z.literal("feeShare"), rate: Percent, fee: FactKey, units: FactKey, maxUnits: z.number().int().positive(), unit: z.string() })
  .strict();
export type FeeShare = z.infer<typeof schema>;

export const feeShare: Mechanism<FeeShare> = {
  compute(f, p) {
    const fee = num(p, f.fee);
    const units = num(p, f.units);
    const missing = [...(units === undefined ? [f.units] : []), ...(fee === undefined ? [f.fee] : [])];
    if (missing.length) {
      const max = fee !== undefined ? percentOf(mulFen(yuanToFen(fee), f.maxUnits), f.rate) : undefined;
      return pending(missing, {
        text: `最高按${factLabel(f.fee)}的${P(f.rate)}，不超过${f.maxUnits}${f.unit}`,
        basis: `${factLabel(f.fee)} × ${P(f.rate)}`,
        trace: [],
        upTo: true,
        min: 0,
        ...(max !== undefined ? { max: yuan(max) } : {}),
      });
    }
    const n = whole(units!);
    if (n === 0) return zeroOf(f.units, units!);
    const counted = Math.min(n, f.maxUnits);
    const fen = percentOf(mulFen(yuanToFen(fee!), counted), f.rate);
    const over = n > f.maxUnits ? `${n}${f.unit}，按${f.maxUnits}${f.unit}计；` : "";
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: `最高${F(fen)}`,
        basis: `${counted}${f.unit} × ${Y(fee!)} × ${P(f.rate)}`,
        trace: [`${over}${counted}${f.unit} × ${Y(fee!)} × ${P(f.rate)} = ${F(fen)}`],
        upTo: true,
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    pct(out, "rate", f.rate);
    count(out, "maxUnits", f.maxUnits, f.unit);
    return out;
  },
  facts: (f) => [f.fee, f.units],
};
