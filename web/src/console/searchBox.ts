import type { ClauseDialog } from "../components/clauseDialog.js";
import type { Api } from "../lib/api.js";
import { debounce } from "../lib/debounce.js";
import { clear, h } from "../lib/dom.js";
import type { SearchHit } from "../lib/types.js";

/** Search-as-you-type over clauses; a hit opens the verbatim clause. */
export function searchBox(api: Api, dialog: ClauseDialog): HTMLElement {
  const results = h("ol", { class: "search-results", "aria-label": "检索结果" });
  const status = h("p", { class: "search-status", role: "status" });
  let controller: AbortController | null = null;

  const run = debounce(async (q: string) => {
    controller?.abort();
    if (!q) {
      clear(results);
      status.textContent = "";
      return;
    }
    controller = new AbortController();
    try {
      const { hits } = await api.search(q, 8, controller.signal);
      clear(results);
      results.append(...hits.map((hit) => hitItem(hit, dialog)));
      status.textContent = hits.length ? `找到 ${hits.length} 条相关条款` : "没有找到相关条款";
    } catch (err) {
      if ((err as Error).name !== "AbortError") status.textContent = (err as Error).message;
    }
  }, 250);

  const input = h("input", {
    id: "console-search",
    class: "input input--search",
    type: "search",
    autocomplete: "off",
    placeholder: "输入关键词，如“联网直报”“展位费”“登峰”",
    oninput: () => run(input.value.trim()),
  });
  return h(
    "section",
    { class: "console-search", role: "search", "aria-label": "检索政策条款" },
    h("label", { class: "field-label", for: "console-search" }, "检索政策条款"),
    input,
    status,
    results,
  );
}

function hitItem(hit: SearchHit, dialog: ClauseDialog): HTMLElement {
  const btn = h(
    "button",
    { type: "button", class: "hit", "aria-haspopup": "dialog" },
    h("span", { class: "hit-title" }, `《${hit.docTitle}》${hit.article}`),
    h("span", { class: "hit-text" }, hit.text.length > 110 ? `${hit.text.slice(0, 110)}…` : hit.text),
  );
  btn.addEventListener("click", () =>
    void dialog.open({ clauseId: hit.clauseId, fallback: { docTitle: hit.docTitle, article: hit.article, text: hit.text } }, btn),
  );
  return h("li", null, btn);
}
