import { z } from "zod";
import { FactKey } from "../../core/rules/fact-key.js";
import { MECHANISM_SCHEMAS } from "../../core/rules/mechanisms/index.js";
import { Percent, Yuan } from "../../core/rules/mechanisms/kit.js";

/**
 * The editor's form for each mechanism, generated from that mechanism's zod schema: one field per
 * property, typed by the schema (a fact, a sum in 元 entered in 万元, a percentage, a count, a
 * yes/no, a choice, or a list written as JSON), with a Chinese label. A new mechanism gets a form
 * without any change here; a label missing below shows the property's name.
 */

export const FieldKind = z.enum(["fact", "money", "percent", "number", "integer", "boolean", "choice", "text", "json"]);
export const MechanismField = z.object({ name: z.string(), label: z.string(), kind: FieldKind, optional: z.boolean(), options: z.array(z.string()).optional() }).strict();
export const MechanismForm = z.object({ kind: z.string(), label: z.string(), fields: z.array(MechanismField) }).strict();
export type MechanismForm = z.infer<typeof MechanismForm>;

const KIND_LABELS: Record<string, string> = {
  fixed: "定额",
  upTo: "最高不超过",
  rate: "比例×基数（可封顶）",
  perPeriod: "按年/按月",
  perUnit: "按件/按台/按人单价",
  perHeads: "按人头分类单价合计",
  onceplusRecurring: "一次性+逐年",
  feeShare: "费用比例（限数量）",
  approx: "约数（左右）",
  staged: "分阶段",
  unspecified: "未定额（一事一议）",
  costShare: "财政分担（不计金额）",
  qualification: "资格认定（不计金额）",
  tiers: "门槛档位",
  range: "金额区间",
  rateRange: "比例区间",
  perStep: "每满N给予",
  excess: "超出部分按比例",
  multiple: "倍数",
  lookup: "按类别",
  marginal: "超额累进",
  areaRent: "按面积租金",
};

const FIELD_LABELS: Record<string, string> = {
  amount: "金额",
  once: "一次性（或一次性金额）",
  cap: "上限",
  base: "计算基数（事实）",
  rate: "比例（%）",
  upTo: "比例或金额为上限",
  fx: "汇率（事实）",
  period: "周期",
  periods: "期数（事实）",
  maxPeriods: "最多期数",
  periodCap: "每期上限",
  totalCap: "累计上限",
  heads: "人数（事实）",
  headUnit: "人数单位",
  steps: "逐年比例（JSON）",
  count: "数量（事实）",
  unit: "计量单位",
  price: "单价（事实）",
  unitCap: "单件上限",
  yearlyCap: "每年上限",
  maxYears: "最多年数",
  maxUnits: "最多件数",
  maxUnitsFor: "件数上限适用于（事实）",
  perEach: "按每个（事实）分别封顶",
  eachUnit: "每个的单位",
  shareOf: "占比基数（事实）",
  note: "说明",
  outcome: "认定结果",
  tiers: "档位（JSON）",
  rateBase: "比例基数（事实）",
  min: "最低金额",
  max: "最高金额",
  recurring: "逐年金额",
  years: "年数",
  stages: "阶段（JSON）",
  shares: "分担（JSON）",
  options: "类别与金额（JSON）",
  fact: "事实",
};

const unwrap = (t: z.ZodType): { inner: z.ZodType; optional: boolean } => {
  let inner = t;
  let optional = false;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) {
    optional = true;
    inner = (inner as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
  }
  return { inner, optional };
};

function fieldOf(kind: string, name: string, t: z.ZodType): z.infer<typeof MechanismField> {
  const { inner, optional } = unwrap(t);
  const base = { name, label: FIELD_LABELS[name] ?? name, optional };
  if (inner === FactKey) return { ...base, kind: "fact" };
  if (inner === Yuan) return { ...base, kind: "money" };
  if (inner === Percent) return { ...base, kind: "percent" };
  // Plain numbers: sums of money by their name (in 元, entered in 万元), a rate range's ends are percentages.
  if (inner instanceof z.ZodNumber && kind === "rateRange" && (name === "min" || name === "max")) return { ...base, kind: "percent" };
  if (inner instanceof z.ZodNumber) return { ...base, kind: inner.isInt ? "integer" : /cap$|^cap|amount|^once$|recurring|^min$|^max$|^price$/i.test(name) ? "money" : "number" };
  if (inner instanceof z.ZodBoolean) return { ...base, kind: "boolean" };
  if (inner instanceof z.ZodEnum) return { ...base, kind: "choice", options: inner.options.map(String) };
  if (inner instanceof z.ZodString) return { ...base, kind: "text" };
  return { ...base, kind: "json" };
}

/** Every mechanism of the engine with its form, in the engine's order. */
export function mechanismForms(): MechanismForm[] {
  return MECHANISM_SCHEMAS.map((s) => {
    const kind = String((s.shape.kind as z.ZodLiteral<string>).value);
    const fields = Object.entries(s.shape as Record<string, z.ZodType>)
      .filter(([name]) => name !== "kind")
      .map(([name, t]) => fieldOf(kind, name, t));
    return { kind, label: KIND_LABELS[kind] ?? kind, fields };
  });
}
