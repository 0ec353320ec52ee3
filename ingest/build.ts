import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { reportFile } from "./compile/per-document.js";
import { availableParallelism } from "node:os";
import { dirname, join, basename, relative } from "node:path";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { hashFiles } from "../core/index/hash-pool.js";
import { INDEX_FORMAT, sha256, type Manifest } from "../core/index/manifest.js";
import { writeFileChunked, writeLayout } from "../core/index/records.js";
import { Bm25Index } from "../core/retrieval/bm25.js";
import { HASH_DIM } from "../core/retrieval/embed.js";
import { buildRemoteStore, remoteEmbeddingConfig, type RemoteConfig } from "../core/retrieval/remote.js";
import { initTokenizer } from "../core/text/tokenize.js";
import type { Chunk } from "./chunk.js";
import { listCorpusFiles, listSidecars } from "./load.js";
import type { RegionResolver } from "./meta.js";
import { applyRepeals } from "./validity.js";
import { checkRulesAgainstClauses, DISABLED_RULES_FILE, loadRuleFiles, mergeRules, reviewedFacts, withoutDisabled } from "./rules.js";
import { compileBounded } from "./compile-bounded.js";
import { mergeCompiled } from "./compile/index.js";
import { registerFacts } from "../core/facts/registry.js";
import { buildVectorShard, DEFAULT_VECTOR_PARAMS, parseShard, type FileProblem, type ParsedShard, type ShardFeatures, type VectorParams } from "./shard.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

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
  /**
   * Worker threads for parsing, segmenting and HNSW building (one vector shard each).
   * Default: one per core once the corpus exceeds ~2 MB, else 0 (in-process, one shard).
   */
  workers?: number;
  vectors?: Partial<VectorParams>;
  /** Optional embedding endpoint (default: EMBEDDINGS_BASE_URL/EMBEDDINGS_MODEL from the environment; null: none). */
  remote?: RemoteConfig | null;
  /** Files left out with their reason (set by buildIndex itself when a file repeats an earlier file's document id). */
  exclude?: FileProblem[];
}

/** Raised inside buildIndex when later files repeat document ids: they are left out and the build runs again. */
class DuplicateIds extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map((p) => p.message).join("；"));
  }
}

/**
 * The files (after the first) whose documents repeat an id seen before, each with a Chinese reason:
 * one repeated id must not fail the whole ingest (issue 21, F5), so the later file is left out.
 */
export function duplicateIdProblems(docs: readonly Pick<DocMeta, "id" | "sourceFile">[]): FileProblem[] {
  const firstFile = new Map<string, string>();
  const out = new Map<string, FileProblem>();
  for (const d of docs) {
    const prior = firstFile.get(d.id);
    if (prior === undefined) {
      firstFile.set(d.id, d.sourceFile);
      continue;
    }
    if (out.has(d.sourceFile) || out.has(prior)) continue;
    const name = basename(d.sourceFile);
    const message =
      prior === d.sourceFile
        ? `《${name}》中有两份文件的文档编号都是“${d.id}”，未收录：请在头信息的 ids 中为每份文件另设编号`
        : `《${name}》的文档编号“${d.id}”与《${basename(prior)}》（${prior}）重复，未收录：请在头信息或 .meta.yaml 中另设 id`;
    out.set(d.sourceFile, { file: d.sourceFile, message });
  }
  return [...out.values()];
}

/** Hash of everything the index is built from: documents, rules, dictionaries and the format. */
export function corpusHash(corpusDir: string): string {
  const files = [...listCorpusFiles(corpusDir), ...listSidecars(corpusDir), ...ruleAndDictFiles(corpusDir)].sort();
  // The index is what this code makes of the documents (structure, metadata, compiled rules): a change
  // to ingest/ or core/ is a change to the index.
  const h = [`format:${INDEX_FORMAT}`, `code:${codeHash()}`];
  const hashes = hashFiles(files);
  files.forEach((f, i) => h.push(`${relative(corpusDir, f)}:${hashes[i]}`));
  return sha256(h.join("\n"));
}

let codeDigest: string | undefined;
function codeHash(): string {
  if (codeDigest) return codeDigest;
  const root = fileURLToPath(new URL("../", import.meta.url));
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : /\.(?:ts|mjs|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const names = [...sources("ingest"), ...sources("core")].sort();
  return (codeDigest = sha256(names.map((n) => `${n}:${sha256(readFileSync(join(root, n), "utf8"))}`).join("\n")));
}

function ruleAndDictFiles(corpusDir: string): string[] {
  const out: string[] = [];
  for (const name of ["userdict.txt", "stopwords.txt", DISABLED_RULES_FILE]) if (existsSync(join(corpusDir, name))) out.push(join(corpusDir, name));
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

/** Corpora above this many bytes are ingested in worker threads. */
const PARALLEL_BYTES = 2 * 1024 * 1024;

/** Split the sorted file list into `n` contiguous runs of about equal bytes (order, hence ids and offsets, stay global). */
function contiguousRuns(paths: string[], n: number): string[][] {
  const sizes = paths.map((p) => statSync(p).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const runs: string[][] = [[]];
  let acc = 0;
  paths.forEach((p, i) => {
    if (acc >= (total * runs.length) / n && runs.length < n) runs.push([]);
    runs.at(-1)!.push(p);
    acc += sizes[i];
  });
  return runs.filter((r) => r.length);
}

interface ShardHandle {
  parse(files: string[]): Promise<ParsedShard>;
  vectors(idf: Float64Array, base: number, dir: string, params: VectorParams): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function inProcessShard(corpusDir: string, resolveRegion: RegionResolver, progress: (p: BuildProgress) => void): ShardHandle {
  let kept: { vocab: string[]; features: ShardFeatures } | undefined;
  return {
    async parse(files) {
      const { shard, features } = await parseShard(corpusDir, files, resolveRegion, (done) => progress({ stage: "parse", done, total: files.length }));
      kept = { vocab: shard.featVocab, features };
      return shard;
    },
    async vectors(idf, base, dir, params) {
      const out = buildVectorShard(kept!.vocab, kept!.features, idf, base, dir, params);
      kept = undefined;
      return out;
    },
    async close() {},
  };
}

function workerShard(onProgress: (stage: "parse" | "rules" | "vectors", done: number, total: number) => void): ShardHandle {
  const w = new Worker(new URL("./worker-entry.mjs", import.meta.url));
  const call = <T extends WorkerReply["type"]>(req: WorkerRequest, want: T, transfer: ArrayBuffer[] = []) =>
    new Promise<Extract<WorkerReply, { type: T }>>((resolve, reject) => {
      const onMsg = (m: WorkerReply) => {
        if (m.type === "progress") return onProgress(m.stage, m.done, m.total);
        w.off("message", onMsg);
        w.off("error", reject);
        if (m.type === "error") reject(new Error(`ingest worker: ${m.message}\n${m.stack ?? ""}`));
        else if (m.type === want) resolve(m as Extract<WorkerReply, { type: T }>);
      };
      w.on("message", onMsg);
      w.once("error", reject);
      w.postMessage(req, transfer);
    });
  let corpusDir = "";
  return {
    setCorpus(dir: string) {
      corpusDir = dir;
    },
    async parse(files) {
      return (await call({ type: "parse", corpusDir, files }, "parsed")).shard;
    },
    async vectors(idf, base, dir, params) {
      return (await call({ type: "vectors", idf, base, dir, params }, "vectors", [idf.buffer as ArrayBuffer])).files;
    },
    async close() {
      await w.terminate();
    },
  } as ShardHandle & { setCorpus(d: string): void };
}

/**
 * Build the whole index into a fresh directory beside `outDir`, then swap it
 * in with renames, so a reader never sees a half-written index.
 *
 * Big corpora are split into contiguous runs of files, one per worker thread:
 * each parses and segments its run once, the coordinator merges vocabularies
 * and document frequencies (BM25 and embedding IDF are global), then each
 * worker builds one HNSW shard of its chunks while the coordinator writes the
 * BM25 index and the chunk/clause records.
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const params: VectorParams = { ...DEFAULT_VECTOR_PARAMS, dim: HASH_DIM, ...opts.vectors };

  const excluded = new Set((opts.exclude ?? []).map((p) => p.file));
  const paths = listCorpusFiles(opts.corpusDir).filter((p) => !excluded.has(relative(opts.corpusDir, p).split("\\").join("/")));
  if (paths.length === 0) throw new Error(`语料目录中没有可读取的政策文件 / no policy files (.pdf .docx .html .txt .md) in ${opts.corpusDir}`);
  const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
  const nWorkers = Math.min(paths.length, opts.workers ?? (bytes > PARALLEL_BYTES ? availableParallelism() : 0));

  let handles: ShardHandle[];
  let runs: string[][];
  let vtotal = 0;
  if (nWorkers >= 1) {
    runs = contiguousRuns(paths, nWorkers);
    const done = new Array<number>(runs.length).fill(0);
    const vdone = new Array<number>(runs.length).fill(0);
    handles = runs.map((_, k) => {
      const h = workerShard((stage, d, total) => {
        if (stage === "rules") return;
        if (stage === "parse") {
          done[k] = d;
          progress({ stage: "parse", done: done.reduce((a, b) => a + b, 0), total: paths.length });
        } else {
          vdone[k] = d;
          progress({ stage: "vectors", done: vdone.reduce((a, b) => a + b, 0), total: vtotal });
        }
        void total;
      }) as ShardHandle & { setCorpus(d: string): void };
      h.setCorpus(opts.corpusDir);
      return h;
    });
  } else {
    initTokenizer(opts.corpusDir);
    runs = [paths];
    handles = [inProcessShard(opts.corpusDir, opts.resolveRegion, progress)];
  }

  const outDir = opts.outDir.replace(/\/$/, "");
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const shards = await Promise.all(runs.map((files, k) => handles[k].parse(files)));
    const docs: DocMeta[] = [];
    const clauses: Clause[] = [];
    const chunks: Chunk[] = [];
    let tokens = 0;
    const problems: FileProblem[] = [...(opts.exclude ?? []), ...shards.flatMap((sh) => sh.problems)];
    if (shards.every((sh) => sh.docs.length === 0)) {
      throw new Error(`语料目录中没有可读取的政策文件 / no readable policy file in ${opts.corpusDir}${problems.length ? `：${problems.map((p) => p.message).join("；")}` : ""}`);
    }
    const repeated = duplicateIdProblems(shards.flatMap((sh) => sh.docs));
    // Parsed shards carry their files' chunks, terms and vectors: leaving a file out means parsing the rest again (rare).
    if (repeated.length) throw new DuplicateIds(repeated);
    for (const sh of shards) {
      for (const d of sh.docs) docs.push(d);
      for (const c of sh.clauses) clauses.push(c);
      for (const c of sh.chunks) chunks.push(c);
      tokens += sh.tokens;
    }
    // "同时废止《…》" names a document that may come from another file: resolved over the whole corpus.
    applyRepeals(docs);
    progress({ stage: "parse", done: paths.length, total: paths.length });

    const curated = loadRuleFiles(join(opts.corpusDir, "rules"));
    checkRulesAgainstClauses(curated, clauses, docs);
    // Compiled per shard in the workers (on every core); the cross-document aliases once here, over all of them.
    const compiled = shards.every((sh) => sh.compiled) ? mergeCompiled(shards.map((sh) => sh.compiled!), clauses) : compileBounded(docs, clauses);
    // Facts a reviewed rule names by a phrase of its clause (written on /admin) join the compiler's.
    compiled.facts.push(...reviewedFacts(curated, compiled.facts));
    registerFacts(compiled.facts);
    // Rules switched off on the admin page (curated or compiled) are left out.
    const rules = withoutDisabled(mergeRules(curated, compiled.rules), opts.corpusDir);
    progress({ stage: "rules", done: rules.length, total: rules.length });

    // Global embedding IDF from the shards' document frequencies; each shard gets it aligned to its own feature ids.
    const df = new Map<string, number>();
    for (const sh of shards) sh.featVocab.forEach((f, i) => df.set(f, (df.get(f) ?? 0) + sh.featDf[i]));
    const idf = new Map<string, number>();
    for (const [f, d] of df) idf.set(f, Math.log(1 + chunks.length / d));
    df.clear();
    vtotal = chunks.length;
    let base = 0;
    const vectorJobs = shards.map((sh, k) => {
      const aligned = new Float64Array(sh.featVocab.length);
      sh.featVocab.forEach((f, i) => (aligned[i] = idf.get(f)!));
      const job = handles[k].vectors(aligned, base, join(tmp, "vectors", `shard-${k}`), params);
      base += sh.chunks.length;
      return job;
    });
    // Don't leave a rejected job unobserved while the coordinator works.
    const vectorsDone = Promise.all(vectorJobs);
    vectorsDone.catch(() => {});

    // BM25 over global term ids, built while the workers insert vectors.
    const vocab: string[] = [];
    const termId = new Map<string, number>();
    const totalTokens = shards.reduce((n, sh) => n + sh.termIds.length, 0);
    const ids = new Uint32Array(totalTokens);
    const offsets = new Uint32Array(chunks.length + 1);
    let at = 0;
    let c0 = 0;
    for (const sh of shards) {
      const map = new Uint32Array(sh.termVocab.length);
      sh.termVocab.forEach((t, i) => {
        let id = termId.get(t);
        if (id === undefined) {
          id = vocab.length;
          termId.set(t, id);
          vocab.push(t);
        }
        map[i] = id;
      });
      for (let j = 0; j < sh.termIds.length; j++) ids[at + j] = map[sh.termIds[j]];
      for (let c = 1; c < sh.termOffsets.length; c++) offsets[c0 + c] = at + sh.termOffsets[c];
      at += sh.termIds.length;
      c0 += sh.termOffsets.length - 1;
    }
    progress({ stage: "segment", done: chunks.length, total: chunks.length });
    const bm25 = Bm25Index.fromIds(vocab, ids, offsets);
    progress({ stage: "bm25", done: 1, total: 1 });

    const { meta, blob } = bm25.serialize();
    writeFileSync(join(tmp, "bm25.json"), meta);
    writeFileSync(join(tmp, "bm25.bin"), blob);
    writeFileChunked(join(tmp, "idf.json"), (function* () {
      let first = true;
      yield "[";
      for (const [f, v] of idf) {
        yield `${first ? "" : ","}${JSON.stringify([f, v])}`;
        first = false;
      }
      yield "]";
    })());
    writeFileSync(join(tmp, "docs.json"), JSON.stringify(docs));
    writeFileSync(join(tmp, "rules.json"), JSON.stringify(rules));
    writeFileSync(join(tmp, "facts.json"), JSON.stringify(compiled.facts));
    writeFileSync(join(tmp, "compile-report.json"), reportFile(compiled.report, rules, docs));
    writeLayout(tmp, docs, clauses, chunks);

    const remoteCfg = opts.remote === undefined ? remoteEmbeddingConfig() : (opts.remote ?? undefined);
    const remote = remoteCfg ? { model: remoteCfg.model, ...(await buildRemoteStore(tmp, chunks.map((c) => `${c.context}\n${c.text}`), remoteCfg)) } : undefined;
    const shardFiles = await vectorsDone;
    progress({ stage: "vectors", done: chunks.length, total: chunks.length });
    for (const h of handles) await h.close();
    progress({ stage: "write", done: 1, total: 1 });

    const files: Record<string, string> = {};
    shardFiles.forEach((fs, k) => {
      for (const [name, hash] of Object.entries(fs)) files[join("vectors", `shard-${k}`, name)] = hash;
    });
    const toHash: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (!files[relative(tmp, p)]) toHash.push(p);
      }
    };
    walk(tmp);
    hashFiles(toHash).forEach((h, i) => (files[relative(tmp, toHash[i])] = h));
    const manifest: Manifest = {
      format: INDEX_FORMAT,
      corpusHash: corpusHash(opts.corpusDir),
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - t0),
      counts: { files: paths.length, documents: docs.length, clauses: clauses.length, chunks: chunks.length, tokens, rules: rules.length, compiled: rules.filter((r) => r.origin === "compiled").length, provisions: compiled.report.provisions, quoteOnly: compiled.report.quoteOnly },
      embedding: { kind: "hash", dim: params.dim, ...(remote ? { remote } : {}) },
      versions: { node: process.versions.node, nodejieba: versionOf("nodejieba"), "hnswlib-node": versionOf("hnswlib-node"), "@langchain/community": versionOf("@langchain/community") },
      files,
      ...(problems.length ? { problems } : {}),
    };
    writeFileSync(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));

    const old = `${outDir}.old-${process.pid}-${Date.now()}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
    return { manifest, outDir };
  } catch (e) {
    await Promise.all(handles.map((h) => h.close().catch(() => {})));
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof DuplicateIds) return buildIndex({ ...opts, exclude: [...(opts.exclude ?? []), ...e.problems] });
    throw e;
  }
}
