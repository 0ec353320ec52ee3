import type { Api } from "../lib/api.js";
import { copyText } from "../lib/copy.js";
import { h, uid } from "../lib/dom.js";
import { markdownToText, renderMarkdown } from "../lib/markdown.js";
import type { ChatResponse, Citation, Message, Profile } from "../lib/types.js";
import { ClauseDialog } from "./clauseDialog.js";
import { feedbackBar } from "./feedback.js";
import { matchList } from "./matchCard.js";
import { ProfilePanel } from "./profilePanel.js";
import { answerSheetActions, fillPrintSheet, type SheetData } from "./answerSheet.js";

export interface ChatViewOptions {
  api: Api;
  starters: string[];
  /** Facts the embedding site already knows (the widget's data-region). */
  baseProfile?: Profile;
  /** Where the clause dialog lives: document.body, or the widget's shadow root. */
  dialogParent: Node;
  /** sessionStorage key the conversation is kept under, so a reload (or the host site's next page) keeps it. */
  storageKey?: string;
  /** 打印答复单 / 下载答复单 under each answer (the chat page; not the widget, which lives in another site's page). */
  sheet?: boolean;
}

const MAX_LEN = 2000;
/** The API's limit of messages per request (LIMITS.messages in server/http/schemas.ts; a test keeps them equal). */
export const MAX_MESSAGES = 50;

/** What sessionStorage keeps: the history sent to the server, each answer as it was shown, and the facts. */
interface Saved {
  v: 1;
  messages: Message[];
  /** The response of each assistant message (null for user messages, or an answer dropped for space). */
  answers: (ChatResponse | null)[];
  profile: Profile;
}

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
  /** Parallel to `messages`: the response shown for each assistant message. */
  private readonly answers: (ChatResponse | null)[] = [];
  private profile: Profile;
  private busy = false;
  private answerNo = 0;
  private readonly newButton: HTMLButtonElement;

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
    this.newButton = h(
      "button",
      { type: "button", class: "btn btn--ghost btn--small composer-new", title: "清空本次对话，重新开始", onclick: () => this.newConversation() },
      "新对话",
    );
    this.composer = h("form", { class: "composer", "aria-label": "提问" }, this.input, h("div", { class: "composer-bar" }, this.newButton, counter, this.send), this.status);
    this.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) void this.ask(text);
    });
    this.restore();
  }

  /** The conversation as the last page left it in this tab (sessionStorage), shown again. */
  private restore(): void {
    const saved = this.load();
    if (!saved) return;
    this.profile = { ...this.opts.baseProfile, ...saved.profile };
    this.profilePanel.update(this.profile);
    saved.messages.forEach((m, i) => {
      this.messages.push(m);
      const res = m.role === "assistant" ? (saved.answers[i] ?? textOnly(m.content, this.profile)) : null;
      this.answers.push(m.role === "assistant" ? (saved.answers[i] ?? null) : null);
      this.log.append(res ? this.renderAnswer(res, undefined, saved.messages[i - 1]?.content) : this.userBubble(m.content));
    });
  }

  private load(): Saved | undefined {
    const key = this.opts.storageKey;
    if (!key) return undefined;
    try {
      const raw = sessionStorage.getItem(key);
      const saved = raw ? (JSON.parse(raw) as Saved) : undefined;
      if (saved?.v !== 1 || !Array.isArray(saved.messages) || !Array.isArray(saved.answers)) return undefined;
      const ok = saved.messages.every((m) => (m.role === "user" || m.role === "assistant") && typeof m.content === "string");
      return ok ? { ...saved, messages: saved.messages.slice(0, MAX_MESSAGES), profile: saved.profile ?? {} } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps the conversation for this tab; over the storage quota, older answers are kept as text only. */
  private save(): void {
    const key = this.opts.storageKey;
    if (!key) return;
    const answers = [...this.answers];
    for (let keep = answers.length; keep >= 0; keep = keep > 4 ? 4 : keep - 1) {
      const trimmed = answers.map((a, i) => (i >= answers.length - keep ? a : null));
      const saved: Saved = { v: 1, messages: this.messages, answers: trimmed, profile: this.profile };
      try {
        if (this.messages.length) sessionStorage.setItem(key, JSON.stringify(saved));
        else sessionStorage.removeItem(key);
        return;
      } catch {
        /* over quota (or storage disabled): try with fewer full answers */
      }
    }
  }

  /** 新对话: an empty conversation (the facts too, unless kept), nothing left in storage. */
  newConversation(opts: { keepProfile?: boolean } = {}): void {
    if (this.busy) return;
    this.messages.length = 0;
    this.answers.length = 0;
    this.answerNo = 0;
    if (this.opts.sheet) void fillPrintSheet(null);
    if (!opts.keepProfile) {
      this.profile = { ...this.opts.baseProfile };
      this.profilePanel.update(this.profile);
    }
    this.log.replaceChildren(this.welcome());
    this.save();
    if (opts.keepProfile) this.saveProfileOnly();
    this.input.focus();
  }

  /** Facts carried into a new conversation are kept too, with no messages. */
  private saveProfileOnly(): void {
    const key = this.opts.storageKey;
    if (!key) return;
    try {
      sessionStorage.setItem(key, JSON.stringify({ v: 1, messages: [], answers: [], profile: this.profile } satisfies Saved));
    } catch {
      /* storage unavailable: the conversation lives in the page only */
    }
  }

  private userBubble(text: string): HTMLElement {
    return h("div", { class: "msg msg--user" }, h("span", { class: "zct-sr" }, "您的问题："), h("p", { class: "msg-text" }, text));
  }

  /** At the API's limit of messages: offer a new conversation (the facts kept) instead of an error. */
  private offerNewConversation(text: string): void {
    this.log.querySelector(".msg--limit")?.remove();
    const box = h(
      "div",
      { class: "msg msg--assistant msg--limit", role: "status" },
      h("p", null, `本次对话已有${this.messages.length}条消息，达到单次对话的上限。请开始新对话继续咨询，已了解的企业信息会保留。`),
      h(
        "div",
        { class: "msg-actions" },
        h(
          "button",
          {
            type: "button",
            class: "btn btn--primary btn--small",
            onclick: () => {
              this.newConversation({ keepProfile: true });
              void this.ask(text);
            },
          },
          "开始新对话并提问",
        ),
      ),
    );
    this.log.append(box);
    this.scrollToEnd();
  }

  private welcome(): HTMLElement {
    return h(
      "div",
      { class: "welcome" },
      h("p", { class: "welcome-lead" }, "您好！我是政策通，可以帮您查找适用的惠企政策、核算可申请的资助金额，每个结论都附政策原文依据。"),
      this.opts.starters.length > 0 && h("p", { class: "welcome-sub" }, "您可以这样问："),
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

  /** Starter questions that arrived after the page did (GET /api/starters): shown while nothing was asked yet. */
  setStarters(starters: string[]): void {
    this.opts.starters = starters;
    const welcome = this.log.querySelector(".welcome");
    if (welcome && !this.messages.length) welcome.replaceWith(this.welcome());
  }

  async ask(text: string): Promise<void> {
    if (this.busy) return;
    if (this.messages.length + 1 > MAX_MESSAGES) {
      // The question stays in the box; the offer starts a new conversation with it.
      this.input.value = text;
      this.offerNewConversation(text);
      return;
    }
    this.input.value = "";
    this.messages.push({ role: "user", content: text });
    this.answers.push(null);
    this.log.append(this.userBubble(text));
    await this.answer();
  }

  /** Answers the same conversation again with corrected facts. */
  private async reask(profile: Profile): Promise<void> {
    if (this.busy || !this.messages.length) {
      this.profile = { ...this.opts.baseProfile, ...profile };
      return;
    }
    this.profile = { ...this.opts.baseProfile, ...profile };
    if (this.messages[this.messages.length - 1].role === "assistant") {
      this.messages.pop();
      this.answers.pop();
    }
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
      this.answers.push(res);
      this.profile = { ...this.opts.baseProfile, ...knownFacts(res.profile) };
      this.profilePanel.update(this.profile);
      this.save();
      const question = [...this.messages].reverse().find((m) => m.role === "user")?.content;
      const answer = this.renderAnswer(res, note, question);
      pending.replaceWith(answer);
      // Readers start at the top of a long answer, not at its last line.
      answer.scrollIntoView?.({ block: "start", behavior: "smooth" });
    } catch (err) {
      // Drop the unanswered question so a retry does not send it twice.
      const last = this.messages.pop();
      this.answers.pop();
      pending.replaceWith(this.renderError(err instanceof Error ? err.message : String(err), last));
      // The message and its retry button must be in view, not below the fold of the log.
      this.scrollToEnd();
    } finally {
      this.setBusy(false);
    }
  }

  private renderAnswer(res: ChatResponse, note?: string, question = ""): HTMLElement {
    const byId = new Map(res.citations.map((c) => [c.id, c]));
    // Every button gets its own name: which answer, and which mention of a source (axe, screen-reader lists).
    const no = ++this.answerNo;
    const which = no > 1 ? `（第${no}条回答）` : "";
    const mentions = new Map<number, number>();
    const cite = (n: number): Node | null => {
      const c = byId.get(n);
      if (!c) return null;
      const k = (mentions.get(n) ?? 0) + 1;
      mentions.set(n, k);
      return this.citeButton(c, `[${n}]`, "cite", `${k > 1 ? `（第${k}处）` : ""}${which}`);
    };
    const sheet: SheetData = {
      question: question || "政策咨询",
      conclusion: conclusionOf(res.answer),
      matches: res.matches.filter((m) => m.status !== "ineligible"),
      quotes: res.citations,
      asOf: res.asOf,
    };
    if (this.opts.sheet && res.asOf) void fillPrintSheet(sheet);
    const folded = res.matches?.length ? foldSections(res.answer) : undefined;
    const copyStatus = h("span", { class: "copy-status", role: "status" });
    const copyBtn = h(
      "button",
      {
        type: "button",
        class: "btn btn--ghost btn--small",
        "aria-label": `复制回答${which}`,
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
      h("div", { class: "answer md" }, renderMarkdown(folded ? folded.head : res.answer, { citation: cite })),
      unsaid(res.notices, res.answer).length > 0 &&
        h("ul", { class: "notices" }, unsaid(res.notices, res.answer).map((n) => h("li", { class: "notice" }, n))),
      folded
        ? // The first screen holds the conclusion per policy; the calculation, conditions, cards and quotes fold below it.
          h(
            "details",
            { class: "answer-more" },
            h("summary", null, "计算过程、条件与原文"),
            h("div", { class: "answer-rest md" }, renderMarkdown(folded.rest, { citation: cite })),
            h("section", { class: "answer-matches", "aria-label": "政策匹配结果" }, h("h3", { class: "section-title" }, "政策匹配与金额核算"), matchList(res.matches, { foldIneligible: true })),
          )
        : res.matches?.length > 0 && h("section", { class: "answer-matches", "aria-label": "政策匹配结果" }, h("h3", { class: "section-title" }, "政策匹配与金额核算"), matchList(res.matches, { foldIneligible: true })),
      unsaid(res.followUps, res.answer).length > 0 &&
        h(
          "section",
          { class: "followups", "aria-label": "还需了解" },
          h("h3", { class: "section-title" }, "为更准确核算，请补充"),
          h("ul", null, unsaid(res.followUps, res.answer).map((q) => h("li", null, q))),
        ),
      res.citations.length > 0 &&
        h(
          folded ? "details" : "section",
          { class: "citations", "aria-label": "依据原文" },
          folded && h("summary", null, `依据原文（${res.citations.length}条）`),
          h("h3", { class: "section-title" }, "依据原文"),
          h(
            "ol",
            { class: "cite-list" },
            res.citations.map((c) =>
              h("li", null, this.citeButton(c, `[${c.id}] 《${c.docTitle}》${c.article}`, "cite-item", `（原文列表）${which}`), c.quote && h("p", { class: "cite-quote" }, c.quote)),
            ),
          ),
        ),
      h("div", { class: "msg-actions" }, copyBtn, this.opts.sheet && res.asOf && answerSheetActions(() => sheet, which, copyStatus), copyStatus),
      feedbackBar(this.opts.api, this.opts.api.requestIdOf(res)),
    );
  }

  private citeButton(c: Citation, text: string, cls: string, suffix = ""): HTMLElement {
    const btn = h("button", { type: "button", class: cls, "aria-label": `查看依据${c.id}：《${c.docTitle}》${c.article}${suffix}`, "aria-haspopup": "dialog" }, text);
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
              this.answers.push(null);
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
    this.newButton.disabled = busy;
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

/**
 * The 答复单's conclusion: what the answer says before its per-policy sections
 * (the validity line, the list of provisions and amounts), as plain text without citation marks.
 */
export function conclusionOf(answer: string): string {
  const head = answer.split(/\n#{1,6}\s/)[0];
  return markdownToText(head).replace(/\[\d+\]/g, "").replace(/\n{2,}/g, "\n").trim();
}

/**
 * An amount answer's conclusion (the validity line, one line per policy) and the per-policy sections after it
 * ("### …": calculation, conditions, quote), which the page folds; undefined when there is nothing to fold.
 */
export function foldSections(answer: string): { head: string; rest: string } | undefined {
  const at = answer.search(/\n#{1,6}\s/);
  if (at < 0) return undefined;
  return { head: answer.slice(0, at), rest: answer.slice(at + 1) };
}

/** The answer as plain text, with the sources written out for pasting elsewhere. */
export function answerText(res: ChatResponse): string {
  const lines = [markdownToText(res.answer)];
  if (res.citations.length) {
    lines.push("", "依据：");
    for (const c of res.citations) lines.push(`[${c.id}]《${c.docTitle}》${c.article}`);
  }
  return lines.join("\n");
}

/** An answer kept as text only (dropped from storage for space): shown as its text, without cards. */
function textOnly(answer: string, profile: Profile): ChatResponse {
  return { answer, found: true, citations: [], matches: [], followUps: [], notices: [], profile, asOf: "" };
}

/** The facts of a response profile that have a value (the server's profile type allows absent keys). */
function knownFacts(p: ChatResponse["profile"]): Profile {
  const out: Profile = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}
