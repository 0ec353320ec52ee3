import { z } from "zod";
import { factLabel } from "../describe.js";
import { yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { F, money, pending, yuan, type Mechanism, type RuleNumber } from "./kit.js";

/** 国家级、省级、市级分别给予100万元、50万元、30万元: the amount is looked up by a category the document names. */
export const schema = z
  .object({
    kind: z.literal("lookup"),
    fact: FactKey,
    options: z.array(z.object({ value: z.string().min(1), amount: z.number().nonnegative() }).strict()).min(2),
  })
  .strict();
export type Lookup = z.infer<typeof schema>;

export const lookup: Mechanism<Lookup> = {
  compute(f, p) {
    const v = p[f.fact];
    const table = f.options.map((o) => `${o.value}：${F(yuanToFen(o.amount))}`);
    const hit = typeof v === "string" ? f.options.find((o) => o.value === v) : undefined;
    if (!hit) {
      const amounts = f.options.map((o) => o.amount);
      return pending([f.fact], { text: table.join("；"), basis: `按${factLabel(f.fact)}`, trace: table, min: Math.min(...amounts), max: Math.max(...amounts) });
    }
    const fen = yuanToFen(hit.amount);
    return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: `${hit.value}`, trace: [`${factLabel(f.fact)}为“${hit.value}” → ${F(fen)}`] } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.options.forEach((o, i) => money(out, `options[${i}].amount`, o.amount));
    return out;
  },
  facts: (f) => [f.fact],
};
