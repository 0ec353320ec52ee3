import type { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";

/**
 * 有用 / 没用 under an answer (chat page, widget, console). A 没用 is sent at
 * once; the optional comment that follows replaces it (same request id).
 * Nothing is shown for an answer without a request id (restored from storage).
 */
export function feedbackBar(api: Api, requestId: string | undefined): HTMLElement | null {
  if (!requestId) return null;
  // A polite live region, not a second role=status: the answer's own status (复制) stays the one.
  const status = h("span", { class: "feedback-status", "aria-live": "polite" });
  const comment = h("input", { type: "text", class: "feedback-comment", maxlength: 500, "aria-label": "哪里没有帮到您（选填）", placeholder: "哪里没有帮到您？（选填，请勿填写手机号、身份证号等个人信息）" });
  const send = async (helpful: boolean, text?: string): Promise<boolean> => {
    try {
      await api.feedback({ requestId, helpful, ...(text ? { comment: text } : {}) });
      return true;
    } catch (e) {
      status.textContent = e instanceof Error ? e.message : "反馈未能发送，请稍后再试";
      return false;
    }
  };
  const form = h("form", { class: "feedback-form", hidden: true }, comment, h("button", { type: "submit", class: "btn btn--ghost btn--small" }, "提交意见"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = comment.value.trim();
    if (!text) return;
    if (await send(false, text)) {
      form.hidden = true;
      status.textContent = "已收到您的意见，谢谢！";
    }
  });
  const rate = (helpful: boolean) => async () => {
    for (const b of buttons) b.disabled = true;
    if (!(await send(helpful))) {
      for (const b of buttons) b.disabled = false;
      return;
    }
    status.textContent = helpful ? "感谢您的反馈！" : "感谢反馈，我们会据此补充政策文件。";
    if (!helpful) {
      form.hidden = false;
      comment.focus();
    }
  };
  const buttons = [
    h("button", { type: "button", class: "btn btn--ghost btn--small feedback-yes", onclick: rate(true) }, "有用"),
    h("button", { type: "button", class: "btn btn--ghost btn--small feedback-no", onclick: rate(false) }, "没用"),
  ];
  return h("div", { class: "feedback", role: "group", "aria-label": "这个回答有帮助吗" }, h("span", { class: "feedback-ask" }, "这个回答有帮助吗？"), ...buttons, status, form);
}
