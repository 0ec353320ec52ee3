import { h, type Child } from "../lib/dom.js";
import type { Match } from "../lib/types.js";
import { scheduleChart } from "./scheduleChart.js";
import { isOutOfForce, sortMatches, statusBadge, STATUS_TEXT } from "./status.js";

/** One rule's verdict: status, amount and how it was computed, and why. */
export function matchCard(m: Match): HTMLElement {
  const missing = m.missingLabels?.length ? m.missingLabels : (m.missing ?? []);
  const amount = m.amount;
  const off = isOutOfForce(m.status);
  return h(
    "article",
    { class: `match match--${m.status}${off ? " match--out-of-force" : ""}`, "aria-label": `${STATUS_TEXT[m.status]}：${m.docTitle} ${m.article}` },
    h(
      "header",
      { class: "match-head" },
      statusBadge(m.status),
      h("h4", { class: "match-title" }, `《${m.docTitle}》`, h("span", { class: "match-article" }, m.article)),
    ),
    // Validity before money: out of force, the dates come above any amount.
    validityLine(m),
    amount &&
      h(
        "div",
        { class: "match-amount" },
        h("span", { class: "match-amount-label" }, off ? "原定标准（仅供参考）" : m.charge ? "收费上限（不是补贴）" : m.status === "eligible" ? "可获支持" : "测算金额"),
        h("strong", { class: "match-amount-value" }, amount.text),
        amount.basis && h("span", { class: "match-basis" }, `计算依据：${amount.basis}`),
      ),
    amount?.schedule && amount.schedule.length > 1 && h("div", { class: "match-chart" }, scheduleChart(amount.schedule)),
    // A bare `length &&` would render an empty trace as a stray "0".
    (amount?.trace?.length ?? 0) > 0 &&
      h("details", { class: "match-trace" }, h("summary", null, "计算过程"), h("ol", null, amount!.trace.map((t) => h("li", null, t)))),
    conditions(m, missing),
    m.quote && h("blockquote", { class: "match-quote" }, h("span", { class: "zct-sr" }, "政策原文："), m.quote),
  );
}

/** "该政策已于2025年12月31日失效（…）" out of force; "有效期至…" in force. */
function validityLine(m: Match): Child {
  const v = m.validity;
  if (!v) return null;
  return h("p", { class: `match-validity${v.inForce ? "" : " match-validity--off"}` }, v.inForce ? v.text : `${v.text}，不能据此申报`);
}

function conditions(m: Match, missing: string[]): Child {
  const items: Child[] = [
    (m.reasons ?? []).map((r) => h("li", { class: "cond cond--ok" }, h("span", { class: "cond-tag" }, "已满足"), r)),
    (m.failed ?? []).map((r) => h("li", { class: "cond cond--fail" }, h("span", { class: "cond-tag" }, "不满足"), r)),
    missing.map((r) => h("li", { class: "cond cond--missing" }, h("span", { class: "cond-tag" }, "待补充"), r)),
    (m.general ?? []).map((r) => h("li", { class: "cond cond--general" }, h("span", { class: "cond-tag" }, "申报要求"), r)),
    (m.notices ?? []).map((r) => h("li", { class: "cond cond--notice" }, h("span", { class: "cond-tag" }, "提示"), r)),
  ];
  return items.flat().length ? h("ul", { class: "match-conds", "aria-label": "条件核对" }, items) : null;
}

/**
 * All verdicts, in reading order; ineligible ones folded away so the
 * operator's eye lands on money that can actually be claimed.
 */
export function matchList(matches: Match[], opts: { foldIneligible?: boolean } = {}): HTMLElement {
  const sorted = sortMatches(matches);
  const open = sorted.filter((m) => m.status !== "ineligible" || !opts.foldIneligible);
  const folded = opts.foldIneligible ? sorted.filter((m) => m.status === "ineligible") : [];
  // Out-of-force cards stay open (a question about an expired policy must see it), after those in force.
  return h(
    "div",
    { class: "match-list" },
    open.map(matchCard),
    folded.length > 0 &&
      h(
        "details",
        { class: "match-folded" },
        h("summary", null, `不符合的政策（${folded.length}项）`),
        folded.map(matchCard),
      ),
  );
}
