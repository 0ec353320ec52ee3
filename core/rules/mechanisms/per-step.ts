import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, mulFen, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { dimOfFact } from "./dims.js";
import { F, factNumber, money, num, pending, V, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/**
 * 每满一万人奖励一万元: whole steps of the base, each paid the same. With `from`
 * (超过1.7亿元的，每超过1亿元…), only the part of the base above it is stepped.
 */
export const schema = z
  .object({ kind: z.literal("perStep"), base: FactKey, step: z.number().positive(), amount: z.number().positive(), from: z.number().positive().optional(), cap: z.number().nonnegative().optional() })
  .strict();
export type PerStep = z.infer<typeof schema>;

export const perStep: Mechanism<PerStep> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const v = num(p, f.base);
    const each = yuanToFen(f.amount);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    const over = f.from !== undefined ? `超过${V(f.base, f.from)}的部分` : "";
    if (v === undefined) return pending([f.base], { text: `${label}${over}每满${V(f.base, f.step)}给予${F(each)}${cap !== undefined ? `，最高${F(cap)}` : ""}`, basis: "按步长", trace: [], min: 0, ...(f.cap !== undefined ? { max: f.cap } : {}) });
    const steps = Math.floor(Math.max(0, v - (f.from ?? 0)) / f.step + 1e-9);
    if (steps === 0) return zeroOf(f.base, v);
    const raw = mulFen(each, steps);
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    return {
      missing: [],
      amount: { yuan: yuan(fen), text: F(fen), basis: `${steps} × ${F(each)}`, trace: [`${label}${V(f.base, v)}，${f.from !== undefined ? `超过${V(f.base, f.from)}的部分${V(f.base, v - f.from)}，` : ""}满${steps}个${V(f.base, f.step)} → ${steps} × ${F(each)} = ${F(raw)}${fen < raw ? `；上限${F(cap!)}` : ""}`] },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    factNumber(out, "amount.step", f.base, f.step, dimOfFact);
    factNumber(out, "amount.from", f.base, f.from, dimOfFact);
    money(out, "amount", f.amount);
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => [f.base],
};
