import { factField, type FactField } from "../components/factField.js";
import { h } from "../lib/dom.js";
import type { FactDef, Profile } from "../lib/types.js";

/** Groups an operator fills first on a call stay open; the long tail starts folded. */
const OPEN_GROUPS = new Set(["地区", "企业类型", "资质与状态", "项目与投入"]);

/** The enterprise profile form, generated from the fact registry. */
export class ProfileForm {
  readonly el: HTMLFormElement;
  private readonly fields: FactField[] = [];

  constructor(facts: FactDef[], onChange: () => void) {
    const groups = new Map<string, FactDef[]>();
    for (const f of facts) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
    this.el = h(
      "form",
      { class: "console-form", "aria-label": "企业信息" },
      [...groups].map(([group, defs]) => {
        const fields = defs.map((d) => factField(d, onChange, "c"));
        this.fields.push(...fields);
        return h(
          "details",
          { class: "group", open: OPEN_GROUPS.has(group) },
          h("summary", { class: "group-title" }, group, h("span", { class: "group-count" }, `${defs.length}项`)),
          h("fieldset", { class: "group-fields" }, h("legend", { class: "zct-sr" }, group), fields.map((f) => f.el)),
        );
      }),
    );
    this.el.addEventListener("submit", (e) => e.preventDefault());
  }

  value(): Profile {
    const p: Profile = {};
    for (const f of this.fields) {
      const v = f.get();
      if (v !== undefined) p[f.def.key] = v;
    }
    return p;
  }

  clear(): void {
    for (const f of this.fields) f.set(undefined);
  }
}
