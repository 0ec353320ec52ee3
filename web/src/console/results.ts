import type { ClauseDialog } from "../components/clauseDialog.js";
import { matchCard } from "../components/matchCard.js";
import { isOutOfForce, statusBadge } from "../components/status.js";
import { h } from "../lib/dom.js";
import type { Match } from "../lib/types.js";

/**
 * One line per rule — status, what it is, the amount, the period — so the
 * operator sees money without opening anything; the line opens to the full card.
 */
export function resultRow(m: Match, dialog: ClauseDialog): HTMLElement {
  const off = isOutOfForce(m.status);
  const title = m.title.startsWith(m.docTitle) ? m.article : m.title;
  const amount = m.amount?.text;
  const source = h(
    "button",
    { type: "button", class: "btn btn--ghost btn--small", "aria-haspopup": "dialog", "aria-label": `查看原文：《${m.docTitle}》${m.article}` },
    "查看原文",
  );
  source.addEventListener("click", () => void dialog.open({ clauseId: m.clauseId, quote: m.quote, fallback: { docTitle: m.docTitle, article: m.article, text: m.quote } }, source));
  return h(
    "li",
    { class: `result result--${m.status}${off ? " result--off" : ""}` },
    h(
      "details",
      null,
      h(
        "summary",
        { class: "result-line" },
        statusBadge(m.status),
        h("span", { class: "result-title" }, title, h("span", { class: "result-doc" }, `《${m.docTitle}》${m.article}`)),
        h("strong", { class: "result-amount" }, amount ? (off ? `原定${amount}（仅供参考）` : amount) : "—"),
        m.validity && h("span", { class: "result-validity" }, m.validity.inForce ? m.validity.text : "已失效"),
      ),
      matchCard(m),
      h("p", { class: "result-actions" }, source),
    ),
  );
}
