/**
 * npm run rules:draft -- --doc ID [--corpus DIR] [--out FILE]
 *
 * Compiles one document of the corpus and writes its rules as a reviewable curated rule file
 * (with generated cases) to FILE, or to stdout. Nothing is written under corpus/ unless asked.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { corpusDirOf } from "../core/paths.js";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { registerFacts } from "../core/facts/registry.js";
import { compileCorpus } from "./compile/index.js";
import { draftRules, draftYaml } from "./draft.js";
import { listCorpusFiles, loadFile } from "./load.js";
import { parseFile } from "./pipeline.js";
import { defaultRegionResolver } from "./regions.js";

const USAGE = "用法 / usage: npm run rules:draft -- --doc 文档ID [--corpus 语料目录] [--out 输出文件.yaml]";

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { doc: { type: "string" }, corpus: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(`${USAGE}\n  把一份政策文件的自动编译规则写成待审核的规则文件（含自动生成的用例），默认输出到屏幕`);
    return;
  }
  if (!values.doc) throw new UsageError(`缺少 --doc 参数。\n${USAGE}`);
  const corpusDir = values.corpus ? resolve(values.corpus) : corpusDirOf();
  const rr = defaultRegionResolver();
  const docs: DocMeta[] = [];
  const clauses: Clause[] = [];
  let files: string[];
  try {
    files = listCorpusFiles(corpusDir);
  } catch {
    throw new UsageError(`无法读取语料目录：${corpusDir}`);
  }
  for (const f of files) {
    const p = parseFile(await loadFile(corpusDir, f), rr);
    docs.push(...p.docs);
    clauses.push(...p.clauses);
  }
  const doc = docs.find((d) => d.id === values.doc);
  if (!doc) throw new UsageError(`语料中没有文档“${values.doc}”。可用的文档 ID：\n  ${docs.map((d) => `${d.id}  ${d.title}`).join("\n  ") || "（无）"}`);
  const own = clauses.filter((c) => c.docId === doc.id);
  const compiled = compileCorpus([doc], own);
  registerFacts(compiled.facts);
  const input = { doc, clauses: own, rules: compiled.rules, facts: compiled.facts, report: compiled.report, asOf: new Date().toISOString().slice(0, 10) };
  const rules = draftRules(input);
  const command = `npm run rules:draft -- --doc ${doc.id}`;
  const yaml = draftYaml(input, rules, command);
  const cases = rules.reduce((n, r) => n + (r.cases?.length ?? 0), 0);
  const summary = `《${doc.title}》：金额条款 ${compiled.report.provisions} 处，编译规则 ${compiled.report.compiled} 条（另有申报条件 ${rules.length - compiled.report.compiled} 条），仅引用 ${compiled.report.quoteOnly} 处；生成用例 ${cases} 个`;
  if (values.out) {
    writeFileSync(resolve(values.out), yaml);
    console.error(`${summary}\n已写入 ${resolve(values.out)}`);
  } else {
    process.stdout.write(yaml);
    console.error(summary);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : `生成规则草稿失败 / rules:draft failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
