import { factField, formatFact, type FactField } from "../components/factField.js";
import { clear, h, uid } from "../lib/dom.js";
import type { FactValue, Profile } from "../lib/types.js";
import { findFacts, planFields, type Decider, type MergedFact } from "./facts.js";

/**
 * What the console knows about the caller: chips for known facts (from the
 * caller's words or typed), a short form of the facts that would decide the
 * most candidate rules, and a finder over every fact.
 */
export class FactPanel {
  readonly el: HTMLElement;
  private readonly chips = h("ul", { class: "fact-chips", "aria-label": "已了解的信息" });
  private readonly fields = h("div", { class: "fact-fields" });
  private readonly finderResults = h("ul", { class: "finder-results", "aria-label": "查找结果" });
  private readonly finderInput: HTMLInputElement;
  private values: Profile = {};
  /** Facts the operator touched (typed, corrected, picked): kept as fields where they are. */
  private pinned: string[] = [];
  private shown: string[] = [];
  private deciders: Decider[] = [];
  private readonly cache = new Map<string, FactField>();

  constructor(
    private readonly merged: MergedFact[],
    private readonly index: Map<string, MergedFact>,
    private readonly onChange: () => void,
  ) {
    const finderId = uid("finder");
    this.finderInput = h("input", {
      id: finderId,
      class: "input",
      type: "search",
      autocomplete: "off",
      placeholder: "如：专利、投资、立项",
      oninput: () => this.renderFinder(),
    });
    this.el = h(
      "div",
      { class: "fact-panel" },
      this.chips,
      h("h3", { class: "fact-fields-title" }, "还需了解"),
      this.fields,
      h(
        "div",
        { class: "finder", role: "search", "aria-label": "查找信息项" },
        h("label", { class: "field-label", for: finderId }, "查找其他信息项"),
        this.finderInput,
        this.finderResults,
      ),
    );
    this.render();
  }

  /** The merged-key profile. */
  value(): Profile {
    return { ...this.values };
  }

  /** Facts read from the caller's words: they overwrite what was there (the caller just said so). */
  merge(profile: Profile): void {
    for (const [k, v] of Object.entries(profile)) if (v !== undefined) this.values[k] = v;
    this.render();
  }

  clear(): void {
    this.values = {};
    this.pinned = [];
    for (const f of this.cache.values()) f.set(undefined);
    this.render();
  }

  /** The rules on screen changed: show the facts that now narrow them most. */
  setDeciders(deciders: Decider[]): void {
    this.deciders = deciders;
    this.render();
  }

  private field(f: MergedFact): FactField {
    let field = this.cache.get(f.key);
    if (!field) {
      const made: FactField = factField(f.def, () => {
        const v = made.get();
        if (v === undefined) delete this.values[f.key];
        else this.values[f.key] = v;
        if (!this.pinned.includes(f.key)) this.pinned.push(f.key);
        this.onChange();
      }, "c");
      field = made;
      this.cache.set(f.key, field);
    }
    return field;
  }

  private pin(key: string): void {
    if (!this.pinned.includes(key)) this.pinned.unshift(key);
    this.render();
    this.cache.get(key)?.el.querySelector<HTMLElement>("input:checked, input")?.focus();
  }

  private render(): void {
    const focused = document.activeElement;
    const plan = planFields({ index: this.index, known: this.values, pinned: this.pinned, deciders: this.deciders }).map((f) => f.key);
    // Fields already on screen keep their place; new ones come after them.
    const next = [...this.shown.filter((k) => plan.includes(k)), ...plan.filter((k) => !this.shown.includes(k))];
    this.shown = next;
    clear(this.fields);
    for (const key of next) {
      const f = this.index.get(key)!;
      const field = this.field(f);
      field.set(this.values[key]);
      this.fields.append(field.el);
    }
    if (focused instanceof HTMLElement && this.fields.contains(focused) && document.activeElement !== focused) focused.focus();

    clear(this.chips);
    const chipKeys = Object.keys(this.values).filter((k) => !next.includes(k));
    this.chips.hidden = chipKeys.length === 0;
    for (const key of chipKeys) this.chips.append(this.chip(key, this.values[key]!));
  }

  private chip(key: string, v: FactValue): HTMLElement {
    const def = this.index.get(key)?.def;
    const label = def?.label ?? key;
    const text = `${label}：${formatFact(def, v)}`;
    return h(
      "li",
      { class: "chip" },
      h("button", { type: "button", class: "chip-edit", "aria-label": `更正 ${text}`, onclick: () => this.pin(key) }, text),
      h(
        "button",
        {
          type: "button",
          class: "chip-remove",
          "aria-label": `删除 ${label}`,
          onclick: () => {
            delete this.values[key];
            this.cache.get(key)?.set(undefined);
            this.render();
            this.onChange();
          },
        },
        "×",
      ),
    );
  }

  private renderFinder(): void {
    clear(this.finderResults);
    for (const f of findFacts(this.merged, this.finderInput.value)) {
      this.finderResults.append(
        h(
          "li",
          null,
          h(
            "button",
            {
              type: "button",
              class: "finder-hit",
              onclick: () => {
                this.finderInput.value = "";
                clear(this.finderResults);
                this.pin(f.key);
              },
            },
            `添加“${f.def.label}”`,
          ),
        ),
      );
    }
    if (this.finderInput.value.trim() && !this.finderResults.childElementCount) this.finderResults.append(h("li", { class: "muted" }, "没有找到相关信息项"));
  }
}
