import { z } from "zod";
import { yuanToFen } from "../money.js";
import { F, money, yuan, Yuan, type Mechanism, type RuleNumber } from "./kit.js";

/** 给予100万元的一次性奖励 */
export const schema = z.object({ kind: z.literal("fixed"), amount: Yuan, once: z.boolean().default(true) }).strict();
export type Fixed = z.infer<typeof schema>;

export const fixed: Mechanism<Fixed> = {
  compute(f) {
    const fen = yuanToFen(f.amount);
    return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: "定额", trace: [`定额${F(fen)}${f.once ? "（一次性）" : ""}`] } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "amount", f.amount);
    return out;
  },
  facts: () => [],
};
