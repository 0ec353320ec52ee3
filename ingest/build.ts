import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { dirname, join, basename, relative } from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Clause, DocMeta } from "../server/corpus/schema.js";
import { INDEX_FORMAT, sha256, fileHash, type Manifest } from "../server/index/manifest.js";
import { Bm25Index } from "../server/retrieval/bm25.js";
import { HASH_DIM, HashEmbeddings, learnIdf } from "../server/retrieval/embed.js";
import { initTokenizer, terms } from "../server/text/tokenize.js";
import type { Chunk } from "./chunk.js";
import { listCorpusFiles, loadFile } from "./load.js";
import type { RegionResolver } from "./meta.js";
import { parseFile } from "./pipeline.js";
import { checkRulesAgainstClauses, loadRuleFiles } from "./rules.js";

export interface BuildProgress {
  stage: "load" | "parse" | "segment" | "bm25" | "vectors" | "rules" | "write";
  done: number;
  total: number;
}

export interface BuildResult {
  manifest: Manifest;
  outDir: string;
}

export interface BuildOptions {
  corpusDir: string;
  outDir: string;
  resolveRegion: RegionResolver;
  onProgress?: (p: BuildProgress) => void;
}

/** Hash of everything the index is built from: documents, rules, dictionaries and the format. */
export function corpusHash(corpusDir: string): string {
  const files = [...listCorpusFiles(corpusDir), ...ruleAndDictFiles(corpusDir)].sort();
  const h = [`format:${INDEX_FORMAT}`];
  for (const f of files) h.push(`${relative(corpusDir, f)}:${fileHash(f)}`);
  return sha256(h.join("\n"));
}

function ruleAndDictFiles(corpusDir: string): string[] {
  const out: string[] = [];
  for (const name of ["userdict.txt", "stopwords.txt"]) if (existsSync(join(corpusDir, name))) out.push(join(corpusDir, name));
  const rules = join(corpusDir, "rules");
  if (existsSync(rules) && statSync(rules).isDirectory()) {
    for (const f of readdirSync(rules).sort()) if (/\.ya?ml$/.test(f)) out.push(join(rules, f));
  }
  return out;
}

function versionOf(pkg: string): string {
  try {
    const p = new URL(`../node_modules/${pkg}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(p, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * Build the whole index into a fresh directory beside `outDir`, then swap it
 * in with renames, so a reader never sees a half-written index.
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => {});
  initTokenizer(opts.corpusDir);

  const paths = listCorpusFiles(opts.corpusDir);
  if (paths.length === 0) throw new Error(`语料目录中没有可读取的政策文件 / no policy files (.txt .md .html) in ${opts.corpusDir}`);
  const docs: DocMeta[] = [];
  const clauses: Clause[] = [];
  const chunks: Chunk[] = [];
  const seenDocIds = new Set<string>();
  paths.forEach((p, i) => {
    const parsed = parseFile(loadFile(opts.corpusDir, p), opts.resolveRegion);
    for (const d of parsed.docs) {
      if (seenDocIds.has(d.id)) throw new Error(`文档编号重复 / duplicate document id "${d.id}" (${d.sourceFile})`);
      seenDocIds.add(d.id);
    }
    docs.push(...parsed.docs);
    clauses.push(...parsed.clauses);
    chunks.push(...parsed.chunks);
    progress({ stage: "parse", done: i + 1, total: paths.length });
  });

  const rules = loadRuleFiles(join(opts.corpusDir, "rules"));
  checkRulesAgainstClauses(rules, clauses, docs);
  progress({ stage: "rules", done: rules.length, total: rules.length });

  let tokens = 0;
  const tokenised = chunks.map((c, i) => {
    const t = [...terms(c.text), ...terms(c.context)];
    tokens += t.length;
    if (i % 500 === 0 || i === chunks.length - 1) progress({ stage: "segment", done: i + 1, total: chunks.length });
    return t;
  });
  const bm25 = Bm25Index.build(tokenised);
  progress({ stage: "bm25", done: 1, total: 1 });

  const texts = chunks.map((c) => `${c.context}\n${c.text}`);
  const idf = learnIdf(texts);
  const embeddings = new HashEmbeddings(idf);
  const vectors = await embeddings.embedDocuments(texts);
  progress({ stage: "vectors", done: chunks.length, total: chunks.length });

  const outDir = opts.outDir.replace(/\/$/, "");
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: HASH_DIM });
    await store.addVectors(vectors, chunks.map((c, i) => ({ pageContent: "", metadata: { i, clauseId: c.clauseId } })));
    await store.save(join(tmp, "vectors"));
    const { meta, blob } = bm25.serialize();
    writeFileSync(join(tmp, "bm25.json"), meta);
    writeFileSync(join(tmp, "bm25.bin"), blob);
    writeFileSync(join(tmp, "idf.json"), JSON.stringify([...idf]));
    writeFileSync(join(tmp, "docs.json"), JSON.stringify(docs));
    writeFileSync(join(tmp, "clauses.json"), JSON.stringify(clauses));
    writeFileSync(join(tmp, "chunks.json"), JSON.stringify(chunks));
    writeFileSync(join(tmp, "rules.json"), JSON.stringify(rules));
    progress({ stage: "write", done: 1, total: 1 });

    const files: Record<string, string> = {};
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else files[relative(tmp, p)] = fileHash(p);
      }
    };
    walk(tmp);
    const manifest: Manifest = {
      format: INDEX_FORMAT,
      corpusHash: corpusHash(opts.corpusDir),
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - t0),
      counts: { files: paths.length, documents: docs.length, clauses: clauses.length, chunks: chunks.length, tokens, rules: rules.length },
      embedding: { kind: "hash", dim: HASH_DIM },
      versions: { node: process.versions.node, nodejieba: versionOf("nodejieba"), "hnswlib-node": versionOf("hnswlib-node"), "@langchain/community": versionOf("@langchain/community") },
      files,
    };
    writeFileSync(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));

    const old = `${outDir}.old-${process.pid}-${Date.now()}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
    return { manifest, outDir };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
