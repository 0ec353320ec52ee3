import { answerSheetActions, fillPrintSheet, type SheetData } from "../components/answerSheet.js";
import { ClauseDialog } from "../components/clauseDialog.js";
import { feedbackBar } from "../components/feedback.js";
import { Api } from "../lib/api.js";
import { copyText } from "../lib/copy.js";
import { debounce } from "../lib/debounce.js";
import { clear, h } from "../lib/dom.js";
import { loadFacts } from "../lib/facts.js";
import type { EligibilityResponse, Match, Profile } from "../lib/types.js";
import { callerBox } from "./callerBox.js";
import { expandProfile, foldProfile, indexMerged, mergeFacts, SCOPE_KEYS } from "./facts.js";
import { FactPanel } from "./factPanel.js";
import { outOfScope, rankMatches, scopeProfile } from "./rank.js";
import { replyText } from "./replyText.js";
import { resultRow } from "./results.js";
import { searchBox } from "./searchBox.js";

const api = new Api("", "console");
const dialog = new ClauseDialog(api);
document.body.append(dialog.el);

const callerRoot = document.getElementById("console-caller-root")!;
const formRoot = document.getElementById("console-form-root")!;
const resultsRoot = document.getElementById("console-results-root")!;

const HINT = "输入来电人说的话，或在左侧填写信息，这里实时显示适用的政策和金额。";
const summary = h("p", { class: "results-summary", role: "status" }, HINT);
// On by default: an operator reads out policies that can be claimed today; off shows expired ones greyed, last.
const inForceOnly = h("input", { type: "checkbox", id: "in-force-only", checked: true });
const inForceToggle = h("label", { class: "in-force-toggle", for: "in-force-only" }, inForceOnly, "只看现行有效的政策");
const list = h("ol", { class: "result-list", "aria-label": "适用的政策" });
const folded = h("div", { class: "results-folded" });
const reply = h("textarea", { id: "reply-text", class: "reply-text", readonly: true, rows: 5 });
const copyStatus = h("span", { class: "copy-status", role: "status" });
/** 有用/没用 on the reply shown now: rates the eligibility answer it was written from. */
const feedbackSlot = h("div", { class: "reply-feedback" });
const copyBtn = h(
  "button",
  {
    type: "button",
    class: "btn btn--primary",
    onclick: async () => {
      copyStatus.textContent = (await copyText(reply.value)) ? "已复制，可直接朗读或发送短信" : "复制失败，请手动选择文本";
    },
  },
  "复制答复",
);
/** The last evaluation on screen and the caller's words, for the printed 答复单. */
let shown: { matches: Match[]; asOf: string; words: string } = { matches: [], asOf: "", words: "" };
const sheetData = (): SheetData | null =>
  shown.matches.length ? { question: shown.words || "来电咨询", conclusion: reply.value, matches: shown.matches.slice(0, 3), asOf: shown.asOf } : null;
const sheet = answerSheetActions(sheetData, "", copyStatus);
resultsRoot.append(
  h("div", { class: "results-head" }, h("h2", { class: "panel-title" }, "适用的政策"), inForceToggle),
  summary,
  list,
  folded,
  h(
    "section",
    { class: "reply", "aria-labelledby": "reply-h" },
    h("h2", { class: "panel-title", id: "reply-h" }, h("label", { for: "reply-text" }, "答复口径")),
    reply,
    h("div", { class: "form-actions" }, copyBtn, copyStatus, sheet),
    feedbackSlot,
  ),
);

/** The route answers with the date it judged validity on (docs/api.md), beside the engine's evaluation. */
const asOfOf = (res: EligibilityResponse): string => (res as EligibilityResponse & { asOf?: string }).asOf ?? new Date().toISOString().slice(0, 10);

let controller: AbortController | null = null;
/** Fact keys the caller spoke about (besides place and kind): rules reading them rank first. */
let said = new Set<string>();
const scopeCache = new Map<string, Promise<Set<string>>>();

/** Not cancelled with the evaluation: the cached answer serves every later refresh of the same place and kind. */
function scopeOf(profile: Profile): Promise<Set<string>> {
  const scope = scopeProfile(profile);
  const key = JSON.stringify(scope);
  if (!Object.keys(scope).length) return Promise.resolve(new Set());
  let p = scopeCache.get(key);
  if (!p) {
    p = api.eligibility(scope).then((r) => outOfScope(r.matches));
    p.catch(() => scopeCache.delete(key));
    scopeCache.set(key, p);
  }
  return p;
}

void Promise.all([loadFacts(api), fetch("/api/rules").then((r) => (r.ok ? r.json() : { rules: [] })).catch(() => ({ rules: [] }))]).then(
  ([facts, rulesBody]: [Awaited<ReturnType<typeof loadFacts>>, { rules?: { id: string; facts?: string[] }[] }]) => {
    if (!facts.length) {
      formRoot.append(h("p", { class: "notice notice--warn" }, "信息项暂时无法载入，请刷新页面重试。"));
      return;
    }
    const ruleFacts = new Map((rulesBody.rules ?? []).map((r) => [r.id, r.facts ?? []] as const));
    const merged = mergeFacts(facts);
    const index = indexMerged(merged);
    const panel: FactPanel = new FactPanel(merged, index, debounce(() => void refresh(), 300));

    async function refresh(): Promise<void> {
      const profile = expandProfile(panel.value(), index);
      controller?.abort();
      controller = new AbortController();
      const signal = controller.signal;
      let res: EligibilityResponse;
      let away: Set<string>;
      try {
        [res, away] = await Promise.all([api.eligibility(profile, signal, { inForce: inForceOnly.checked }), scopeOf(profile)]);
      } catch (err) {
        if ((err as Error).name !== "AbortError") summary.textContent = (err as Error).message;
        return;
      }
      const mine = res.matches.filter((m) => !away.has(m.ruleId));
      const ids = new Set(mine.map((m) => m.ruleId));
      panel.setDeciders(res.followUps.map((f) => ({ fact: f.fact, decides: f.ruleIds.filter((id) => ids.has(id)).length })).filter((d) => d.decides > 0));
      if (!Object.keys(profile).length) {
        clear(list);
        clear(folded);
        summary.textContent = HINT;
        reply.value = "";
        clear(feedbackSlot);
        shown = { matches: [], asOf: asOfOf(res), words: "" };
        return;
      }
      render(rankMatches(mine, ruleFacts, said), res, away.size);
    }

    function render(ranked: Match[], res: EligibilityResponse, away: number): void {
      const open = ranked.filter((m) => m.status !== "ineligible");
      const refused = ranked.filter((m) => m.status === "ineligible");
      const eligible = ranked.filter((m) => m.status === "eligible").length;
      const pending = ranked.filter((m) => m.status === "needs_info").length;
      summary.textContent =
        `符合 ${eligible} 项，待补充信息 ${pending} 项，不符合 ${refused.length} 项` + (away ? `；另有 ${away} 项面向其他地区或其他申报主体，未列出。` : "。");
      clear(list);
      list.append(...open.map((m) => resultRow(m, dialog)));
      clear(folded);
      if (refused.length)
        folded.append(h("details", { class: "match-folded" }, h("summary", null, `不符合（${refused.length}项）`), h("ol", { class: "result-list" }, refused.map((m) => resultRow(m, dialog)))));
      if (res.notices?.length) folded.append(h("ul", { class: "notices" }, res.notices.map((n) => h("li", { class: "notice" }, n))));
      reply.value = replyText(open, asOfOf(res));
      feedbackSlot.replaceChildren(feedbackBar(api, api.requestIdOf(res)) ?? "");
      shown = { ...shown, matches: open, asOf: asOfOf(res) };
      void fillPrintSheet(sheetData());
    }

    callerRoot.append(
      callerBox(api, () => expandProfile(panel.value(), index), (profile, words) => {
        const folded = foldProfile(profile, index);
        for (const k of Object.keys(folded)) if (!SCOPE_KEYS.includes(k)) for (const key of index.get(k)?.keys ?? [k]) said.add(key);
        shown = { ...shown, words };
        panel.merge(folded);
        void refresh();
      }),
    );
    inForceOnly.addEventListener("change", () => void refresh());
    formRoot.append(
      h(
        "div",
        { class: "form-head" },
        h("h2", { class: "panel-title" }, "来电人信息"),
        h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost btn--small",
            onclick: () => {
              said = new Set();
              panel.clear();
              void refresh();
            },
          },
          "清空",
        ),
      ),
      h("p", { class: "muted" }, "只列出能区分当前候选政策的信息项；金额单位为万元，未填写的视为“未知”。"),
      panel.el,
      searchBox(api, dialog),
    );
    void refresh();
  },
);
