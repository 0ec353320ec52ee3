import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { reportFile } from "../../ingest/compile/per-document.js";
import { join } from "node:path";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { registerFacts, type FactDef } from "../../core/facts/registry.js";
import { sha256, type Manifest } from "../../core/index/manifest.js";
import { readLayout, Records } from "../../core/index/records.js";
import { corpusHash } from "../../ingest/build.js";
import { compileBounded } from "../../ingest/compile-bounded.js";
import { checkRulesAgainstClauses, loadRuleFiles, mergeRules, reviewedFacts, withoutDisabled } from "../../ingest/rules.js";
import { restamp, verifyIndex } from "./load.js";

/**
 * A rules-only rebuild of the index, for a rule saved on /admin: the documents and clauses did not
 * change, so parsing, BM25 and vectors are kept, and only the rule artifacts (rules.json, facts.json,
 * compile-report.json) are made again from corpus/rules and the stored clauses — by the same steps
 * as a full build (ingest/build.ts), so the manifest's corpus hash is what a full build would write
 * and the next start does not rebuild. Throws (RuleProvenanceError, RuleLoadError) before writing
 * anything when the rule files are refused. The caller must have checked that nothing else in the
 * corpus changed since the index was built (staleness), and then reloads the index.
 */
export function refreshRules(indexDir: string, corpusDir: string): { rules: number; compiled: number } {
  const manifest = verifyIndex(indexDir);
  const docs = JSON.parse(readFileSync(join(indexDir, "docs.json"), "utf8")) as DocMeta[];
  const records = new Records(indexDir, readLayout(indexDir));
  let clauses: Clause[];
  try {
    clauses = records.all<Clause>("clauses");
  } finally {
    records.close();
  }
  const curated = loadRuleFiles(join(corpusDir, "rules"));
  checkRulesAgainstClauses(curated, clauses, docs);
  const compiled = compileBounded(docs, clauses);
  const facts: FactDef[] = [...compiled.facts, ...reviewedFacts(curated, compiled.facts)];
  registerFacts(facts);
  const rules = withoutDisabled(mergeRules(curated, compiled.rules), corpusDir);

  const out: Record<string, string> = {
    "rules.json": JSON.stringify(rules),
    "facts.json": JSON.stringify(facts),
    "compile-report.json": reportFile(compiled.report, rules, docs),
  };
  const next: Manifest = {
    ...manifest,
    corpusHash: corpusHash(corpusDir),
    counts: { ...manifest.counts, rules: rules.length, compiled: rules.filter((r) => r.origin === "compiled").length, provisions: compiled.report.provisions, quoteOnly: compiled.report.quoteOnly },
    files: { ...manifest.files, ...Object.fromEntries(Object.entries(out).map(([f, text]) => [f, sha256(text)])) },
  };
  // Each file is renamed into place; the manifest goes last, so an index torn midway fails its checksums and is rebuilt.
  const put = (name: string, text: string) => {
    const tmp = join(indexDir, `.${name}.tmp-${process.pid}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(indexDir, name));
  };
  for (const [name, text] of Object.entries(out)) put(name, text);
  const manifestText = JSON.stringify(next, null, 2);
  put("manifest.json", manifestText);
  // The files just written were hashed here and the rest were verified above: no need to hash gigabytes again.
  restamp(indexDir, manifestText, Object.keys(next.files));
  return { rules: rules.length, compiled: next.counts.compiled };
}
