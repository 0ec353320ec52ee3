import { h, uid } from "../lib/dom.js";
import { formatYuan, parseMoneyWan, yuanToWan } from "../lib/money.js";
import type { FactDef, FactValue } from "../lib/types.js";

/** A labelled control for one enterprise fact; `get()` is undefined while unknown. */
export interface FactField {
  def: FactDef;
  el: HTMLElement;
  get(): FactValue | undefined;
  set(v: FactValue | undefined): void;
  /** True when the text typed cannot be read as a value. */
  invalid(): boolean;
}

const SUFFIX: Partial<Record<FactDef["type"], string>> = { money: "万元", percent: "%", years: "年", months: "个月" };

export function factField(def: FactDef, onChange: () => void, prefix = "f"): FactField {
  return def.type === "boolean" ? booleanField(def, onChange, prefix) : inputField(def, onChange, prefix);
}

/** 是/否/未知 as a radio group: one click each, and "unknown" is explicit. */
function booleanField(def: FactDef, onChange: () => void, prefix: string): FactField {
  const name = uid(`${prefix}-${def.key}`);
  const labelId = uid("lbl");
  const options: [string, string][] = [
    ["true", "是"],
    ["false", "否"],
    ["", "未知"],
  ];
  const radios = options.map(([value, text]) => {
    const input = h("input", { type: "radio", name, value, onchange: onChange });
    if (value === "") input.checked = true;
    return { input, el: h("label", { class: "seg-option" }, input, h("span", null, text)) };
  });
  const el = h(
    "div",
    { class: "field field--bool" },
    h("span", { class: "field-label", id: labelId }, def.label),
    h("div", { class: "seg", role: "radiogroup", "aria-labelledby": labelId }, radios.map((r) => r.el)),
  );
  return {
    def,
    el,
    get() {
      const v = radios.find((r) => r.input.checked)?.input.value;
      return v === "true" ? true : v === "false" ? false : undefined;
    },
    set(v) {
      const want = v === true ? "true" : v === false ? "false" : "";
      for (const r of radios) r.input.checked = r.input.value === want;
    },
    invalid: () => false,
  };
}

function inputField(def: FactDef, onChange: () => void, prefix: string): FactField {
  const id = uid(`${prefix}-${def.key}`);
  const hintId = uid("hint");
  const suffix = SUFFIX[def.type] ?? def.unit ?? "";
  const numeric = def.type !== "text";
  const input = h("input", {
    id,
    class: "input",
    type: "text",
    inputmode: numeric ? "decimal" : null,
    autocomplete: "off",
    "aria-describedby": hintId,
    placeholder: def.type === "text" ? placeholderFor(def.key) : null,
    oninput: () => {
      el.classList.toggle("field--invalid", field.invalid());
      onChange();
    },
  });
  const hint =
    def.type === "money" ? "单位：万元，如 1000 或 1000万" : def.type === "percent" ? "单位：%，如 20" : suffix ? `单位：${suffix}` : "";
  const options = SUGGESTIONS[def.key];
  const listId = options ? uid("list") : null;
  if (listId) input.setAttribute("list", listId);
  const el = h(
    "div",
    { class: `field field--${def.type}` },
    listId && h("datalist", { id: listId }, options!.map((o) => h("option", { value: o }))),
    h("label", { class: "field-label", for: id }, def.label),
    h("div", { class: "input-wrap" }, input, suffix && h("span", { class: "input-suffix", "aria-hidden": "true" }, suffix)),
    h("span", { class: "field-hint", id: hintId }, hint || def.question),
  );
  const read = (): FactValue | undefined => {
    const raw = input.value.trim();
    if (!raw) return undefined;
    if (def.type === "text") return raw;
    if (def.type === "money") return parseMoneyWan(raw);
    const n = Number(raw.replace(/[,，%％]/g, ""));
    return Number.isFinite(n) ? n : undefined;
  };
  const field: FactField = {
    def,
    el,
    get: read,
    set(v) {
      if (v === undefined) input.value = "";
      else if (def.type === "money" && typeof v === "number") input.value = yuanToWan(v);
      else input.value = String(v);
    },
    invalid: () => input.value.trim() !== "" && read() === undefined,
  };
  return field;
}

/** Closed vocabularies the rules compare against, offered as suggestions. */
const SUGGESTIONS: Record<string, string[]> = {
  entityKind: ["企业", "高等院校", "科研机构", "行业协会", "省级主管部门"],
};

function placeholderFor(key: string): string | null {
  return key === "province" ? "如：浙江省" : key === "city" ? "如：杭州市" : key === "district" ? "如：余杭区" : null;
}

/** A fact's value as a sentence fragment: 是 / 否 / 1000万元 / 20% / 3件. */
export function formatFact(def: FactDef | undefined, v: FactValue): string {
  if (typeof v === "boolean") return v ? "是" : "否";
  if (!def || typeof v !== "number") return String(v);
  switch (def.type) {
    case "money":
      return formatYuan(v);
    case "percent":
      return `${v}%`;
    case "years":
      return `${v}年`;
    case "months":
      return `${v}个月`;
    default:
      return `${v}${def.unit ?? ""}`;
  }
}
