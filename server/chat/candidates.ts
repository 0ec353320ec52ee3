import { FACT_BY_KEY, isCompiledKey, type FactDef } from "../../core/facts/registry.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Rule } from "../../core/rules/schema.js";
import { keywordsSaid, ruleFacts } from "./select.js";

/**
 * The rules a question can be about: those of the clauses retrieval found (and their sub-items
 * and parents), those whose curated keywords the question says, and the supporting provisions
 * (who pays) of the documents found. Looked up through indexes, so the cost of understanding a
 * question does not grow with the rule base.
 */
interface Tables {
  byClause: Map<string, Rule[]>;
  /** Clause ids with rules, sorted, for the sub-items of a hit (a prefix range). */
  sorted: string[];
  byId: Map<string, Rule>;
  byKeyword: Map<string, Rule[]>;
  supportingByDoc: Map<string, Rule[]>;
  /** Position in the rule base: ties keep the base's order. */
  pos: Map<Rule, number>;
}

const cache = new WeakMap<readonly Rule[], Tables>();

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function tables(rules: readonly Rule[]): Tables {
  let t = cache.get(rules);
  if (t) return t;
  t = { byClause: new Map(), sorted: [], byId: new Map(), byKeyword: new Map(), supportingByDoc: new Map(), pos: new Map() };
  for (const r of rules) {
    t.pos.set(r, t.pos.size);
    push(t.byClause, `${r.docId}:${r.article}`, r);
    t.byId.set(r.id, r);
    for (const k of new Set(r.keywords.map((x) => x.normalize("NFKC").toLowerCase()))) push(t.byKeyword, k, r);
    if (r.amount.kind === "costShare") push(t.supportingByDoc, r.docId, r);
  }
  t.sorted = [...t.byClause.keys()].sort();
  cache.set(rules, t);
  return t;
}

function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One request's retrieval: binding and the rule pool both ask for its candidates. */
const candidatesOf = new WeakMap<readonly SearchHit[], { rules: readonly Rule[]; out: readonly Rule[] }>();

/** Rules on the hit clauses, their sub-items and their parents, with the general conditions they refer to. */
/** The rules whose own clause this is (not its parents' or children's). */
export const rulesOfClause = (rules: readonly Rule[], clauseId: string): readonly Rule[] => tables(rules).byClause.get(clauseId) ?? [];

export function candidateRules(rules: readonly Rule[], hits: readonly SearchHit[]): readonly Rule[] {
  const memo = candidatesOf.get(hits);
  if (memo?.rules === rules) return memo.out;
  const out = findCandidates(rules, hits);
  candidatesOf.set(hits, { rules, out });
  return out;
}

function findCandidates(rules: readonly Rule[], hits: readonly SearchHit[]): Rule[] {
  const t = tables(rules);
  const out = new Set<Rule>();
  for (const h of hits) {
    const id = h.clauseId;
    for (let i = lowerBound(t.sorted, id); i < t.sorted.length && t.sorted[i].startsWith(id); i++) for (const r of t.byClause.get(t.sorted[i])!) out.add(r);
    // Parents: every shorter prefix of the id that is a clause with rules.
    const colon = id.indexOf(":");
    for (let end = id.length - 1; end > colon + 1; end--) for (const r of t.byClause.get(id.slice(0, end)) ?? []) out.add(r);
  }
  for (const r of [...out]) for (const id of [...r.general, ...r.requires]) {
    const g = t.byId.get(id);
    if (g) out.add(g);
  }
  return [...out];
}

/** Every rule worth scoring for this question. */
export function rulePool(rules: readonly Rule[], hits: readonly SearchHit[], conversation: string): Rule[] {
  const t = tables(rules);
  const out = new Set(candidateRules(rules, hits));
  for (const k of keywordsSaid(conversation.normalize("NFKC").toLowerCase(), rules)) for (const r of t.byKeyword.get(k) ?? []) out.add(r);
  for (const h of hits) for (const r of t.supportingByDoc.get(h.docId) ?? []) out.add(r);
  for (const r of [...out]) for (const id of [...r.general, ...r.requires]) {
    const g = t.byId.get(id);
    if (g) out.add(g);
  }
  return [...out].sort((a, b) => t.pos.get(a)! - t.pos.get(b)!);
}

/** The compiled facts those rules read: what a question's numbers may be bound to. */
export function compiledFactsOf(rules: readonly Rule[]): FactDef[] {
  const keys = new Set<string>();
  for (const r of rules) for (const k of ruleFacts(r)) if (isCompiledKey(k) || k === "usdRate") keys.add(k);
  return [...keys].map((k) => FACT_BY_KEY.get(k)).filter((d): d is FactDef => d !== undefined);
}

/** Whether one of the rules reads both facts: then one number may be both (a threshold and the count it pays on). */
export function readTogether(rules: readonly Rule[]): (a: string, b: string) => boolean {
  const byFact = new Map<string, Set<number>>();
  rules.forEach((r, i) => {
    for (const k of ruleFacts(r)) {
      let s = byFact.get(k);
      if (!s) byFact.set(k, (s = new Set()));
      s.add(i);
    }
  });
  return (a, b) => {
    const x = byFact.get(a);
    const y = byFact.get(b);
    if (!x || !y) return false;
    for (const i of x) if (y.has(i)) return true;
    return false;
  };
}
