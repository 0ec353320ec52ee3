import { Document, isMap, isScalar, isSeq, visit } from "yaml";
import type { CompileReport } from "./compile/index.js";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { FACT_BY_KEY, type FactDef, type Profile } from "../core/facts/registry.js";
import { ruleFacts } from "../core/rules/facts-of.js";
import { evalLeaf, leaves } from "../core/rules/conditions.js";
import { describeValue } from "../core/rules/describe.js";
import { evaluateRule, makeContext } from "../core/rules/engine.js";
import type { Formula, Leaf, Rule, RuleCase, RuleInput } from "../core/rules/schema.js";

/**
 * A document's compiled rules as a reviewable curated rule file (the corpus/rules format):
 * `origin` dropped, compiled fact keys kept, ids readable, and `cases` generated for each
 * rule — a profile at, below and above every threshold the rule reads, its status and amount
 * as the engine computes them today. A reviewer corrects what is wrong and commits the file
 * under corpus/rules/, where it replaces the compiled rules of the same clauses. Pure.
 */

export interface DraftInput {
  doc: DocMeta;
  /** The document's clauses (for the quote-only list). */
  clauses: readonly Clause[];
  /** Compiled rules of this document. */
  rules: readonly Rule[];
  /** Facts the compiler minted (registered by the caller, so labels resolve). */
  facts: readonly FactDef[];
  report: CompileReport;
  asOf: string;
}

export interface Draft {
  rules: RuleInput[];
  yaml: string;
}

const MAX_CASES = 14;

type Kind = FactDef["type"];

function typeOf(key: string, facts: ReadonlyMap<string, FactDef>): Kind | undefined {
  return facts.get(key)?.type ?? FACT_BY_KEY.get(key)?.type;
}

/** A readable step next to a figure: 1万元 beside money in 万元, 1 beside counts and percents. */
function stepOf(type: Kind | undefined, v: number): number {
  if (type === "money" || type === "usd") return v >= 20_000 ? 10_000 : v >= 20 ? 1 : 0.01;
  return Number.isInteger(v) ? 1 : 0.1;
}

const round = (n: number) => Number(n.toFixed(2));

/** Figures worth trying for each numeric fact: its thresholds and the points where a cap starts to bind. */
function formulaPoints(f: Formula, add: (key: string, v: number) => void, near: (key: string, v: number) => void): void {
  switch (f.kind) {
    case "rate":
      if (f.cap !== undefined) near(f.base, round((f.cap * 100) / f.rate));
      break;
    case "perPeriod":
      if (f.base && f.rate !== undefined && f.periodCap !== undefined) near(f.base, round((f.periodCap * 100) / f.rate));
      break;
    case "perUnit": {
      const cap = f.yearlyCap ?? f.totalCap;
      if (cap !== undefined && f.amount) near(f.count, Math.ceil(cap / f.amount));
      break;
    }
    case "tiers":
      for (const t of f.tiers) {
        if (t.from !== undefined) add(f.base, t.from);
        if (t.to !== undefined) add(f.base, t.to);
      }
      break;
    case "marginal":
      for (const b of f.bands) if (b.to !== undefined) add(f.base, b.to);
      break;
    case "perStep":
      add(f.base, f.step);
      if (f.cap !== undefined) near(f.base, f.step * Math.ceil(f.cap / f.amount));
      break;
    case "excess":
      add(f.base, f.threshold);
      if (f.cap !== undefined) near(f.base, round(f.threshold + (f.cap * 100) / f.rate));
      break;
    case "multiple":
      if (f.cap !== undefined) near(f.base, round(f.cap / f.times));
      break;
    case "rateRange":
      if (f.cap !== undefined) near(f.base, round((f.cap * 100) / f.max));
      break;
    default:
      break;
  }
}

/** A value of the fact's type when the rule gives no figure to start from. */
function typical(key: string, type: Kind | undefined, f: Formula): Profile[string] {
  if (f.kind === "lookup" && f.fact === key) return f.options[0].value;
  if (key === "usdRate") return 7;
  switch (type) {
    case "money":
    case "usd":
      return 10_000_000;
    case "percent":
      return 20;
    case "years":
      return 3;
    case "months":
      return 6;
    case "boolean":
      return true;
    case "text":
      return (FACT_BY_KEY.get(key)?.phrases ?? [])[1] ?? "是";
    default:
      return 10;
  }
}

function regionProfile(doc: DocMeta): Profile {
  const r = doc.region;
  return { ...(r.province ? { province: r.province } : {}), ...(r.city ? { city: r.city } : {}), ...(r.district ? { district: r.district } : {}) };
}

/** Profiles around every threshold; expected outcomes come from the engine, for a reviewer to confirm. */
export function casesFor(rule: Rule, doc: DocMeta, facts: ReadonlyMap<string, FactDef>, ctx: Parameters<typeof evaluateRule>[2]): RuleCase[] {
  const own: Leaf[] = rule.conditions ? leaves(rule.conditions) : [];
  const points = new Map<string, number[]>();
  const add = (key: string, v: number) => {
    if (!Number.isFinite(v) || v < 0) return;
    const type = typeOf(key, facts);
    const d = stepOf(type, v);
    const list = points.get(key) ?? [];
    for (const x of [v, round(v - d), round(v + d)]) if (x >= 0 && !list.includes(x)) list.push(x);
    points.set(key, list);
  };
  // Where a cap starts to bind is rarely a round figure: the round figures either side of it.
  const near = (key: string, v: number) => {
    const d = stepOf(typeOf(key, facts), v);
    const lo = round(Math.floor(v / d) * d);
    const hi = round(Math.ceil(v / d) * d);
    if (lo === hi) return add(key, v);
    const list = points.get(key) ?? [];
    for (const x of [lo, hi]) if (x >= 0 && !list.includes(x)) list.push(x);
    points.set(key, list);
  };
  for (const l of own) if (typeof l.value === "number") add(l.fact, l.value);
  formulaPoints(rule.amount, add, near);

  const keys = [...ruleFacts(rule)];
  if (rule.amount.kind === "rate" && rule.amount.fx) keys.push(rule.amount.fx);
  // The base profile meets every condition of the rule: a value that satisfies all leaves on its fact.
  const base: Profile = regionProfile(doc);
  for (const key of keys) {
    const onFact = own.filter((l) => l.fact === key);
    const candidates = points.get(key) ?? [];
    const fits = candidates.find((v) => onFact.every((l) => evalLeaf(l, { [key]: v }).value === true));
    const bool = onFact.find((l) => typeof l.value === "boolean");
    base[key] = bool ? (bool.value as boolean) : (fits ?? (onFact.length ? candidates[0] : undefined) ?? typical(key, typeOf(key, facts), rule.amount));
  }

  const label = (key: string) => facts.get(key)?.label ?? FACT_BY_KEY.get(key)?.label ?? key;
  const out: RuleCase[] = [];
  const seen = new Set<string>();
  const push = (name: string, profile: Profile) => {
    const id = JSON.stringify(profile);
    if (seen.has(id) || out.length >= MAX_CASES) return;
    seen.add(id);
    const m = evaluateRule(rule, profile, ctx);
    const verdict = m.status === "eligible" ? (m.amount?.text ?? "符合") : m.status === "ineligible" ? "不符合" : "待补充";
    const c: RuleCase = { name: `${name} → ${verdict}`, profile: profile as RuleCase["profile"], status: m.status };
    if (m.status === "eligible" && m.amount?.yuan !== undefined) c.amount = m.amount.yuan;
    if (m.status === "needs_info") c.missing = m.missing;
    if (m.amount?.min !== undefined && m.amount.yuan === undefined) c.min = m.amount.min;
    if (m.amount?.max !== undefined && m.amount.yuan === undefined) c.max = m.amount.max;
    out.push(c);
  };
  const describe = (key: string, v: Profile[string]) => `${label(key)}${describeValue(key, v as number | string | boolean)}`;
  push(keys.map((k) => describe(k, base[k])).join("，") || "无需事实", base);
  for (const [key, values] of points) {
    for (const v of [...values].sort((a, b) => a - b)) push(describe(key, v), { ...base, [key]: v });
  }
  if (rule.amount.kind === "lookup") for (const o of rule.amount.options) push(describe(rule.amount.fact, o.value), { ...base, [rule.amount.fact]: o.value });
  for (const key of keys) {
    const { [key]: _drop, ...rest } = base;
    void _drop;
    push(`${label(key)}未知`, rest);
  }
  return out;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "doc";

/** The draft rules: readable ids (references follow), no origin, empty lists left out. */
export function draftRules(input: DraftInput): RuleInput[] {
  const facts = new Map(input.facts.map((f) => [f.key, f]));
  const ctx = makeContext(input.rules, [input.doc], input.asOf);
  const prefix = slug(input.doc.id);
  const width = String(input.rules.length).length;
  const idOf = new Map(input.rules.map((r, i) => [r.id, `${prefix}-${String(i + 1).padStart(Math.max(2, width), "0")}`]));
  return input.rules.map((r) => {
    const cases = casesFor(r, input.doc, facts, ctx);
    // Words of its own facts are a first guess at what makes a question about this rule.
    const keywords = [...new Set([...ruleFacts(r)].map((k) => facts.get(k)?.label ?? FACT_BY_KEY.get(k)?.label ?? "").filter((w) => w.length >= 2))];
    const { origin: _origin, id, general, requires, notes, keywords: _kw, subject, cases: _c, ...rest } = r;
    void _origin;
    void _kw;
    void _c;
    const out: RuleInput = {
      id: idOf.get(id)!,
      ...rest,
      keywords,
      ...(subject.length ? { subject } : {}),
      ...(general.length ? { general: general.map((g) => idOf.get(g) ?? g) } : {}),
      ...(requires.length ? { requires: requires.map((g) => idOf.get(g) ?? g) } : {}),
      ...(notes.length ? { notes } : {}),
      cases,
    };
    return out;
  });
}

const ORDER = ["id", "docId", "article", "title", "quote", "target", "keywords", "subject", "conditions", "general", "requires", "amount", "notes", "exclusiveGroup", "payment", "cases"];

function ordered(r: RuleInput): Record<string, unknown> {
  const o = r as unknown as Record<string, unknown>;
  return Object.fromEntries([...ORDER.filter((k) => k in o), ...Object.keys(o).filter((k) => !ORDER.includes(k))].map((k) => [k, o[k]]));
}

/** The rule file as text: a review header, then rules with their small maps written on one line. */
export function draftYaml(input: DraftInput, rules: readonly RuleInput[], command: string): string {
  const doc = new Document({ rules: rules.map(ordered) });
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
    Map(_, node) {
      // One-line maps for leaves (conditions, amounts, profiles, tiers), as in the curated files.
      if (node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every(isScalar)))) node.flow = true;
      if (node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every((x) => isMap(x) && x.items.every((q) => isScalar(q.value)))))) node.flow ||= JSON.stringify(node.toJSON()).length < 160;
    },
  });
  const unread = input.report.unread.filter((u) => input.clauses.some((c) => c.id === u.clauseId));
  const articleOf = new Map(input.clauses.map((c) => [c.id, c.article]));
  const header = [
    `# 规则草稿：${input.doc.title}（${input.doc.id}）`,
    `# 由 ${command} 从条款文字自动生成，尚未审核。审核后提交到 corpus/rules/，即取代同一条款的自动编译规则。`,
    "# 审核要点：",
    "# - quote 须逐字出自条款，公式与条件中的每个数字都须写在 quote 里（ingest 会校验，不符即拒绝构建）。",
    "# - 事实键 c:<短语>:<单位> 是编译器按条款用语生成的，可保留，也可换成 core/facts/registry.ts 中已有的事实。",
    "# - cases 是引擎按本草稿算出的结果（门槛处、门槛下、门槛上、事实未知），请逐条核对，错的改规则，不要只改期望值。",
    "# - 补充 keywords；把该文件加入 test/rules/fixtures/docs.ts 后，npm test 会运行这些用例。",
    ...(unread.length
      ? [`# 以下 ${unread.length} 处金额条款未能自动读取（回答中只引用原文），可按需手写规则：`, ...unread.map((u) => `#   ${articleOf.get(u.clauseId) ?? u.clauseId}：${u.text}`)]
      : []),
  ];
  return `${header.join("\n")}\n${doc.toString({ lineWidth: 0, flowCollectionPadding: true })}`;
}
