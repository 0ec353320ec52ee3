import { readFileSync } from "node:fs";
import type { DocumentCompile } from "./compile/per-document.js";
import { join, resolve } from "node:path";
import type { DocMeta, Doubt } from "../core/corpus/schema.js";
import { parseArgs } from "node:util";
import { corpusDirOf, indexDirOf } from "../core/paths.js";
import { buildIndex, type BuildProgress } from "./build.js";
import { defaultRegionResolver } from "./regions.js";
import { RuleProvenanceError } from "./rules.js";

const STAGES: Record<BuildProgress["stage"], string> = {
  load: "读取文件",
  parse: "解析结构",
  rules: "校验规则",
  segment: "分词",
  bm25: "倒排索引",
  vectors: "向量索引",
  write: "写入索引",
};

function bar(p: BuildProgress): string {
  const width = 24;
  const filled = p.total ? Math.round((p.done / p.total) * width) : width;
  return `${STAGES[p.stage].padEnd(6, "　")} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${p.done}/${p.total}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { corpus: { type: "string" }, out: { type: "string" }, workers: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log("用法 / usage: npm run ingest [-- --corpus DIR --out DIR --workers N]\n  默认读取 CORPUS_DIR（corpus/），写入 INDEX_DIR（.index/）\n  --workers N  解析、编译规则和建向量索引的工作线程数（默认：语料超过 2 MB 时每核一个，否则 0，即在本线程内）");
    return;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) {
    console.error(`--workers 须为非负整数，收到“${values.workers}” / --workers must be a whole number ≥ 0`);
    process.exit(2);
  }
  const corpusDir = values.corpus ? resolve(values.corpus) : corpusDirOf();
  const outDir = values.out ? resolve(values.out) : indexDirOf();
  const tty = process.stdout.isTTY;
  const onProgress = (p: BuildProgress) => {
    if (tty) process.stdout.write(`\r${bar(p)}\x1b[K`);
    else if (p.done === p.total) console.log(bar(p));
  };
  console.log(`语料 ${corpusDir}\n索引 ${outDir}`);
  const { manifest } = await buildIndex({ corpusDir, outDir, resolveRegion: defaultRegionResolver(), onProgress, ...(workers !== undefined ? { workers } : {}) });
  if (tty) process.stdout.write("\n");
  const c = manifest.counts;
  for (const p of manifest.problems ?? []) console.warn(`未收录 ${p.file}：${p.message}`);
  printDoubts(outDir);
  printCompiled(outDir);
  console.table({ 文件: c.files, 政策文件: c.documents, 条款: c.clauses, 检索块: c.chunks, 词元: c.tokens, 规则: c.rules, 自动编译规则: c.compiled, 金额条款: c.provisions, 仅引用: c.quoteOnly, 秒: +(manifest.buildMs / 1000).toFixed(2) });
}

/** Per document: money rules computed, sentences left quote-only, rules a check refused (details in compile-report.json). */
function printCompiled(outDir: string): void {
  let rows: DocumentCompile[] = [];
  try {
    rows = (JSON.parse(readFileSync(join(outDir, "compile-report.json"), "utf8")) as { documents?: DocumentCompile[] }).documents ?? [];
  } catch {
    return;
  }
  if (!rows.length) return;
  console.log("各文件金额条款编译情况（仅引用、被检查拒绝的条款见 compile-report.json，可在 /admin 审核）：");
  console.table(rows.map((r) => ({ 文件: r.title.length > 28 ? `${r.title.slice(0, 27)}…` : r.title, 已编译: r.compiled, 仅引用: r.quoteOnly, 检查拒绝: r.refused })));
}

const DOUBTS: Record<Doubt, string> = {
  region_unknown: "地区不明",
  no_period: "未写明有效期",
  title_from_file_name: "标题取自文件名",
  duplicate_labels: "条款标号重复",
};

/** Documents ingest is unsure of, with the evidence a reviewer needs: read from the index just written. */
function printDoubts(outDir: string): void {
  let docs: DocMeta[];
  try {
    docs = JSON.parse(readFileSync(join(outDir, "docs.json"), "utf8")) as DocMeta[];
  } catch {
    return;
  }
  const doubtful = docs.filter((d) => d.doubts?.length);
  if (!doubtful.length) return;
  console.log(`需要复核的文件（${doubtful.length}/${docs.length}）：`);
  for (const d of doubtful) {
    const why = d.doubts!.map((x) => DOUBTS[x]).join("、");
    const region = d.region.level === "unknown" ? `；地区依据：${(d.evidence?.region ?? []).slice(0, 3).map((e) => `“${e.quote.slice(0, 30)}”`).join(" ") || "无"}` : "";
    console.log(`  ${d.title.slice(0, 40)}（${d.sourceFile}）：${why}${region}`);
  }
}

main().catch((e: unknown) => {
  if (e instanceof RuleProvenanceError) console.error(e.message);
  else console.error(`索引构建失败 / ingest failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
