import { createHash } from "node:crypto";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import hnswlib from "hnswlib-node";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { fileHash } from "../core/index/manifest.js";
import { writeFileChunked } from "../core/index/records.js";
import { featuresOf, fnv1a } from "../core/retrieval/embed.js";
import { segmentTerms } from "../core/text/tokenize.js";
import type { Chunk } from "./chunk.js";
import { LoadError } from "./loaders/index.js";
import type { RegionResolver } from "./meta.js";
import { ParseSandbox } from "./sandbox.js";
import type { CompileResult } from "./compile/index.js";

/**
 * One shard of an ingest: a contiguous run of corpus files parsed, segmented
 * once per chunk, and reduced to compact arrays (local term and feature ids)
 * that the coordinator merges. Runs in a worker thread for big corpora and
 * in-process for small ones; either way the output is the same.
 */
export interface ParsedShard {
  docs: DocMeta[];
  clauses: Clause[];
  chunks: Chunk[];
  tokens: number;
  /** BM25 terms: local vocabulary, and per chunk the ids at termIds[termOffsets[c]..termOffsets[c+1]]. */
  termVocab: string[];
  termIds: Uint32Array;
  termOffsets: Uint32Array;
  /** Embedding features: local vocabulary with document frequencies. Per-chunk ids and weights stay in the shard. */
  featVocab: string[];
  featDf: Uint32Array;
  /** Files that could not be read (a scan, a broken PDF, a .doc without LibreOffice): skipped, with the reason. */
  problems: FileProblem[];
  /** The shard's documents through the rule compiler (no cross-document aliases: see mergeCompiled), when compiled in its worker. */
  compiled?: CompileResult;
}

export interface FileProblem {
  file: string;
  message: string;
}

export interface ShardFeatures {
  featIds: Uint32Array;
  featTf: Float32Array;
  featOffsets: Uint32Array;
}

class Growable {
  u = new Uint32Array(1 << 16);
  n = 0;
  push(x: number): void {
    if (this.n === this.u.length) {
      const b = new Uint32Array(this.u.length * 2);
      b.set(this.u);
      this.u = b;
    }
    this.u[this.n++] = x;
  }
  done(): Uint32Array {
    return this.u.slice(0, this.n);
  }
}

export async function parseShard(
  corpusDir: string,
  files: string[],
  resolveRegion: RegionResolver,
  onFile?: (done: number) => void,
): Promise<{ shard: ParsedShard; features: ShardFeatures }> {
  const docs: DocMeta[] = [];
  const clauses: Clause[] = [];
  const chunks: Chunk[] = [];
  const problems: FileProblem[] = [];
  // Every file is read and parsed in the sandbox (a worker thread with a heap cap and a deadline).
  const sandbox = new ParseSandbox();
  try {
    for (let i = 0; i < files.length; i++) {
      const rel = relative(corpusDir, files[i]).split("\\").join("/");
      let parsed;
      try {
        parsed = await sandbox.parseCorpusFile(corpusDir, files[i], rel);
      } catch (e) {
        // One bad file must not stop the others: it is reported in the ingest summary instead.
        problems.push(e instanceof LoadError ? { file: e.file, message: e.message } : { file: rel, message: `《${basename(rel)}》无法解析：${e instanceof Error ? e.message : String(e)}` });
        onFile?.(i + 1);
        continue;
      }
      docs.push(...parsed.docs);
      for (const c of parsed.clauses) clauses.push(c);
      for (const c of parsed.chunks) chunks.push(c);
      onFile?.(i + 1);
    }
  } finally {
    await sandbox.close();
  }
  void resolveRegion; // the sandbox resolves regions with defaultRegionResolver()
  const termVocab: string[] = [];
  const termId = new Map<string, number>();
  const featVocab: string[] = [];
  const featId = new Map<string, number>();
  const df: number[] = [];
  const tIds = new Growable();
  const termOffsets = new Uint32Array(chunks.length + 1);
  const fIds = new Growable();
  let fTf = new Float32Array(1 << 16);
  const featOffsets = new Uint32Array(chunks.length + 1);
  let tokens = 0;
  chunks.forEach((c, ci) => {
    // One jieba pass per chunk serves both BM25 and the hashed embedding (context first, as embedded).
    const text = `${c.context}\n${c.text}`;
    const ts = segmentTerms(text);
    tokens += ts.length;
    for (const t of ts) {
      let id = termId.get(t);
      if (id === undefined) {
        id = termVocab.length;
        termId.set(t, id);
        termVocab.push(t);
      }
      tIds.push(id);
    }
    termOffsets[ci + 1] = tIds.n;
    for (const [f, tf] of featuresOf(text, ts)) {
      let id = featId.get(f);
      if (id === undefined) {
        id = featVocab.length;
        featId.set(f, id);
        featVocab.push(f);
        df.push(0);
      }
      df[id]++;
      if (fIds.n === fTf.length) {
        const b = new Float32Array(fTf.length * 2);
        b.set(fTf);
        fTf = b;
      }
      fTf[fIds.n] = tf;
      fIds.push(id);
    }
    featOffsets[ci + 1] = fIds.n;
  });
  return {
    shard: { docs, clauses, chunks, tokens, termVocab, termIds: tIds.done(), termOffsets, featVocab, featDf: Uint32Array.from(df), problems },
    features: { featIds: fIds.done(), featTf: fTf.slice(0, fIds.n), featOffsets },
  };
}

export interface VectorParams {
  dim: number;
  m: number;
  efConstruction: number;
}

export const DEFAULT_VECTOR_PARAMS: VectorParams = { dim: 256, m: 16, efConstruction: 200 };

/**
 * The hashed embedding of every chunk of the shard (same formula as
 * HashEmbeddings.vector) inserted into one HNSW graph, labels being global
 * chunk numbers, saved as hnswlib.index (+ args.json, its space and dimension)
 * in `dir`. Returns the sha256 of each file written. No docstore: the server
 * reads the graph with hnswlib-node and the chunk records from chunks.ndjson.
 */
export function buildVectorShard(
  featVocab: string[],
  features: ShardFeatures,
  idf: Float64Array,
  base: number,
  dir: string,
  params: VectorParams,
  onProgress?: (done: number, total: number) => void,
): Record<string, string> {
  const { dim } = params;
  const n = features.featOffsets.length - 1;
  const hash = new Uint32Array(featVocab.length);
  for (let i = 0; i < featVocab.length; i++) hash[i] = fnv1a(featVocab[i]);
  // Identical chunks (boilerplate repeated across documents) have identical vectors: the graph gets one
  // representative and dups.bin lists the others, which search returns beside it. Clusters of exact
  // duplicates otherwise wreck HNSW's neighbour selection (and its recall) and cost build time.
  const vectors: Float32Array[] = [];
  const reps: number[] = [];
  const repOf = new Map<string, number>();
  const dupPairs: number[] = [];
  const v = new Float64Array(dim);
  for (let c = 0; c < n; c++) {
    v.fill(0);
    for (let o = features.featOffsets[c]; o < features.featOffsets[c + 1]; o++) {
      const f = features.featIds[o];
      const h = hash[f];
      const w = (1 + Math.log(features.featTf[o])) * idf[f];
      v[h % dim] += h & 0x80000000 ? -w : w;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    const p = new Float32Array(dim);
    for (let d = 0; d < dim; d++) p[d] = v[d] / norm;
    const key = createHash("sha1").update(Buffer.from(p.buffer)).digest("base64");
    const rep = repOf.get(key);
    if (rep !== undefined) {
      dupPairs.push(rep, base + c);
      continue;
    }
    repOf.set(key, base + c);
    reps.push(base + c);
    vectors.push(p);
  }
  repOf.clear();
  const index = new hnswlib.HierarchicalNSW("cosine", dim);
  index.initIndex(Math.max(1, reps.length), params.m, params.efConstruction, 100);
  const point: number[] = new Array(dim);
  for (let r = 0; r < reps.length; r++) {
    const p = vectors[r];
    for (let d = 0; d < dim; d++) point[d] = p[d];
    index.addPoint(point, reps[r]);
    if (onProgress && (r % 2000 === 0 || r === reps.length - 1)) onProgress(r + 1, reps.length);
  }
  vectors.length = 0;
  mkdirSync(dir, { recursive: true });
  index.writeIndexSync(join(dir, "hnswlib.index"));
  writeFileChunked(join(dir, "args.json"), [JSON.stringify({ space: "cosine", numDimensions: dim })]);
  // Pairs (representative, duplicate), sorted by representative.
  const order = Array.from({ length: dupPairs.length / 2 }, (_, i) => i).sort((a, b) => dupPairs[2 * a] - dupPairs[2 * b] || dupPairs[2 * a + 1] - dupPairs[2 * b + 1]);
  const dups = new Uint32Array(dupPairs.length);
  order.forEach((o, i) => {
    dups[2 * i] = dupPairs[2 * o];
    dups[2 * i + 1] = dupPairs[2 * o + 1];
  });
  writeFileSync(join(dir, "dups.bin"), Buffer.from(dups.buffer));
  const out: Record<string, string> = {};
  for (const f of ["args.json", "hnswlib.index", "dups.bin"]) if (statSync(join(dir, f)).isFile()) out[f] = fileHash(join(dir, f));
  return out;
}
