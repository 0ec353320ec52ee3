import { leaves } from "./conditions.js";
import { formulaFacts } from "./mechanisms/index.js";
import type { Rule } from "./schema.js";

/** Fact keys a formula reads: its mechanism says. */
export { formulaFacts };

// Rules are immutable once loaded: what is derived from them is computed once (chat's hot path).
const factsOf = new WeakMap<Rule, Set<string>>();

/** Every fact a rule reads, in conditions, formula or subject. */
export function ruleFacts(rule: Rule): Set<string> {
  let f = factsOf.get(rule);
  if (!f) factsOf.set(rule, (f = new Set([...(rule.conditions ? leaves(rule.conditions).map((l) => l.fact) : []), ...formulaFacts(rule.amount), ...rule.subject])));
  return f;
}
