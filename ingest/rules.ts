import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { loadRules } from "../core/rules/load.js";
import { checkRuleBase } from "../core/rules/provenance.js";
import type { Rule } from "../core/rules/schema.js";
import { FACT_BY_KEY, type FactDef } from "../core/facts/registry.js";
import { ruleFacts } from "../core/rules/facts-of.js";
import { defsForKeys } from "./compile/facts.js";

/** Rules from corpus/rules (none if the folder is absent: a corpus may have no computable provisions). */
export function loadRuleFiles(dir: string): Rule[] {
  return existsSync(dir) ? loadRules(dir) : [];
}

/** Rule ids switched off on the admin page (`disabled: [id, …]`), relative to the corpus folder. */
export const DISABLED_RULES_FILE = "disabled-rules.yaml";

/** Rules minus those listed in the corpus's disabled-rules.yaml. */
export function withoutDisabled(rules: Rule[], corpusDir: string): Rule[] {
  const file = join(corpusDir, DISABLED_RULES_FILE);
  if (!existsSync(file)) return rules;
  const doc = parseYaml(readFileSync(file, "utf8")) as { disabled?: unknown } | null;
  const off = new Set(Array.isArray(doc?.disabled) ? doc.disabled : []);
  return rules.filter((r) => !off.has(r.id));
}

/**
 * Ingest refuses a rule whose quote is not verbatim in its clause or whose
 * numbers are not written in its quote: a number must never come from nowhere.
 */
export function checkRulesAgainstClauses(rules: Rule[], clauses: Clause[], docs: DocMeta[]): void {
  const text = new Map(clauses.map((c) => [c.id, c.text]));
  const docIds = new Set(docs.map((d) => d.id));
  const errors = [
    ...rules.filter((r) => !docIds.has(r.docId)).map((r) => `规则 ${r.id}：文档 ${r.docId} 不在语料中 / unknown document`),
    ...checkRuleBase(rules, (id) => text.get(id)),
  ];
  if (errors.length) throw new RuleProvenanceError(errors);
}

export class RuleProvenanceError extends Error {
  constructor(readonly problems: string[]) {
    super(`规则校验失败 / rule provenance check failed:\n  - ${problems.join("\n  - ")}`);
  }
}

/**
 * Curated rules are reviewed overrides: a clause with any curated rule keeps only those, and
 * a compiled rule stands in only where nobody has written one.
 */
export function mergeRules(curated: readonly Rule[], compiled: readonly Rule[]): Rule[] {
  // A compiled rule adopted on the admin page keeps its id: it replaces only itself, so the
  // clause's other compiled rules stay until someone reviews them too.
  const adopted = new Set(curated.map((r) => r.id));
  const covered = new Set(curated.filter((r) => !compiled.some((c) => c.id === r.id)).map((r) => `${r.docId}:${r.article}`));
  return [...curated, ...compiled.filter((r) => !adopted.has(r.id) && !covered.has(`${r.docId}:${r.article}`))];
}

/** Definitions of the clause-named facts ("c:…") that rules of corpus/rules read and neither the vocabulary nor the compiler defines. */
export function reviewedFacts(rules: readonly Rule[], compiled: readonly FactDef[]): FactDef[] {
  const minted = new Set(compiled.map((f) => f.key));
  return defsForKeys(
    rules.flatMap((r) => [...ruleFacts(r)]),
    (k) => FACT_BY_KEY.has(k) || minted.has(k),
  );
}
