import { ChatView } from "../components/chatView.js";
import { policiesFrom, policyList } from "../components/siteChrome.js";
import { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";

const api = new Api("", "chat");
const root = document.getElementById("chat-root")!;
const aside = document.getElementById("chat-aside")!;

// Kept for this tab: a reload shows the same conversation; 新对话 clears it.
const chat = new ChatView({ api, starters: [], dialogParent: document.body, storageKey: "zct-chat", sheet: true });
root.append(chat.log, chat.composer);
aside.append(chat.profilePanel.el);

// Examples from this deployment's own documents (or its corpus/vocab/starters.yaml), never another city's.
api.starters().then((list) => chat.setStarters(list), () => {});

const policies = h("section", { class: "panel", "aria-labelledby": "policies-h" }, h("h2", { class: "panel-title", id: "policies-h" }, "已收录的政策文件"));
aside.append(policies);
fetch("/api/policies")
  .then((r) => (r.ok ? r.json() : null))
  .then((body) => {
    const list = policiesFrom(body);
    policies.append(list.length ? policyList(list) : h("p", { class: "muted" }, "政策目录暂时无法载入。"));
  })
  .catch(() => policies.append(h("p", { class: "muted" }, "政策目录暂时无法载入。")));
