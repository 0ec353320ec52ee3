import { clear, h } from "../lib/dom.js";
import type { InsightsResponse } from "../../../server/store/schema.js";

/**
 * The admin page's 群众在问什么 panel: questions the documents did not answer
 * (found nothing, refused, rated 没用), most asked first, and the ratings of
 * answers, over a chosen period, with CSV export. Self-contained: it reads the
 * token the page keeps in sessionStorage and builds its own section.
 */

const headers = (): Record<string, string> => ({
  Authorization: `Bearer ${sessionStorage.getItem("zct-admin-token") ?? ""}`,
  "X-Admin-User": encodeURIComponent(sessionStorage.getItem("zct-admin-user") ?? ""),
});

const CHANNELS: Record<string, string> = { chat: "问答页", widget: "嵌入组件", console: "坐席台", api: "接口" };
const time = (iso: string) => new Date(iso).toLocaleString("zh-CN", { hour12: false });

const days = h(
  "select",
  { id: "insights-days", "aria-label": "时间范围" },
  ...[7, 30, 90, 180].map((d) => h("option", { value: d, selected: d === 30 }, `最近${d}天`)),
);
const status = h("p", { class: "admin-status", role: "status" });
const unanswered = h("div", { class: "insights-unanswered" });
const counts = h("span", { class: "insights-counts" });
const feedback = h("div", { class: "insights-feedback" });

const table = (head: string[], rows: (string | number)[][]) =>
  h("table", { class: "admin-table" }, h("thead", null, h("tr", null, head.map((x) => h("th", { scope: "col" }, x)))), h("tbody", null, rows.map((r) => h("tr", null, r.map((x) => h("td", null, String(x)))))));

async function load(): Promise<void> {
  if (!sessionStorage.getItem("zct-admin-token")) return;
  status.textContent = "正在载入…";
  status.className = "admin-status";
  try {
    const res = await fetch(`/admin/api/insights?days=${days.value}`, { headers: headers() });
    const body = (await res.json()) as InsightsResponse & { error?: { message: string } };
    if (!res.ok) throw new Error(body.error?.message ?? `请求失败（${res.status}）`);
    status.textContent = `统计自 ${time(body.since)} 起`;
    clear(unanswered);
    unanswered.append(body.unanswered.length ? table(["问题", "次数", "最近一次"], body.unanswered.map((u) => [u.question, u.count, time(u.lastAt)])) : h("p", null, "这段时间没有未能答复的问题。"));
    counts.textContent = `有用 ${body.feedback.helpful} · 没用 ${body.feedback.unhelpful}`;
    clear(feedback);
    feedback.append(
      body.feedback.recent.length
        ? table(
            ["时间", "评价", "意见", "渠道", "地区", "问题"],
            body.feedback.recent.map((f) => [time(f.at), f.helpful ? "有用" : "没用", f.comment ?? "", f.channel ? (CHANNELS[f.channel] ?? f.channel) : "", f.region ?? "", f.question ?? ""]),
          )
        : h("p", null, "这段时间没有评价。"),
    );
  } catch (e) {
    status.textContent = (e as Error).message;
    status.className = "admin-status error";
  }
}

/** The CSV comes with the token in a header, so it is fetched and handed to the browser as a file. */
async function download(which: "unanswered" | "feedback"): Promise<void> {
  try {
    const res = await fetch(`/admin/api/insights?days=${days.value}&format=csv&table=${which}`, { headers: headers() });
    if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message: string } }).error?.message ?? `导出失败（${res.status}）`);
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: `${which === "unanswered" ? "未能答复的问题" : "回答评价"}-最近${days.value}天.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    status.textContent = (e as Error).message;
    status.className = "admin-status error";
  }
}

days.addEventListener("change", () => void load());
const section = h(
  "section",
  { class: "admin-card", id: "insights", "aria-labelledby": "insights-h" },
  h("h2", { id: "insights-h" }, "群众在问什么"),
  h("p", { class: "admin-hint" }, "答复时没有找到依据、被拒答或被标为“没用”的问题，按次数排列；手机号、身份证号、统一社会信用代码和邮箱已脱敏。"),
  h(
    "div",
    { class: "admin-row" },
    days,
    h("button", { type: "button", onclick: () => void load() }, "刷新"),
    h("button", { type: "button", onclick: () => void download("unanswered") }, "导出问题 CSV"),
    h("button", { type: "button", onclick: () => void download("feedback") }, "导出评价 CSV"),
  ),
  status,
  h("h3", null, "未能答复的问题"),
  unanswered,
  h("h3", null, "对回答的评价 ", counts),
  feedback,
);
// Right under the login: the first thing the office reads, above the long document and rule lists.
const login = document.getElementById("auth-form")?.closest("section");
if (login) login.after(section);
else document.getElementById("main")?.append(section);
// After the page's own handler has stored the token the operator typed.
document.getElementById("auth-form")?.addEventListener("submit", () => setTimeout(() => void load(), 0));
void load();
