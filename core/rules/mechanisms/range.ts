import { z } from "zod";
import { yuanToFen } from "../money.js";
import { F, money, type Mechanism, type RuleNumber } from "./kit.js";

/** 给予20万~100万元的资金资助 / 20万以上30万元以下: the document fixes only the bounds. */
export const schema = z.object({ kind: z.literal("range"), min: z.number().nonnegative(), max: z.number().positive() }).strict();
export type Range = z.infer<typeof schema>;

export const range: Mechanism<Range> = {
  compute(f) {
    const text = `${F(yuanToFen(f.min))}至${F(yuanToFen(f.max))}`;
    return { missing: [], amount: { text, basis: "区间", trace: [`文件规定${text}，具体金额经评审确定`], min: f.min, max: f.max } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "min", f.min);
    money(out, "max", f.max);
    return out;
  },
  facts: () => [],
};
