import type { Match, TermsStatus } from "../../core/rules/match.js";
import { fenToYuan, formatFen, formatYuan, yuanToFen } from "../../core/rules/money.js";
import type { Citations } from "./citations.js";
import type { ChatResponse } from "./schema.js";

/**
 * Answer text. Every figure written here is either the engine's computed
 * amount (with its trace) or a verbatim quote; nothing is rephrased into a
 * new number.
 */

const STATUS_LEAD: Record<Match["status"], string> = {
  eligible: "符合条件",
  needs_info: "尚需补充信息",
  ineligible: "暂不符合条件",
  expired: "已失效",
  not_yet: "尚未生效",
};

/** What the conditions alone would give an out-of-force rule, in words (for reference). */
const TERMS_WORDS: Record<TermsStatus, string> = {
  eligible: "按原定条件符合",
  needs_info: "按原定条件尚需补充信息",
  ineligible: "按原定条件也不符合",
};

/** What an out-of-force provision provided, marked for reference only: "原定标准为200万元，仅供参考". */
function provided(m: Match): string {
  if (m.amount?.text) return `原定标准为${m.amount.text}，仅供参考`;
  if (m.outcome) return `原定为${m.outcome}，仅供参考`;
  return "原定内容仅供参考";
}

/** One line per provision for the opening summary. */
export function headline(m: Match): string {
  // Validity before money: the status says it is out of force before any figure.
  if (m.validity?.inForce === false) return `**${m.title}**：${STATUS_LEAD[m.status]}，不能据此申报；${provided(m)}`;
  if (m.lapsed) return `**${m.title}**：${STATUS_LEAD[m.status]}（${m.failed[0]}）`;
  const amount = m.amount?.text ? `，${m.amount.text}` : m.outcome ? `，${m.outcome}` : "";
  // Status, amount and validity on one line: the conclusion a phone's first screen shows.
  const period = m.validity ? `（${m.validity.text}）` : "";
  return `**${m.title}**：${STATUS_LEAD[m.status]}${amount}${period}`;
}

/** General conditions listed in the text of one provision; all of them stay in `matches[].general`. */
export const GENERAL_SHOWN = 6;

/** One provision: conclusion, computation, conditions, with citation marks. */
export function matchSection(m: Match, cites: Citations): string[] {
  const mark = cites.mark(m.clauseId, m.quote);
  const lines: string[] = [];
  lines.push(`### ${m.title}（《${m.docTitle}》${m.article}）${mark}`);
  if (m.validity?.inForce === false) {
    lines.push(`**结论：${m.validity!.text}，不能据此申报**${mark}`);
    const terms = m.validity!.onTerms === "ineligible" && m.failed.length ? `${TERMS_WORDS.ineligible}（${m.failed.join("；")}）` : TERMS_WORDS[m.validity!.onTerms ?? "eligible"];
    lines.push(`- ${provided(m)}；${terms}`);
  } else if (m.status === "eligible") {
    lines.push(m.amount?.text ? `**结论：符合条件，可获${m.amount.text}**${mark}` : `**结论：符合条件**${m.outcome ? `，${m.outcome}` : ""}${mark}`);
  } else if (m.status === "needs_info") {
    const what = m.missingLabels.length ? `还需确认：${m.missingLabels.join("、")}` : "还需补充信息";
    lines.push(`**结论：${what}**${m.amount?.text ? `；按文件规定${m.amount.text}` : m.outcome ? `；满足条件：${m.outcome}` : ""}${mark}`);
  } else {
    const reference = m.lapsed && m.amount?.text ? `（按原定标准为${m.amount.text}，仅供参考）` : "";
    lines.push(`**结论：暂不符合条件**——${m.failed.join("；")}${reference}${mark}`);
  }
  if (m.amount?.trace.length) lines.push(`- 计算：${m.amount.trace.join("；")}`);
  if (m.amount?.schedule && m.amount.schedule.length > 1) lines.push(`- 分年/分期：${m.amount.schedule.map((s) => `${s.label}${s.upTo ? "不超过" : ""}${formatSchedule(s.yuan)}`).join("，")}`);
  if (m.reasons.length) lines.push(`- 已满足：${m.reasons.join("；")}`);
  if (m.status !== "ineligible" && m.validity?.inForce !== false && m.failed.length) lines.push(`- 未满足：${m.failed.join("；")}`);
  // A document's condition list can run to twenty items; the answer names the first few, the response carries all.
  // Out of force there is nothing to apply for: the application conditions are not listed.
  if (m.general.length && m.validity?.inForce !== false) lines.push(`- 申请时还须符合：${m.general.slice(0, GENERAL_SHOWN).join("；")}${m.general.length > GENERAL_SHOWN ? `等共${m.general.length}项` : ""}`);
  lines.push(`- 原文：“${m.quote}”${mark}`);
  for (const ref of m.failedRefs ?? []) lines.push(`- 条件原文：“${ref.quote}”${cites.mark(ref.clauseId, ref.quote)}`);
  if (m.origin === "compiled" && (m.amount?.yuan !== undefined || m.amount?.max !== undefined)) lines.push("- 说明：按条款文字自动测算，以主管部门审核为准");
  // Who vouched for the number: the policy office reviewed this rule on /admin.
  if (m.origin === "reviewed") lines.push(`- 说明：计算规则已审核${m.reviewedAt ? `（${m.reviewedAt}）` : ""}`);
  return lines;
}

const formatSchedule = (yuan: number) => formatYuan(yuan);

export function bullets(title: string, items: readonly string[]): string[] {
  return items.length ? [`**${title}**`, ...items.map((i) => `- ${i}`)] : [];
}

/**
 * "三年分别能拿多少？合计多少？": the sum of the computed awards listed, each as the engine computed it (a
 * schedule counts whole: 12万元/年 for 3年 adds 36万元). Only awards that hold (eligible, counted within their
 * 从优 group, a figure not a range); fewer than two, nothing to add up. When every award listed is of a
 * policy out of force, what its terms would pay adds up for reference only (`reference`).
 */
export function totalOf(shown: readonly Match[]): { line: string; total: NonNullable<ChatResponse["total"]> } | undefined {
  const sums = (m: Match) => m.amount?.yuan !== undefined && !m.amount.approximate && m.exclusive?.counts !== false;
  const live = shown.filter((m) => m.status === "eligible" && sums(m));
  // Only policies out of force listed: their awards add up for reference (仅供参考), never mixed with ones in force.
  const lapsed = shown.filter((m) => m.validity?.inForce === false && m.validity.onTerms === "eligible" && sums(m));
  const reference = live.length === 0 && lapsed.length === shown.filter((m) => m.amount?.yuan !== undefined).length;
  const parts = (reference ? lapsed : live).map((m) => ({ m, fen: m.amount!.schedule?.length ? m.amount!.schedule.reduce((a, s) => a + yuanToFen(s.yuan), 0n) : yuanToFen(m.amount!.yuan!) }));
  if (parts.length < 2) return undefined;
  const sum = parts.reduce((a, p) => a + p.fen, 0n);
  const upTo = parts.some((p) => p.m.amount!.upTo);
  const text = formatFen(sum);
  const sumLine = `${parts.map((p) => formatFen(p.fen)).join(" + ")} = ${text}`;
  return {
    line: reference
      ? `**按原定标准合计${upTo ? "最高" : ""}：${sumLine}**（政策已失效，仅供参考）`
      : `**合计${upTo ? "最高" : ""}：${sumLine}**（以上${parts.length}项相加，各项以主管部门核定为准）`,
    total: { yuan: fenToYuan(sum), text, ruleIds: parts.map((p) => p.m.ruleId), ...(upTo ? { upTo } : {}), ...(reference ? { reference } : {}) },
  };
}
