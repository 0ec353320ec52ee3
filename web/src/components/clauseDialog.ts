import type { Api } from "../lib/api.js";
import { append, clear, h, uid } from "../lib/dom.js";
import { highlightQuote } from "../lib/highlight.js";
import type { ClauseResponse } from "../lib/types.js";

export interface ClauseRequest {
  clauseId?: string;
  quote?: string;
  /** Shown when the clause cannot be fetched: what the answer itself carried. */
  fallback?: { docTitle: string; article: string; text: string };
}

/**
 * The verbatim source of a citation, in a modal <dialog> (native focus trap
 * and Esc). Focus goes back to the citation that opened it.
 */
export class ClauseDialog {
  readonly el: HTMLDialogElement;
  private readonly body: HTMLElement;
  private readonly titleId = uid("clause-title");
  private opener: HTMLElement | null = null;
  private seq = 0;

  constructor(private readonly api: Api) {
    this.body = h("div", { class: "clause-body", tabindex: "-1" });
    const close = h("button", { type: "button", class: "btn btn--ghost clause-close", onclick: () => this.el.close() }, "关闭");
    this.el = h("dialog", { class: "clause-dialog", "aria-labelledby": this.titleId }, this.body, h("div", { class: "clause-actions" }, close));
    this.el.addEventListener("close", () => {
      this.opener?.focus();
      this.opener = null;
    });
    // A click on the backdrop (outside the box) closes, as users expect.
    this.el.addEventListener("click", (e) => {
      if (e.target === this.el) this.el.close();
    });
  }

  async open(req: ClauseRequest, opener: HTMLElement | null): Promise<void> {
    this.opener = opener ?? this.opener;
    const seq = ++this.seq;
    clear(this.body);
    this.body.append(h("h2", { id: this.titleId, class: "clause-doc" }, req.fallback?.docTitle ?? "政策原文"), h("p", { class: "muted" }, "正在载入原文…"));
    if (!this.el.open) this.el.showModal();
    let data: ClauseResponse | null = null;
    if (req.clauseId) {
      try {
        data = await this.api.clause(req.clauseId);
      } catch {
        data = null;
      }
    }
    if (seq !== this.seq) return;
    clear(this.body);
    if (data) this.renderClause(data, req.quote);
    else if (req.fallback) this.renderFallback(req.fallback, req.quote);
    else this.body.append(h("h2", { id: this.titleId, class: "clause-doc" }, "政策原文"), h("p", null, "原文暂时无法载入，请稍后再试。"));
    this.body.focus();
  }

  private renderClause({ clause, doc, prev, next }: ClauseResponse, quote?: string): void {
    const valid = validity(doc);
    append(this.body, [
      h("h2", { id: this.titleId, class: "clause-doc" }, `《${doc.title}》`),
      h(
        "dl",
        { class: "clause-meta" },
        meta("发文机关", doc.issuer),
        meta("文号", doc.docNumber),
        meta("发布日期", doc.published),
        meta("有效期", period(doc.validFrom, doc.validTo)),
        h("div", null, h("dt", null, "状态"), h("dd", null, h("span", { class: `badge badge--${valid.cls}` }, valid.text))),
      ),
      clause.headings?.length ? h("p", { class: "clause-path" }, clause.headings.join(" › ")) : null,
      h("h3", { class: "clause-article" }, clause.article),
      h("p", { class: "clause-text", tabindex: "-1" }, highlightQuote(clause.text, quote)),
      (prev || next) &&
        h(
          "nav",
          { class: "clause-nav", "aria-label": "相邻条款" },
          prev && this.navButton("上一条", prev.id, prev.article),
          next && this.navButton("下一条", next.id, next.article),
        ),
    ]);
  }

  private renderFallback(f: NonNullable<ClauseRequest["fallback"]>, quote?: string): void {
    this.body.append(
      h("h2", { id: this.titleId, class: "clause-doc" }, `《${f.docTitle}》`),
      h("h3", { class: "clause-article" }, f.article),
      h("p", { class: "clause-text", tabindex: "-1" }, highlightQuote(f.text, quote)),
    );
  }

  private navButton(label: string, id: string, article?: string): HTMLElement {
    return h(
      "button",
      { type: "button", class: "btn btn--ghost", onclick: () => void this.open({ clauseId: id }, null) },
      article ? `${label}：${article}` : label,
    );
  }
}

function meta(term: string, value: string | undefined): HTMLElement | null {
  return value ? h("div", null, h("dt", null, term), h("dd", null, value)) : null;
}

function period(from?: string, to?: string): string | undefined {
  if (!from && !to) return undefined;
  return `${from ?? "未注明"} 至 ${to ?? "未注明"}`;
}

function validity(doc: ClauseResponse["doc"]): { text: string; cls: string } {
  const today = new Date().toISOString().slice(0, 10);
  const inForce = doc.inForce ?? (doc.validTo ? today <= doc.validTo && (!doc.validFrom || today >= doc.validFrom) : undefined);
  if (inForce === true) return { text: "现行有效", cls: "eligible" };
  if (inForce === false) return { text: doc.validTo && today > doc.validTo ? "已失效" : "尚未施行", cls: "ineligible" };
  return { text: "有效期未注明", cls: "needs_info" };
}
