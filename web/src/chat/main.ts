import { ChatView } from "../components/chatView.js";
import { policiesFrom, policyList } from "../components/siteChrome.js";
import { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";

/** Starter questions: one per kind of thing the assistant does well. */
export const STARTERS = [
  "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？",
  "苏州登峰行动计划项目立项后能拿多少资助？验收合格后呢？",
  "在江苏引进专利技术转化实施，合同成交额300万元，能拿多少奖补？",
  "杭州新电商政策的有效期到什么时候？现在还能申请吗？",
];

const api = new Api("");
const root = document.getElementById("chat-root")!;
const aside = document.getElementById("chat-aside")!;

// Kept for this tab: a reload shows the same conversation; 新对话 clears it.
const chat = new ChatView({ api, starters: STARTERS, dialogParent: document.body, storageKey: "zct-chat", sheet: true });
root.append(chat.log, chat.composer);
aside.append(chat.profilePanel.el);

const policies = h("section", { class: "panel", "aria-labelledby": "policies-h" }, h("h2", { class: "panel-title", id: "policies-h" }, "已收录的政策文件"));
aside.append(policies);
fetch("/api/policies")
  .then((r) => (r.ok ? r.json() : null))
  .then((body) => {
    const list = policiesFrom(body);
    policies.append(list.length ? policyList(list) : h("p", { class: "muted" }, "政策目录暂时无法载入。"));
  })
  .catch(() => policies.append(h("p", { class: "muted" }, "政策目录暂时无法载入。")));
