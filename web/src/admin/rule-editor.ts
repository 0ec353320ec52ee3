import { clear, h } from "../lib/dom.js";
import { debounce } from "../lib/debounce.js";
import { findIgnoringSpace } from "../lib/highlight.js";
import { adminApi, ApiError } from "./admin-api.js";
import { clauseNumbers, valueForField, wanToYuan, yuanToWanNumber, type ClauseNumber } from "./units.js";

/**
 * Edit or write a rule beside its clause. The mechanism is chosen from the engine's list and its
 * form is the one the server generated from that mechanism's zod schema; numbers are filled by
 * clicking them in the clause (so every number comes from the clause); conditions are built from
 * facts (existing, or a new one named by a phrase of the clause with its unit); the clerk's own
 * cases (inputs → expected status and amount) run with the schema and provenance checks as the clerk
 * types. Amounts are entered and shown in 万元, stored in 元.
 */

export interface Field {
  name: string;
  label: string;
  kind: string;
  optional: boolean;
  options?: string[];
}
export interface Vocab {
  mechanisms: { kind: string; label: string; fields: Field[] }[];
  facts: { key: string; label: string; type: string; unit?: string }[];
  ops: { op: string; label: string }[];
}
/** What the editor starts from: a queue item (a rule, or a sentence without one). */
export interface Start {
  docId: string;
  article: string;
  title: string;
  text: string;
  clause: string;
  rule?: any;
}

const UNITS = ["元", "个", "件", "人", "家", "台", "套", "平方米", "年", "月", "%", "是否"];
const STATUS = [
  ["eligible", "符合条件"],
  ["ineligible", "不符合条件"],
  ["needs_info", "缺少信息"],
] as const;
const OP_WORD: Record<string, [string, string]> = { gte: ["", "以上（含）"], gt: ["超过", ""], lte: ["不超过", ""], lt: ["低于", ""], eq: ["", ""] };

let vocab: Vocab | undefined;
const loadVocab = async () => (vocab ??= await adminApi<Vocab>("/admin/api/rules/editor"));

export async function openEditor(root: HTMLElement, start: Start, onSaved: (message: string) => void): Promise<void> {
  const v = await loadVocab();
  const editing: string | undefined = start.rule?.id;
  const r = start.rule ?? {};
  // Facts named on this page join the list for this editor.
  const facts = [...v.facts];
  const factOf = (key: string) => facts.find((f) => f.key === key);
  const isMoneyFact = (key: string) => factOf(key)?.type === "money" || /:元$/.test(key);

  // Conditions this form can show are one leaf or leaves all required; others (或, nested) are kept as they are.
  const isLeaf = (c: any) => c && typeof c.fact === "string";
  const simpleConds = !r.conditions || isLeaf(r.conditions) || (Array.isArray(r.conditions.all) && r.conditions.all.every(isLeaf));

  let lastNumeric: HTMLInputElement | undefined;
  const track = (el: HTMLInputElement) => {
    el.addEventListener("focus", () => (lastNumeric = el));
    return el;
  };

  // The clause, each figure a button: a click fills the field last focused, in that field's unit.
  const quote = h("textarea", { id: "editor-quote", rows: 3, "aria-label": "引文（须逐字出自条款）" }) as HTMLTextAreaElement;
  quote.value = r.quote ?? start.text;
  const clauseView = h("div", { class: "clause editor-clause", "aria-label": "条款原文（点击数字填入）" });
  const renderClause = () => {
    clear(clauseView);
    const text = start.clause;
    // The quote's place in the clause (whitespace ignored, as provenance compares): marked.
    const [qs, qe] = findIgnoringSpace(text, quote.value.trim()) ?? [-1, -1];
    const cuts = [...new Set([0, text.length, ...(qs >= 0 ? [qs, qe] : [])])].sort((a, b) => a - b);
    const piece = (from: number, to: number) => {
      for (let i = 0; i < cuts.length - 1; i++) {
        const a = Math.max(from, cuts[i]);
        const b = Math.min(to, cuts[i + 1]);
        if (b <= a) continue;
        const part = text.slice(a, b);
        clauseView.append(qs >= 0 && a >= qs && b <= qe ? h("mark", null, part) : part);
      }
    };
    let at = 0;
    for (const n of clauseNumbers(text)) {
      piece(at, n.start);
      clauseView.append(h("button", { type: "button", class: `num${qs >= 0 && n.start >= qs && n.end <= qe ? " in-quote" : ""}`, "data-num": n.text, title: "填入当前字段", onmousedown: (e: Event) => e.preventDefault(), onclick: () => fill(n) }, n.text));
      at = n.end;
    }
    piece(at, text.length);
  };
  const fill = (n: ClauseNumber) => {
    if (!lastNumeric) return note("请先点选要填写的数字字段，再点击条款中的数字");
    lastNumeric.value = String(valueForField(n, lastNumeric.dataset.kind ?? "number"));
    lastNumeric.dispatchEvent(new Event("input", { bubbles: true }));
  };

  const title = h("input", { id: "editor-title", value: r.title ?? start.title, "aria-label": "标题" }) as HTMLInputElement;
  const target = h("input", { id: "editor-target", value: r.target ?? "", placeholder: "如：新建研发实验室的企业", "aria-label": "适用对象" }) as HTMLInputElement;
  const keywords = h("input", { id: "editor-keywords", value: (r.keywords ?? []).join("，"), placeholder: "提问中的说法，逗号分隔", "aria-label": "关键词" }) as HTMLInputElement;

  // A new fact: a phrase of the clause and its unit.
  const newPhrase = h("input", { id: "new-fact-phrase", placeholder: "条款中的说法，如：标准间", "aria-label": "新事实的说法" }) as HTMLInputElement;
  const newUnit = h("select", { id: "new-fact-unit", "aria-label": "新事实的单位" }, ...UNITS.map((u) => h("option", { value: u }, u))) as HTMLSelectElement;
  const factSelects: HTMLSelectElement[] = [];
  const factOptions = (sel: HTMLSelectElement, value?: string) => {
    clear(sel);
    sel.append(h("option", { value: "" }, "（选择事实）"), ...facts.map((f) => h("option", { value: f.key, selected: f.key === value }, `${f.label}${f.unit ? `（${f.unit}）` : f.type === "money" ? "（万元）" : ""}`)));
  };
  const addFact = () => {
    const phrase = newPhrase.value.trim();
    if (!phrase) return note("请填写新事实的说法");
    if (!start.clause.includes(phrase)) return note(`“${phrase}”不是条款中的说法，请用条款原文中的词`);
    const unit = newUnit.value;
    const type = unit === "元" ? "money" : unit === "%" ? "percent" : unit === "是否" ? "boolean" : "count";
    const key = `c:${phrase}:${unit}`;
    if (!factOf(key)) facts.push({ key, label: phrase, type, ...(type === "count" ? { unit } : {}) });
    for (const s of factSelects) factOptions(s, s.value);
    note(`已新建事实“${phrase}”（${unit}），可在下面选择`, "ok");
  };

  // The mechanism's form, generated from its schema.
  const kind = h("select", { id: "editor-kind", "aria-label": "计算方式" }, ...v.mechanisms.map((m) => h("option", { value: m.kind, selected: m.kind === r.amount?.kind }, m.label))) as HTMLSelectElement;
  const form = h("div", { class: "editor-form" });
  const inputs = new Map<string, { field: Field; el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement }>();
  const renderForm = (initial: Record<string, unknown> = {}) => {
    clear(form);
    inputs.clear();
    const mech = v.mechanisms.find((m) => m.kind === kind.value)!;
    for (const f of mech.fields) {
      let el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
      const val = initial[f.name];
      if (f.kind === "fact") {
        el = h("select", { "data-field": f.name }) as HTMLSelectElement;
        factOptions(el as HTMLSelectElement, val as string | undefined);
        factSelects.push(el as HTMLSelectElement);
      } else if (f.kind === "boolean") {
        el = h("input", { type: "checkbox", "data-field": f.name, checked: val === true || (val === undefined && f.name === "once") }) as HTMLInputElement;
      } else if (f.kind === "choice") {
        el = h("select", { "data-field": f.name }, ...(f.optional ? [h("option", { value: "" }, "（不填）")] : []), ...(f.options ?? []).map((o) => h("option", { value: o, selected: o === val }, o))) as HTMLSelectElement;
      } else if (f.kind === "json") {
        el = h("textarea", { "data-field": f.name, rows: 2, placeholder: "JSON" }) as HTMLTextAreaElement;
        if (val !== undefined) el.value = JSON.stringify(val);
      } else if (f.kind === "text") {
        el = h("input", { type: "text", "data-field": f.name, value: (val as string) ?? "" }) as HTMLInputElement;
      } else {
        el = track(h("input", { type: "number", step: "any", "data-field": f.name, "data-kind": f.kind }) as HTMLInputElement);
        if (typeof val === "number") el.value = String(f.kind === "money" ? yuanToWanNumber(val) : val);
      }
      inputs.set(f.name, { field: f, el });
      const unit = f.kind === "money" ? "万元" : f.kind === "percent" ? "%" : "";
      form.append(h("label", { class: "editor-field" }, `${f.label}${f.optional ? "" : " *"}`, " ", el, unit ? h("span", { class: "unit" }, unit) : null));
    }
  };

  // Conditions: fact, comparison, number (in the fact's display unit).
  const conds = h("div", { class: "editor-conds" });
  const condRows: { fact: HTMLSelectElement; op: HTMLSelectElement; value: HTMLInputElement }[] = [];
  const addCond = (leaf?: any) => {
    const fact = h("select", { "aria-label": "条件事实" }) as HTMLSelectElement;
    factOptions(fact, leaf?.fact);
    factSelects.push(fact);
    const op = h("select", { "aria-label": "比较" }, ...v.ops.map((o) => h("option", { value: o.op, selected: o.op === leaf?.op }, o.label))) as HTMLSelectElement;
    const value = track(h("input", { type: "number", step: "any", "aria-label": "门槛", "data-kind": "number" }) as HTMLInputElement);
    const syncKind = () => (value.dataset.kind = isMoneyFact(fact.value) ? "money" : "number");
    fact.addEventListener("change", syncKind);
    if (leaf && typeof leaf.value === "number") value.value = String(isMoneyFact(leaf.fact) ? yuanToWanNumber(leaf.value) : leaf.value);
    syncKind();
    const row = { fact, op, value };
    condRows.push(row);
    conds.append(h("div", { class: "admin-row cond-row" }, fact, op, value, h("span", { class: "unit" }, "（金额填万元；是/否条件不填数字）")));
  };

  // The clerk's cases: a value for each fact the rule reads, the expected status and amount (万元).
  const casesBox = h("div", { class: "editor-cases" });
  const caseRows: { name: HTMLInputElement; values: HTMLInputElement; status: HTMLSelectElement; amount: HTMLInputElement }[] = [];
  const addCase = (c?: any) => {
    const name = h("input", { value: c?.name ?? `用例${caseRows.length + 1}`, "aria-label": "用例名称", class: "case-name" }) as HTMLInputElement;
    const values = h("input", { class: "case-values", "aria-label": "用例输入", placeholder: "事实=数值，如 标准间=3；金额填万元" }) as HTMLInputElement;
    if (c?.profile) values.value = Object.entries(c.profile).map(([k, x]) => `${factOf(k)?.label ?? k}=${typeof x === "number" && isMoneyFact(k) ? yuanToWanNumber(x) : x}`).join("；");
    const status = h("select", { "aria-label": "期望结果", class: "case-status" }, ...STATUS.map(([s, l]) => h("option", { value: s, selected: s === c?.status }, l))) as HTMLSelectElement;
    const amount = h("input", { type: "number", step: "any", "aria-label": "期望金额（万元）", class: "case-amount" }) as HTMLInputElement;
    if (typeof c?.amount === "number") amount.value = String(yuanToWanNumber(c.amount));
    caseRows.push({ name, values, status, amount });
    casesBox.append(h("div", { class: "admin-row case-row" }, name, values, status, amount, h("span", { class: "unit" }, "万元")));
  };

  const summary = h("p", { class: "editor-summary rule-summary", role: "status" });
  const checks = h("ul", { class: "editor-checks", "aria-live": "polite" });
  const msg = h("p", { class: "admin-status", role: "status" });
  const note = (text: string, kindOf: "ok" | "error" = "error") => {
    msg.textContent = text;
    msg.className = `admin-status ${kindOf}`;
  };

  /** The rule as JSON in the schema of corpus/rules/*.yaml, from what the form says. */
  const draft = (): Record<string, unknown> => {
    const amount: Record<string, unknown> = { kind: kind.value };
    for (const [name, { field, el }] of inputs) {
      if (field.kind === "boolean") {
        if ((el as HTMLInputElement).checked) amount[name] = true;
        else if (!field.optional) amount[name] = false;
        continue;
      }
      const raw = el.value.trim();
      if (!raw) continue;
      if (field.kind === "json") {
        try {
          amount[name] = JSON.parse(raw);
        } catch {
          amount[name] = raw;
        }
      } else if (["money", "percent", "number", "integer"].includes(field.kind)) amount[name] = field.kind === "money" ? wanToYuan(Number(raw)) : Number(raw);
      else amount[name] = raw;
    }
    const leaves = condRows
      .filter((c) => c.fact.value)
      .map((c) => {
        const f = factOf(c.fact.value);
        const label = f?.label ?? c.fact.value;
        if (f?.type === "boolean" || !c.value.value.trim()) return { fact: c.fact.value, op: "eq", value: true, label };
        const n = Number(c.value.value);
        const money = isMoneyFact(c.fact.value);
        const value = money ? wanToYuan(n) : n;
        const [pre, post] = OP_WORD[c.op.value] ?? ["", ""];
        return { fact: c.fact.value, op: c.op.value, value, label: `${label}${pre}${n}${money ? "万元" : (f?.unit ?? "")}${post}` };
      });
    const byLabel = new Map(facts.map((f) => [f.label, f.key]));
    const cases = caseRows.map((c) => {
      const profile: Record<string, unknown> = {};
      for (const part of c.values.value.split(/[；;，,]/)) {
        const [k, x] = part.split(/[=＝:：]/).map((s) => s.trim());
        if (!k || x === undefined) continue;
        const key = byLabel.get(k) ?? k;
        const n = Number(x);
        profile[key] = x === "是" ? true : x === "否" ? false : Number.isFinite(n) ? (isMoneyFact(key) ? wanToYuan(n) : n) : x;
      }
      return { name: c.name.value || "用例", profile, status: c.status.value, ...(c.amount.value.trim() ? { amount: wanToYuan(Number(c.amount.value)) } : {}) };
    });
    return {
      ...(editing ? { id: editing } : {}),
      docId: start.docId,
      article: start.article,
      title: title.value.trim() || start.title,
      quote: quote.value.trim(),
      target: target.value.trim(),
      keywords: keywords.value.split(/[，,、\s]+/).filter(Boolean),
      ...(r.subject?.length ? { subject: r.subject } : {}),
      ...(r.general?.length ? { general: r.general } : {}),
      ...(r.requires?.length ? { requires: r.requires } : {}),
      ...(r.notes?.length ? { notes: r.notes } : {}),
      ...(r.payment ? { payment: r.payment } : {}),
      ...(r.exclusiveGroup ? { exclusiveGroup: r.exclusiveGroup } : {}),
      ...(!simpleConds ? { conditions: r.conditions } : leaves.length ? { conditions: leaves.length === 1 ? leaves[0] : { all: leaves } } : {}),
      amount,
      cases,
    };
  };

  let seq = 0;
  const runChecks = debounce(async () => {
    renderClause();
    const mine = ++seq;
    try {
      const res = await adminApi<any>(`/admin/api/rules/check${editing ? `?id=${encodeURIComponent(editing)}` : ""}`, { method: "POST", body: JSON.stringify(draft()) });
      if (mine !== seq) return;
      summary.textContent = res.summary ?? "";
      clear(checks);
      const caseNames = new Set(res.cases.map((c: any) => c.name));
      const other = res.problems.filter((p: string) => !/^用例“/.test(p) || ![...caseNames].some((n) => p.startsWith(`用例“${n}”`)));
      checks.append(h("li", { class: other.length ? "fail" : "pass", "data-check": "rule" }, other.length ? `✗ 模式与出处校验：${other.join("；")}` : "✓ 模式与出处校验通过（每个数字都在引文中）"));
      for (const c of res.cases) checks.append(h("li", { class: c.pass ? "pass" : "fail", "data-case": c.name }, `${c.pass ? "✓" : "✗"} 用例“${c.name}”：期望${c.expected}，实际${c.got}`));
      save.disabled = !res.ok;
    } catch (e) {
      if (mine === seq) note((e as Error).message);
    }
  }, 250);

  const save = h("button", { type: "button", id: "editor-save", class: "primary" }, editing ? "保存修改" : "保存规则") as HTMLButtonElement;
  save.addEventListener("click", async () => {
    save.disabled = true;
    note("正在保存并更新规则…", "ok");
    try {
      const res = await adminApi<any>(editing ? `/admin/api/rules/${encodeURIComponent(editing)}` : "/admin/api/rules", { method: editing ? "PUT" : "POST", body: JSON.stringify(draft()) });
      note(`已保存规则 ${res.id}（写入 ${res.file}），问答已使用新规则`, "ok");
      onSaved(`已保存规则 ${res.id}：${res.summary ?? ""}`);
    } catch (e) {
      note([(e as Error).message, ...(e instanceof ApiError ? e.details : [])].join("；"));
      save.disabled = false;
    }
  });

  // A fresh panel per opening: listeners of an editor opened before die with its panel.
  const panel = h("div", { class: "editor-panel" });
  clear(root);
  root.hidden = false;
  root.append(panel);
  panel.append(
    h("h3", null, editing ? `编辑规则 ${editing}` : "为这句写规则", `（${start.article}）`),
    summary,
    h("p", { class: "admin-hint" }, "点选一个数字字段，再点击条款中的数字填入；金额以万元填写。"),
    clauseView,
    h("label", { class: "editor-field wide" }, "引文（逐字出自条款）", quote),
    h("div", { class: "admin-row" }, h("label", null, "标题 ", title), h("label", null, "适用对象 ", target), h("label", null, "关键词 ", keywords)),
    h("div", { class: "admin-row" }, h("label", null, "计算方式 ", kind)),
    form,
    h("h4", null, "新建事实"),
    h("div", { class: "admin-row" }, newPhrase, newUnit, h("button", { type: "button", id: "new-fact-btn", onclick: addFact }, "新建事实")),
    h("h4", null, "条件"),
    conds,
    h("button", { type: "button", id: "add-cond", onclick: () => (addCond(), runChecks()) }, "添加条件"),
    h("h4", null, "用例（输入 → 期望结果与金额）"),
    casesBox,
    h("button", { type: "button", id: "add-case", onclick: () => (addCase(), runChecks()) }, "添加用例"),
    h("h4", null, "校验"),
    checks,
    h("div", { class: "admin-row" }, save, h("button", { type: "button", onclick: () => ((root.hidden = true), clear(root)) }, "关闭")),
    msg,
  );
  renderForm(r.amount ?? {});
  kind.addEventListener("change", () => (renderForm(), runChecks()));
  if (r.conditions && simpleConds) for (const leaf of r.conditions.all ?? [r.conditions]) addCond(leaf);
  if (!simpleConds) conds.append(h("p", { class: "admin-hint" }, "条件含“或”或嵌套，保持原样：", JSON.stringify(r.conditions)));
  for (const c of r.cases ?? []) addCase(c);
  // Every edit re-runs the checks.
  panel.addEventListener("input", () => runChecks());
  panel.addEventListener("change", () => runChecks());
  renderClause();
  runChecks();
  root.scrollIntoView({ block: "start" });
}
