import { FACT_BY_KEY, isCompiledKey, type FactDef } from "../facts/registry.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Rule } from "../rules/schema.js";
import { ruleFacts } from "./select.js";

/**
 * The rules a question can be about are those of the clauses retrieval found:
 * so the cost of understanding a question does not grow with the rule base.
 */
const byClause = new WeakMap<readonly Rule[], { clause: Map<string, Rule[]>; id: Map<string, Rule> }>();

function tables(rules: readonly Rule[]) {
  let t = byClause.get(rules);
  if (!t) {
    t = { clause: new Map(), id: new Map() };
    for (const r of rules) {
      const k = `${r.docId}:${r.article}`;
      t.clause.set(k, [...(t.clause.get(k) ?? []), r]);
      t.id.set(r.id, r);
    }
    byClause.set(rules, t);
  }
  return t;
}

/** Rules on the hit clauses, their sub-items and their parents, with the general conditions they refer to. */
export function candidateRules(rules: readonly Rule[], hits: readonly SearchHit[]): Rule[] {
  const t = tables(rules);
  const out = new Set<Rule>();
  for (const h of hits) {
    for (const [clauseId, rs] of t.clause) {
      if (clauseId === h.clauseId || clauseId.startsWith(h.clauseId) || h.clauseId.startsWith(clauseId)) for (const r of rs) out.add(r);
    }
  }
  for (const r of [...out]) for (const id of [...r.general, ...r.requires]) {
    const g = t.id.get(id);
    if (g) out.add(g);
  }
  return [...out];
}

/** The compiled facts those rules read: what a question's numbers may be bound to. */
export function compiledFactsOf(rules: readonly Rule[]): FactDef[] {
  const keys = new Set<string>();
  for (const r of rules) for (const k of ruleFacts(r)) if (isCompiledKey(k) || k === "usdRate") keys.add(k);
  return [...keys].map((k) => FACT_BY_KEY.get(k)).filter((d): d is FactDef => d !== undefined);
}
