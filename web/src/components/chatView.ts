import type { Api } from "../lib/api.js";
import { copyText } from "../lib/copy.js";
import { h, uid } from "../lib/dom.js";
import { markdownToText, renderMarkdown } from "../lib/markdown.js";
import type { ChatResponse, Citation, Message, Profile } from "../lib/types.js";
import { ClauseDialog } from "./clauseDialog.js";
import { matchList } from "./matchCard.js";
import { ProfilePanel } from "./profilePanel.js";

export interface ChatViewOptions {
  api: Api;
  starters: string[];
  /** Facts the embedding site already knows (the widget's data-region). */
  baseProfile?: Profile;
  /** Where the clause dialog lives: document.body, or the widget's shadow root. */
  dialogParent: Node;
}

const MAX_LEN = 2000;

/**
 * The conversation: log, composer, understood-facts panel. The server is
 * stateless, so this keeps the whole history and sends it every turn.
 * Used by the chat page and, unchanged, inside the widget's shadow root.
 */
export class ChatView {
  readonly log: HTMLElement;
  readonly composer: HTMLFormElement;
  readonly profilePanel: ProfilePanel;
  private readonly input: HTMLTextAreaElement;
  private readonly send: HTMLButtonElement;
  private readonly dialog: ClauseDialog;
  /** Tells screen-reader users an answer is on its way (the streaming preview is hidden from them). */
  private readonly status = h("p", { class: "zct-sr", role: "status" });
  private readonly messages: Message[] = [];
  private profile: Profile;
  private busy = false;

  constructor(private readonly opts: ChatViewOptions) {
    this.profile = { ...opts.baseProfile };
    this.dialog = new ClauseDialog(opts.api);
    opts.dialogParent.appendChild(this.dialog.el);
    this.profilePanel = new ProfilePanel(opts.api, (p) => this.reask(p));
    this.profilePanel.update(this.profile);

    this.log = h("div", { class: "chat-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "对话记录" }, this.welcome());

    const inputId = uid("question");
    const counterId = uid("counter");
    this.input = h("textarea", {
      id: inputId,
      class: "composer-input",
      rows: 2,
      maxlength: MAX_LEN,
      "aria-label": "输入您的问题",
      "aria-describedby": counterId,
      placeholder: "请描述企业情况并提问，如“刚落户杭州的新电商企业，投资1000万元，能拿多少补贴？”",
    });
    const counter = h("span", { class: "composer-hint", id: counterId }, "Enter 发送，Shift+Enter 换行");
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.composer.requestSubmit();
      }
    });
    this.send = h("button", { type: "submit", class: "btn btn--primary composer-send" }, "发送");
    this.composer = h("form", { class: "composer", "aria-label": "提问" }, this.input, h("div", { class: "composer-bar" }, counter, this.send), this.status);
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) void this.ask(text);
    });
  }

  private welcome(): HTMLElement {
    return h(
      "div",
      { class: "welcome" },
      h("p", { class: "welcome-lead" }, "您好！我是政策通，可以帮您查找适用的惠企政策、核算可申请的资助金额，每个结论都附政策原文依据。"),
      h("p", { class: "welcome-sub" }, "您可以这样问："),
      h(
        "ul",
        { class: "starters" },
        this.opts.starters.map((q) => h("li", null, h("button", { type: "button", class: "starter", onclick: () => void this.ask(q) }, q))),
      ),
    );
  }

  focus(): void {
    this.input.focus();
  }

  async ask(text: string): Promise<void> {
    if (this.busy) return;
    this.input.value = "";
    this.messages.push({ role: "user", content: text });
    this.log.append(h("div", { class: "msg msg--user" }, h("span", { class: "zct-sr" }, "您的问题："), h("p", { class: "msg-text" }, text)));
    await this.answer();
  }

  /** Answers the same conversation again with corrected facts. */
  private async reask(profile: Profile): Promise<void> {
    if (this.busy || !this.messages.length) {
      this.profile = { ...this.opts.baseProfile, ...profile };
      return;
    }
    this.profile = { ...this.opts.baseProfile, ...profile };
    if (this.messages[this.messages.length - 1].role === "assistant") this.messages.pop();
    await this.answer("已按更正后的企业信息重新回答");
  }

  private async answer(note?: string): Promise<void> {
    this.setBusy(true);
    const streamText = h("p", { class: "msg-text streaming" });
    const pending = h(
      "div",
      { class: "msg msg--assistant msg--pending", "aria-hidden": "true" },
      h("p", { class: "thinking" }, h("span", { class: "dots" }), "正在查找相关政策并核算…"),
      streamText,
    );
    this.log.append(pending);
    this.scrollToEnd();
    try {
      const res = await this.opts.api.chat([...this.messages], this.profile, (delta) => {
        streamText.textContent += delta;
        this.scrollToEnd();
      });
      // The facts this answer asked for go back with it, so the next reply is read against them.
      this.messages.push({ role: "assistant", content: res.answer, ...(res.askedFacts?.length ? { askedFacts: res.askedFacts } : {}) });
      this.profile = { ...this.opts.baseProfile, ...knownFacts(res.profile) };
      this.profilePanel.update(this.profile);
      const answer = this.renderAnswer(res, note);
      pending.replaceWith(answer);
      // Readers start at the top of a long answer, not at its last line.
      answer.scrollIntoView?.({ block: "start", behavior: "smooth" });
    } catch (err) {
      // Drop the unanswered question so a retry does not send it twice.
      const last = this.messages.pop();
      pending.replaceWith(this.renderError(err instanceof Error ? err.message : String(err), last));
      // The message and its retry button must be in view, not below the fold of the log.
      this.scrollToEnd();
    } finally {
      this.setBusy(false);
    }
  }

  private renderAnswer(res: ChatResponse, note?: string): HTMLElement {
    const byId = new Map(res.citations.map((c) => [c.id, c]));
    const cite = (n: number): Node | null => {
      const c = byId.get(n);
      return c ? this.citeButton(c, `[${n}]`, "cite") : null;
    };
    const copyStatus = h("span", { class: "copy-status", role: "status" });
    const copyBtn = h(
      "button",
      {
        type: "button",
        class: "btn btn--ghost btn--small",
        onclick: async () => {
          copyStatus.textContent = (await copyText(answerText(res))) ? "已复制" : "复制失败，请手动选择文本";
        },
      },
      "复制回答",
    );
    return h(
      "article",
      { class: "msg msg--assistant", "aria-label": "政策通的回答" },
      note && h("p", { class: "msg-note" }, note),
      !res.found && h("p", { class: "notice notice--warn" }, "已收录的政策文件中没有找到直接答复，以下内容仅供参考。"),
      h("div", { class: "answer md" }, renderMarkdown(res.answer, { citation: cite })),
      unsaid(res.notices, res.answer).length > 0 &&
        h("ul", { class: "notices" }, unsaid(res.notices, res.answer).map((n) => h("li", { class: "notice" }, n))),
      res.matches?.length > 0 && h("section", { class: "answer-matches", "aria-label": "政策匹配结果" }, h("h3", { class: "section-title" }, "政策匹配与金额核算"), matchList(res.matches, { foldIneligible: true })),
      unsaid(res.followUps, res.answer).length > 0 &&
        h(
          "section",
          { class: "followups", "aria-label": "还需了解" },
          h("h3", { class: "section-title" }, "为更准确核算，请补充"),
          h("ul", null, unsaid(res.followUps, res.answer).map((q) => h("li", null, q))),
        ),
      res.citations.length > 0 &&
        h(
          "section",
          { class: "citations", "aria-label": "依据原文" },
          h("h3", { class: "section-title" }, "依据原文"),
          h(
            "ol",
            { class: "cite-list" },
            res.citations.map((c) =>
              h("li", null, this.citeButton(c, `[${c.id}] 《${c.docTitle}》${c.article}`, "cite-item"), c.quote && h("p", { class: "cite-quote" }, c.quote)),
            ),
          ),
        ),
      h("div", { class: "msg-actions" }, copyBtn, copyStatus),
    );
  }

  private citeButton(c: Citation, text: string, cls: string): HTMLElement {
    const btn = h("button", { type: "button", class: cls, "aria-label": `查看依据${c.id}：《${c.docTitle}》${c.article}`, "aria-haspopup": "dialog" }, text);
    btn.addEventListener("click", () => void this.dialog.open({ clauseId: c.clauseId, quote: c.quote, fallback: c }, btn));
    return btn;
  }

  private renderError(message: string, question?: Message): HTMLElement {
    const box = h(
      "div",
      { class: "msg msg--assistant msg--error", role: "alert" },
      h("p", null, message || "服务暂时不可用，请稍后再试。"),
      question &&
        h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost btn--small",
            onclick: () => {
              box.remove();
              this.messages.push(question);
              void this.answer();
            },
          },
          "重试",
        ),
    );
    return box;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.send.disabled = busy;
    this.status.textContent = busy ? "正在查找相关政策并核算，请稍候" : "";
    this.log.setAttribute("aria-busy", String(busy));
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
    this.log.lastElementChild?.scrollIntoView?.({ block: "nearest" });
  }
}

/** Notices and follow-ups the answer text does not already say (composed answers usually repeat them). */
const unsaid = (items: string[] | undefined, answer: string): string[] => (items ?? []).filter((n) => !answer.includes(n));

/** The answer as plain text, with the sources written out for pasting elsewhere. */
export function answerText(res: ChatResponse): string {
  const lines = [markdownToText(res.answer)];
  if (res.citations.length) {
    lines.push("", "依据：");
    for (const c of res.citations) lines.push(`[${c.id}]《${c.docTitle}》${c.article}`);
  }
  return lines.join("\n");
}

/** The facts of a response profile that have a value (the server's profile type allows absent keys). */
function knownFacts(p: ChatResponse["profile"]): Profile {
  const out: Profile = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}
