import type { Api } from "../lib/api.js";
import { clear, h, uid } from "../lib/dom.js";
import { byKey, loadFacts } from "../lib/facts.js";
import type { FactDef, Profile } from "../lib/types.js";
import { factField, formatFact, type FactField } from "./factField.js";

/**
 * What the assistant has understood about the enterprise, in plain Chinese,
 * and a way to correct it. Saving hands the edited profile back so the
 * conversation can be answered again with it.
 */
export class ProfilePanel {
  readonly el: HTMLElement;
  private readonly content: HTMLElement;
  private profile: Profile = {};
  private facts: Map<string, FactDef> = new Map();
  private allFacts: FactDef[] = [];
  private editing = false;
  private readonly headingId = uid("profile-h");

  constructor(
    private readonly api: Api,
    private readonly onSubmit: (profile: Profile) => void,
  ) {
    this.content = h("div", { class: "profile-content" });
    this.el = h(
      "section",
      { class: "profile-panel", "aria-labelledby": this.headingId },
      h("h2", { class: "panel-title", id: this.headingId }, "已了解的企业信息"),
      this.content,
    );
    void loadFacts(api).then((facts) => {
      this.allFacts = facts;
      this.facts = byKey(facts);
      if (!this.editing) this.renderView();
    });
    this.renderView();
  }

  update(profile: Profile): void {
    this.profile = { ...profile };
    if (!this.editing) this.renderView();
  }

  private renderView(): void {
    clear(this.content);
    const keys = Object.keys(this.profile).filter((k) => this.profile[k] !== undefined && this.profile[k] !== null);
    if (!keys.length) {
      this.content.append(h("p", { class: "muted" }, "提问时说明企业所在地、类型和投资额等情况，这里会列出助手理解到的信息，可随时更正。"));
    } else {
      this.content.append(
        h(
          "dl",
          { class: "facts-list" },
          keys.map((k) => h("div", { class: "fact-row" }, h("dt", null, this.facts.get(k)?.label ?? k), h("dd", null, formatFact(this.facts.get(k), this.profile[k]!)))),
        ),
      );
    }
    this.content.append(h("button", { type: "button", class: "btn btn--ghost", onclick: () => this.renderEdit() }, keys.length ? "更正信息" : "填写信息"));
  }

  private renderEdit(): void {
    this.editing = true;
    clear(this.content);
    const fields: FactField[] = [];
    const list = h("div", { class: "profile-fields" });
    const addField = (def: FactDef, value?: Profile[string]) => {
      const f = factField(def, () => {}, "p");
      f.set(value);
      fields.push(f);
      list.append(f.el);
    };
    for (const [k, v] of Object.entries(this.profile)) {
      const def = this.facts.get(k);
      if (def) addField(def, v);
    }
    const adderId = uid("add-fact");
    const adder = h(
      "select",
      { id: adderId, class: "input" },
      h("option", { value: "" }, "选择要补充的信息…"),
      this.allFacts.filter((d) => !(d.key in this.profile)).map((d) => h("option", { value: d.key }, `${d.group} · ${d.label}`)),
    );
    adder.addEventListener("change", () => {
      const def = this.facts.get(adder.value);
      if (!def || fields.some((f) => f.def.key === def.key)) return;
      addField(def);
      adder.selectedOptions[0]?.remove();
      adder.value = "";
      fields[fields.length - 1].el.querySelector<HTMLElement>("input")?.focus();
    });
    const form = h(
      "form",
      { class: "profile-form", "aria-label": "更正企业信息" },
      list,
      this.allFacts.length > 0 && h("div", { class: "field" }, h("label", { class: "field-label", for: adderId }, "补充一项"), adder),
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: "btn btn--primary" }, "按更正后的信息重新回答"),
        h("button", { type: "button", class: "btn btn--ghost", onclick: () => this.finish() }, "取消"),
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (fields.some((f) => f.invalid())) {
        form.querySelector<HTMLElement>(".field--invalid input")?.focus();
        return;
      }
      const next: Profile = {};
      for (const f of fields) {
        const v = f.get();
        if (v !== undefined) next[f.def.key] = v;
      }
      this.profile = next;
      this.finish();
      this.onSubmit(next);
    });
    this.content.append(form);
    form.querySelector<HTMLElement>("input, select")?.focus();
  }

  private finish(): void {
    this.editing = false;
    this.renderView();
    this.content.querySelector<HTMLElement>("button")?.focus();
  }
}
