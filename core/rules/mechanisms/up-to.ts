import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { F, money, named, num, Y, yuan, Yuan, type Mechanism, type RuleNumber } from "./kit.js";

/** 给予不超过100万元的一次性奖励 — a ceiling with no base to compute from. */
export const schema = z.object({ kind: z.literal("upTo"), cap: Yuan, base: FactKey.optional() }).strict();
export type UpTo = z.infer<typeof schema>;

export const upTo: Mechanism<UpTo> = {
  compute(f, p) {
    const cap = yuanToFen(f.cap);
    const base = num(p, f.base);
    if (f.base && base !== undefined) {
      // "按其实际投入给予…不超过50万元": the award cannot exceed what was spent either.
      const fen = minFen(yuanToFen(base), cap);
      const label = factLabel(f.base);
      return {
        missing: [],
        amount: {
          yuan: yuan(fen),
          text: `不超过${F(fen)}`,
          basis: `按${label}${Y(base)}，上限${F(cap)}`,
          trace: [`按${label}${Y(base)}给予，不超过${F(cap)} → 最多${F(fen)}`],
          upTo: true,
          min: 0,
          max: yuan(fen),
        },
      };
    }
    return { missing: [], amount: { yuan: yuan(cap), text: `不超过${F(cap)}`, basis: "上限", trace: [`文件规定上限${F(cap)}，具体金额经评审确定`], upTo: true, min: 0, max: yuan(cap) } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => named(f.base),
};
