import { z } from "zod";
import { inForce } from "../../core/corpus/schema.js";
import { shortHash } from "../../core/corpus/doc-id.js";
import { evaluateRule } from "../../core/rules/engine.js";
import { formatYuan } from "../../core/rules/money.js";
import { checkRule } from "../../core/rules/provenance.js";
import { Rule } from "../../core/rules/schema.js";
import { summarizeRule } from "../../core/rules/summary.js";
import type { Services } from "../services.js";

/**
 * The checks a rule written on /admin must pass before it is saved, and that the editor runs as the
 * clerk types: the Rule schema, provenance (the quote verbatim in its clause, every number of the
 * rule written in the quote) and the clerk's own cases (inputs → expected status and amount).
 * Every problem is one Chinese sentence; a number missing from the quote is named.
 */

export const CaseResult = z.object({ name: z.string(), pass: z.boolean(), expected: z.string(), got: z.string() }).strict();
export type CaseResult = z.infer<typeof CaseResult>;
export const RuleCheckResponse = z
  .object({ ok: z.boolean(), problems: z.array(z.string()), cases: z.array(CaseResult), summary: z.string().optional(), id: z.string().optional() })
  .strict();
export type RuleCheckResponse = z.infer<typeof RuleCheckResponse>;

const STATUS: Record<string, string> = { eligible: "符合条件", ineligible: "不符合条件", needs_info: "缺少信息", expired: "已失效", not_yet: "尚未生效" };

/** zod's issues in Chinese, each with where in the rule it is. */
function issueText(i: z.core.$ZodIssue): string {
  const where = i.path.map(String).join(".") || "规则";
  const msg = /unknown fact key/.test(i.message) ? "未知的事实（请从事实列表中选择，或用条款中的说法新建事实）" : i.message;
  return `${where}：${msg}`;
}

/** The English half of a provenance message is for developers; the clerk reads the Chinese. */
const chinese = (m: string) => m.replace(/\s*\/\s*[A-Za-z][^\u4e00-\u9fff]*$/, "");

export interface Candidate {
  rule?: Rule;
  check: RuleCheckResponse;
}

/**
 * Check a rule as JSON. `id` is the rule replaced (PUT), when there is one; a new rule without an id
 * gets one from its document, article and quote. The rule is marked reviewed by `who` today.
 */
export function checkCandidate(input: unknown, s: Services, who: string, id?: string): Candidate {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { check: { ok: false, problems: ["规则应为 JSON 对象"], cases: [] } };
  const raw = input as Record<string, unknown>;
  if (id !== undefined && raw.id !== undefined && raw.id !== id) return { check: { ok: false, problems: [`规则编号“${String(raw.id)}”与地址中的“${id}”不一致`], cases: [] } };
  const minted = `r-${shortHash(`${String(raw.docId)}:${String(raw.article)}:${String(raw.quote)}`, 10)}`;
  const { origin: _o, reviewed: _r, ...rest } = raw;
  const parsed = Rule.safeParse({ ...rest, id: id ?? raw.id ?? minted, origin: "reviewed", reviewed: { at: s.today(), by: who || "admin" } });
  if (!parsed.success) return { check: { ok: false, problems: parsed.error.issues.map(issueText), cases: [] } };
  const rule = parsed.data;
  const problems: string[] = [];
  // The title heads the answer's section: a rule without one would be cited as a blank.
  if (!rule.title.trim()) problems.push("请填写标题（回答中引用规则时显示）");
  const doc = s.retriever.doc(rule.docId);
  const clause = s.retriever.clause(`${rule.docId}:${rule.article}`);
  if (!doc) problems.push(`文档“${rule.docId}”不在语料中`);
  else if (!clause) problems.push(`《${doc.title}》中没有条款“${rule.article}”`);
  else problems.push(...checkRule(rule, clause.text).map(chinese));
  const known = new Set(s.index.rules.map((r) => r.id));
  for (const ref of [...rule.general, ...rule.requires]) if (!known.has(ref)) problems.push(`引用的规则“${ref}”不存在`);
  const cases = doc ? runCases(rule, s, doc) : [];
  for (const c of cases) if (!c.pass) problems.push(`用例“${c.name}”未通过：应为${c.expected}，实际为${c.got}`);
  let summary: string | undefined;
  try {
    summary = summarizeRule(rule);
  } catch {
    summary = undefined;
  }
  return { rule, check: { ok: problems.length === 0, problems, cases, id: rule.id, ...(summary ? { summary } : {}) } };
}

const said = (status: string, yuan?: number) => `${STATUS[status] ?? status}${yuan !== undefined ? `、${formatYuan(yuan)}` : ""}`;

/** Each case on its own date, or on a day the document is in force (its terms, not today's validity). */
function runCases(rule: Rule, s: Services, doc: NonNullable<ReturnType<Services["retriever"]["doc"]>>): CaseResult[] {
  const today = s.today();
  const inForceDay = inForce(doc, today) ? today : (doc.validFrom ?? doc.validTo ?? today);
  return rule.cases.map((c) => {
    const base = s.engineContext(c.asOf ?? inForceDay);
    // The rule under edit stands in for the saved one of the same id (general conditions may name it).
    const ctx = rule.general.length || rule.requires.length ? { ...base, rulesById: new Map(base.rulesById).set(rule.id, rule) } : base;
    try {
      // The clerk's enterprise is in the document's region unless the case says where it is.
      const place = Object.fromEntries((["province", "city", "district"] as const).flatMap((k) => (doc.region?.[k] ? [[k, doc.region[k]]] : [])));
      const m = evaluateRule(rule, { ...place, ...c.profile }, ctx);
      const amountOk = c.amount === undefined || m.amount?.yuan === c.amount;
      return { name: c.name, pass: m.status === c.status && amountOk, expected: said(c.status, c.amount), got: said(m.status, m.amount?.yuan) };
    } catch (e) {
      return { name: c.name, pass: false, expected: said(c.status, c.amount), got: `计算出错（${e instanceof Error ? e.message : String(e)}）` };
    }
  });
}
