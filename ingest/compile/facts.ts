import { COMPILED_PREFIX, type FactDef, type FactType } from "../../core/facts/registry.js";

/** A fact as a clause names it: its phrase and the unit its numbers are written in. */
export interface FactSpec {
  phrase: string;
  type: FactType;
  /** Measure word of a count ("件", "人", "平方米"). */
  measure?: string;
  /** The values a category fact can take (国家级、省级、市级). */
  options?: string[];
}

const unitTag = (s: FactSpec): string =>
  s.type === "money" ? "元" : s.type === "usd" ? "美元" : s.type === "percent" ? "%" : s.type === "boolean" ? "是否" : s.type === "text" ? "类别" : s.type === "years" ? "年" : s.type === "months" ? "月" : (s.measure ?? "个");

/** The fact's key: the same phrase and unit in any document is the same fact. */
export const keyOf = (s: FactSpec): string => `${COMPILED_PREFIX}${s.phrase}:${unitTag(s)}`;

const STATEMENT = /^(?:无|没有|未|不|已|正在|拥有|具有|具备|属于|获得|取得|通过|进入|纳入|列入|入选|开展|设立|建立|参与|被|在|落户|应用|开发|维持|帮助|服务)/;

/** Follow-up questions are generated from the phrase and the unit, as the document words them. */
function question(s: FactSpec): string {
  switch (s.type) {
    case "money":
      return `${s.phrase}是多少（万元）？`;
    case "usd":
      return `${s.phrase}是多少（万美元）？`;
    case "percent":
      return `${s.phrase}是多少（%）？`;
    case "boolean":
      // A statement of what the applicant has or did reads as a question of its own: 贵单位是否拥有…？
      return STATEMENT.test(s.phrase) ? `贵单位是否${s.phrase.replace(/^是/, "")}？` : `贵单位是否属于“${s.phrase}”？`;
    case "text":
      return `${s.phrase}属于哪一类（${(s.options ?? []).join("、")}）？`;
    case "years":
      return `${s.phrase}是几年？`;
    case "months":
      return `${s.phrase}是几个月？`;
    default:
      return `${s.phrase}有多少${s.measure ?? "个"}？`;
  }
}

export function defOf(s: FactSpec): FactDef {
  return {
    key: keyOf(s),
    type: s.type,
    label: s.phrase,
    question: question(s),
    group: "条款事实",
    phrases: [s.phrase, ...(s.options ?? [])],
    compiled: true,
    ...(s.measure ? { unit: s.measure } : {}),
  };
}
