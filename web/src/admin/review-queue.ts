import { clear, h } from "../lib/dom.js";
import { highlightQuote } from "../lib/highlight.js";
import { adminApi } from "./admin-api.js";
import { openEditor } from "./rule-editor.js";

/**
 * The review queue: per document, every money sentence with its state (自动编译未审核, 已审核,
 * 仅引用 with the compiler's reason, 未通过校验), filterable and counted (已审核 12/15). Each card
 * opens with the rule in plain words, its origin and its checks; 编辑 / 为此句写规则 open the editor.
 */

const STATE_LABEL: Record<string, string> = { compiled: "自动编译（未审核）", reviewed: "已审核", "quote-only": "仅引用原文", refused: "未通过校验" };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export async function mountReviewQueue(): Promise<void> {
  const docSel = $<HTMLSelectElement>("review-doc");
  const stateSel = $<HTMLSelectElement>("review-state");
  const { policies } = await (await fetch("/api/policies")).json();
  const current = docSel.value;
  clear(docSel);
  for (const p of policies) docSel.append(h("option", { value: p.id, selected: p.id === current }, p.title));
  if (!docSel.dataset.bound) {
    docSel.dataset.bound = "1";
    docSel.addEventListener("change", () => void showQueue());
    stateSel.addEventListener("change", () => void showQueue());
  }
  await showQueue();
}

async function showQueue(): Promise<void> {
  const list = $("review-list");
  const counts = $("review-counts");
  const docId = $<HTMLSelectElement>("review-doc").value;
  const state = $<HTMLSelectElement>("review-state").value;
  if (!docId) return;
  let doc: any;
  try {
    doc = (await adminApi<any>(`/admin/api/review?docId=${encodeURIComponent(docId)}`)).docs[0];
  } catch (e) {
    clear(list);
    list.append(h("p", { class: "admin-status error" }, (e as Error).message));
    return;
  }
  counts.textContent = `${doc.label}（自动编译未审核 ${doc.counts.compiled}，仅引用 ${doc.counts.quoteOnly}，未通过校验 ${doc.counts.refused}）`;
  clear(list);
  const items = doc.items.filter((i: any) => !state || i.state === state);
  for (const item of items) list.append(card(item));
  if (!items.length) list.append(h("p", null, "没有符合筛选的条款"));
}

function card(item: any): HTMLElement {
  const checks = item.checks.length ? h("ul", { class: "checks fail" }, ...item.checks.map((c: string) => h("li", null, `✗ ${c}`))) : item.ruleId ? h("p", { class: "checks pass" }, "✓ 出处校验通过（引文逐字在条款中，每个数字都在引文中）") : null;
  const reviewed = item.reviewed ? `（${item.reviewed.by}，${item.reviewed.at}）` : "";
  return h(
    "article",
    { class: `admin-rule review-item ${item.state}`, "data-state": item.state, "data-article": item.article, ...(item.ruleId ? { "data-rule": item.ruleId } : {}) },
    h("h3", { class: "rule-summary" }, h("span", { class: `badge ${item.state}` }, STATE_LABEL[item.state] ?? item.state), item.summary ?? `“${item.text}”`),
    h("p", null, `${item.article}${reviewed}`, item.clause?.page ? ` · 第${item.clause.page}页` : ""),
    item.reason ? h("p", { class: "reason" }, `原因：${item.reason}`) : null,
    checks,
    h("div", { class: "clause" }, ...highlightQuote(item.clause?.text ?? "（条款不存在）", item.text)),
    h(
      "div",
      { class: "admin-row" },
      h("button", { type: "button", class: "edit-btn", onclick: () => edit(item) }, item.ruleId ? "编辑规则" : "为此句写规则"),
    ),
  );
}

function edit(item: any): void {
  const root = $("rule-editor");
  void openEditor(root, { docId: $<HTMLSelectElement>("review-doc").value, article: item.article, title: item.rule?.title ?? item.clause?.heading ?? "", text: item.text, clause: item.clause?.text ?? item.text, rule: item.rule }, (message) => {
    const s = $("review-status");
    s.textContent = message;
    s.className = "admin-status ok";
    void showQueue();
  }).catch((e) => {
    const s = $("review-status");
    s.textContent = (e as Error).message;
    s.className = "admin-status error";
  });
}
