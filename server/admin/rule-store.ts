import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { insideDir, shortHash } from "../../core/corpus/doc-id.js";
import { parseRuleFile } from "../../core/rules/load.js";
import { Rule } from "../../core/rules/schema.js";

/**
 * A rule written or corrected on /admin, saved as reviewed YAML into CORPUS_DIR/rules/<docId>.yaml
 * beside the hand-written rules of that document (same schema, `origin: reviewed` with who and when).
 * The path is built from a validated document id and must stay inside the corpus (insideDir). The
 * file is written to a temporary name and renamed into place; `undo` puts back exactly what was there.
 */
export function saveReviewedRule(corpusDir: string, rule: Rule): { file: string; before?: Rule; undo: () => void } {
  const checked = Rule.parse(rule);
  const file = insideDir(corpusDir, "rules", `${checked.docId}.yaml`);
  const name = `${checked.docId}.yaml`;
  const prior = existsSync(file) ? readFileSync(file) : undefined;
  const existing = prior ? parseRuleFile(prior.toString("utf8"), name) : [];
  const before = existing.find((r) => r.id === checked.id);
  // Replaced in place, so the file reads in the order rules were first written.
  const rules = before ? existing.map((r) => (r.id === checked.id ? checked : r)) : [...existing, checked];
  const yaml = `# 规则文件：人工编写（curated）与管理页审核（reviewed）的规则，取代同一条款的自动编译规则\n${stringify({ rules })}`;
  parseRuleFile(yaml, name); // what ingest will read back
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.tmp-${shortHash(`${file}:${process.pid}:${Date.now()}`, 12)}`);
  writeFileSync(tmp, yaml);
  renameSync(tmp, file);
  return { file, ...(before ? { before } : {}), undo: () => (prior === undefined ? rmSync(file, { force: true }) : writeFileSync(file, prior)) };
}
