import type { Api } from "../lib/api.js";
import { h } from "../lib/dom.js";
import type { Profile } from "../lib/types.js";

/**
 * What the caller says, typed by the operator: read by the same understanding
 * as the chat (POST /api/chat returns the facts it understood as `profile`),
 * so a sentence fills the form.
 */
export function callerBox(api: Api, known: () => Profile, onFacts: (profile: Profile, words: string) => void): HTMLElement {
  const status = h("p", { class: "caller-status", role: "status" });
  const input = h("textarea", {
    id: "caller-words",
    class: "input caller-input",
    rows: 2,
    maxlength: 2000,
    placeholder: "如：我们是苏州的企业，登峰计划项目已经立项了",
  });
  const button = h("button", { type: "submit", class: "btn btn--primary" }, "识别");
  let controller: AbortController | null = null;
  const form = h(
    "form",
    { class: "caller", "aria-label": "来电人的话" },
    h("label", { id: "caller-h", class: "field-label caller-label", for: "caller-words" }, "来电人说"),
    h("div", { class: "caller-row" }, input, button),
    status,
  );
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const words = input.value.trim();
    if (!words) {
      status.textContent = "请先输入来电人说的话。";
      return;
    }
    controller?.abort();
    controller = new AbortController();
    status.textContent = "正在识别…";
    try {
      const res = await api.chat([{ role: "user", content: words }], known(), () => {}, controller.signal);
      const found = Object.keys(res.profile).filter((k) => res.profile[k] !== undefined && known()[k] !== res.profile[k]).length;
      status.textContent = found ? `已识别 ${found} 项信息，请核对下方标签。` : "没有识别出新的信息，请直接在下方填写。";
      onFacts(res.profile as Profile, words);
    } catch (err) {
      if ((err as Error).name !== "AbortError") status.textContent = (err as Error).message;
    }
  });
  return form;
}
