import { ClauseDialog } from "../components/clauseDialog.js";
import { feedbackBar } from "../components/feedback.js";
import { matchCard } from "../components/matchCard.js";
import { isOutOfForce, sortMatches } from "../components/status.js";
import { Api } from "../lib/api.js";
import { copyText } from "../lib/copy.js";
import { debounce } from "../lib/debounce.js";
import { clear, h } from "../lib/dom.js";
import { loadFacts } from "../lib/facts.js";
import { formatYuan } from "../lib/money.js";
import type { EligibilityResponse } from "../lib/types.js";
import { ProfileForm } from "./profileForm.js";
import { replyText } from "./replyText.js";
import { searchBox } from "./searchBox.js";

const api = new Api("", "console");
const dialog = new ClauseDialog(api);
document.body.append(dialog.el);

const searchRoot = document.getElementById("console-search-root")!;
const formRoot = document.getElementById("console-form-root")!;
const resultsRoot = document.getElementById("console-results-root")!;
searchRoot.append(searchBox(api, dialog));

const summary = h("p", { class: "results-summary", role: "status" }, "填写企业信息后，这里实时显示可享受的政策和金额。");
// On by default: an operator reads out policies that can be claimed today; off shows expired ones greyed, last.
const inForceOnly = h("input", { type: "checkbox", id: "in-force-only", checked: true });
const inForceToggle = h("label", { class: "in-force-toggle", for: "in-force-only" }, inForceOnly, "只看现行有效的政策");
const list = h("div", { class: "results-list" });
const reply = h("textarea", { id: "reply-text", class: "reply-text", readonly: true, rows: 8 });
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
resultsRoot.append(
  h("h2", { class: "panel-title" }, "可享受的政策"),
  inForceToggle,
  summary,
  list,
  h(
    "section",
    { class: "reply", "aria-labelledby": "reply-h" },
    h("h2", { class: "panel-title", id: "reply-h" }, h("label", { for: "reply-text" }, "答复口径")),
    reply,
    h("div", { class: "form-actions" }, copyBtn, copyStatus),
    feedbackSlot,
  ),
);

let controller: AbortController | null = null;

async function refresh(form: ProfileForm): Promise<void> {
  const profile = form.value();
  controller?.abort();
  if (!Object.keys(profile).length) {
    clear(list);
    summary.textContent = "填写企业信息后，这里实时显示可享受的政策和金额。";
    reply.value = "";
    clear(feedbackSlot);
    return;
  }
  controller = new AbortController();
  let res: EligibilityResponse;
  try {
    res = await api.eligibility(profile, controller.signal, { inForce: inForceOnly.checked });
  } catch (err) {
    if ((err as Error).name !== "AbortError") summary.textContent = (err as Error).message;
    return;
  }
  render(res);
}

function render(res: EligibilityResponse): void {
  const sorted = sortMatches(res.matches);
  const eligible = sorted.filter((m) => m.status === "eligible");
  const pending = sorted.filter((m) => m.status === "needs_info");
  const rejected = sorted.filter((m) => m.status === "ineligible");
  // Sorted after every policy in force, greyed: what they provided is for reference only.
  const lapsed = sorted.filter((m) => isOutOfForce(m.status));
  const total = eligible.reduce((s, m) => s + (m.amount?.yuan ?? 0), 0);
  summary.textContent =
    `符合 ${eligible.length} 项` +
    (total > 0 ? `（测算合计 ${formatYuan(total)}）` : "") +
    `，待补充信息 ${pending.length} 项，不符合 ${rejected.length} 项` +
    (lapsed.length ? `，已失效或尚未生效 ${lapsed.length} 项（仅供参考）。` : "。");
  clear(list);
  list.append(
    ...eligible.map(matchCard),
    pending.length > 0 ? h("details", { class: "match-folded", open: pending.length <= 6 }, h("summary", null, `待补充信息（${pending.length}项）`), pending.map(matchCard)) : "",
    rejected.length > 0 ? h("details", { class: "match-folded" }, h("summary", null, `不符合（${rejected.length}项）`), rejected.map(matchCard)) : "",
    lapsed.length > 0 ? h("details", { class: "match-folded match-folded--off" }, h("summary", null, `${lapsed.some((m) => m.status === "not_yet") ? "已失效或尚未生效" : "已失效"}（${lapsed.length}项，仅供参考）`), lapsed.map(matchCard)) : "",
    res.notices?.length ? h("ul", { class: "notices" }, res.notices.map((n) => h("li", { class: "notice" }, n))) : "",
  );
  reply.value = replyText(res.matches, res.notices);
  feedbackSlot.replaceChildren(feedbackBar(api, api.requestIdOf(res)) ?? "");
}

void loadFacts(api).then((facts) => {
  if (!facts.length) {
    formRoot.append(h("p", { class: "notice notice--warn" }, "企业信息项暂时无法载入，请刷新页面重试。"));
    return;
  }
  const form: ProfileForm = new ProfileForm(facts, debounce(() => void refresh(form), 300));
  inForceOnly.addEventListener("change", () => void refresh(form));
  formRoot.append(
    h(
      "div",
      { class: "form-head" },
      h("h2", { class: "panel-title" }, "企业信息"),
      h("button", { type: "button", class: "btn btn--ghost btn--small", onclick: () => (form.clear(), void refresh(form)) }, "清空"),
    ),
    h("p", { class: "muted" }, "边听边填：每填一项，匹配结果即时更新。金额单位为万元；未填写的项视为“未知”。"),
    form.el,
  );
});
