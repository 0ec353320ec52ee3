import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { docIdProblem, insideDir, shortHash } from "../../core/corpus/doc-id.js";
import { sidecarOf, splitFrontMatter } from "../../ingest/load.js";
import { DISABLED_RULES_FILE } from "../../ingest/rules.js";
import { parseRuleFile } from "../../core/rules/load.js";
import { Rule } from "../../core/rules/schema.js";

/**
 * The admin's writes into CORPUS_DIR. Every write goes to a temporary file
 * and is renamed into place, and returns an undo, so a failed reindex puts the
 * corpus back exactly as it was.
 */

export type Undo = () => void;

function writeAtomic(path: string, data: string | Buffer): Undo {
  const before = existsSync(path) ? readFileSync(path) : undefined;
  mkdirSync(dirname(path), { recursive: true });
  // A short hidden name (ingest skips dot files), never derived from the title: a long Chinese name plus a suffix would pass NAME_MAX.
  const tmp = join(dirname(path), `.tmp-${shortHash(`${path}:${process.pid}:${Date.now()}:${Math.random()}`, 12)}`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
  return () => (before === undefined ? rmSync(path, { force: true }) : writeFileSync(path, before));
}

function removeFile(path: string): Undo {
  if (!existsSync(path)) return () => {};
  const before = readFileSync(path);
  rmSync(path);
  return () => writeFileSync(path, before);
}

export const undoAll = (undos: Undo[]): void => [...undos].reverse().forEach((u) => u());

const cleanMeta = (meta: Record<string, unknown>) => Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined && v !== null && v !== ""));

/**
 * Save an uploaded document under docs/. Metadata goes into the file's YAML
 * front matter for .txt/.md and into a `<file>.meta.yaml` sidecar for the
 * formats that cannot carry it (PDF, DOCX, HTML).
 */
export function saveDocument(corpusDir: string, name: string, bytes: Buffer, meta: Record<string, unknown>): { path: string; undo: Undo } {
  const path = insideDir(corpusDir, "docs", name);
  const fm = cleanMeta(meta);
  const undos: Undo[] = [];
  if (/^\.(txt|md)$/i.test(extname(name))) {
    const { frontMatter, body } = splitFrontMatter(bytes.toString("utf8").replace(/^\ufeff/, ""));
    const merged = { ...frontMatter, ...fm };
    undos.push(writeAtomic(path, Object.keys(merged).length ? `---\n${stringify(merged).trimEnd()}\n---\n${body}` : body));
    undos.push(removeFile(sidecarOf(path)));
  } else {
    undos.push(writeAtomic(path, bytes));
    undos.push(Object.keys(fm).length ? writeAtomic(sidecarOf(path), stringify(fm)) : removeFile(sidecarOf(path)));
  }
  return { path, undo: () => undoAll(undos) };
}

/** Delete a document file, its sidecar and its curated rules file. */
export function deleteDocument(corpusDir: string, sourceFile: string, docId: string): Undo {
  const problem = docIdProblem(docId, "删除请求");
  if (problem) throw new Error(problem);
  const path = insideDir(corpusDir, sourceFile);
  return ((undos) => () => undoAll(undos))([removeFile(path), removeFile(sidecarOf(path)), removeFile(insideDir(corpusDir, "rules", `${docId}.yaml`))]);
}

/**
 * Write a reviewed rule as curated YAML into rules/<docId>.yaml, replacing a
 * rule of the same id there. The rule is validated by the Rule schema first.
 */
export function adoptRule(corpusDir: string, rule: Record<string, unknown>): { file: string; rule: Rule; undo: Undo } {
  const candidate: Record<string, unknown> = { ...rule };
  // Rules gain an origin field; curated YAML says so when the schema knows the field.
  if ("origin" in Rule.shape) candidate.origin = "curated";
  else delete candidate.origin;
  const checked = Rule.parse(candidate);
  const file = insideDir(corpusDir, "rules", `${checked.docId}.yaml`);
  const existing = existsSync(file) ? parseRuleFile(readFileSync(file, "utf8"), `${checked.docId}.yaml`) : [];
  const rules = [...existing.filter((r) => r.id !== checked.id), checked];
  const yaml = `# 经管理页审核采纳的规则（curated）\n${stringify({ rules })}`;
  parseRuleFile(yaml, `${checked.docId}.yaml`); // what ingest will read back
  return { file, rule: checked, undo: writeAtomic(file, yaml) };
}

export function disabledRules(corpusDir: string): string[] {
  const file = join(corpusDir, DISABLED_RULES_FILE);
  if (!existsSync(file)) return [];
  const doc = parseYaml(readFileSync(file, "utf8")) as { disabled?: unknown } | null;
  return Array.isArray(doc?.disabled) ? doc.disabled.filter((x): x is string => typeof x === "string") : [];
}

/** Add a rule id to the disabled list (ingest leaves those rules out). */
export function disableRule(corpusDir: string, id: string): Undo {
  const ids = [...new Set([...disabledRules(corpusDir), id])].sort();
  return writeAtomic(join(corpusDir, DISABLED_RULES_FILE), `# 管理页停用的规则：构建索引时不收录\n${stringify({ disabled: ids })}`);
}
