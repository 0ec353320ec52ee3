import { z } from "zod";
import { addFen, minFen, percentOf, yuanToFen } from "../money.js";
import { F, money, pct, Y, yuan, Yuan, type Mechanism, type RuleNumber } from "./kit.js";

/** 立项后30万元，验收合格后不超过70万元，每项不超过100万元 */
export const schema = z
  .object({
    kind: z.literal("staged"),
    stages: z.array(z.object({ label: z.string(), amount: Yuan, upTo: z.boolean().default(false) }).strict()).min(1),
    totalCap: Yuan,
    /** 企业知识产权投入不少于政府财政投入的200% */
    matchPercent: z.number().positive().optional(),
    /** Who must match what, in the document's words ("企业知识产权投入须不少于政府财政投入"); the percent follows. */
    matchText: z.string().min(1).optional(),
  })
  .strict();
export type Staged = z.infer<typeof schema>;
type Stage = Staged["stages"][number];

const stageText = (s: Stage) => `${s.label}${s.upTo ? "不超过" : ""}${Y(s.amount)}`;

export const staged: Mechanism<Staged> = {
  compute(f) {
    const cap = yuanToFen(f.totalCap);
    const sum = addFen(...f.stages.map((s) => yuanToFen(s.amount)));
    const total = minFen(sum, cap);
    const anyUpTo = f.stages.some((s) => s.upTo);
    const sure = addFen(...f.stages.filter((s) => !s.upTo).map((s) => yuanToFen(s.amount)));
    const confirm =
      f.matchPercent !== undefined
        ? [`${f.matchText ?? "企业投入须不少于政府财政投入"}的${f.matchPercent}%（按${F(total)}计，即不少于${F(percentOf(total, f.matchPercent))}）`]
        : [];
    return {
      missing: [],
      confirm,
      amount: {
        yuan: yuan(total),
        text: `${anyUpTo ? "不超过" : ""}${F(total)}（${f.stages.map(stageText).join("，")}）`,
        basis: "分期拨付",
        trace: [`${f.stages.map(stageText).join(" + ")} = ${anyUpTo ? "不超过" : ""}${F(sum)}；每项不超过${F(cap)}`, ...confirm],
        schedule: f.stages.map((s) => ({ label: s.label, yuan: s.amount, ...(s.upTo ? { upTo: true } : {}) })),
        ...(anyUpTo ? { upTo: true, min: yuan(sure), max: yuan(total) } : {}),
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.stages.forEach((s, i) => money(out, `stages[${i}].amount`, s.amount));
    money(out, "totalCap", f.totalCap);
    pct(out, "matchPercent", f.matchPercent);
    return out;
  },
  facts: () => [],
};
