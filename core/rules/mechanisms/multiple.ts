import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { count, F, money, num, pending, V, yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 按月租金的3倍进行补助: a whole multiple of a stated amount. */
export const schema = z.object({ kind: z.literal("multiple"), base: FactKey, times: z.number().positive(), cap: z.number().nonnegative().optional() }).strict();
export type Multiple = z.infer<typeof schema>;

export const multiple: Mechanism<Multiple> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const v = num(p, f.base);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    if (v === undefined) return pending([f.base], { text: `按${label}的${f.times}倍${cap !== undefined ? `，最高${F(cap)}` : ""}`, basis: `${label} × ${f.times}`, trace: [], min: 0 });
    const raw = (yuanToFen(v) * BigInt(Math.round(f.times * 100))) / 100n;
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    if (fen === 0n) return zeroOf(f.base, v);
    return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: `${V(f.base, v)} × ${f.times}`, trace: [`${V(f.base, v)} × ${f.times}倍 = ${F(raw)}${fen < raw ? `；上限${F(cap!)}` : ""}`] } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    count(out, "times", f.times);
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => [f.base],
};
