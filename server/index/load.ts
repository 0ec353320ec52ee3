import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { Bm25Index } from "../../core/retrieval/bm25.js";
import { HashEmbeddings } from "../../core/retrieval/embed.js";
import { VectorShards } from "../retrieval/vectors.js";
import { loadRemoteStore, remoteEmbeddingConfig, type RemoteDense } from "../../core/retrieval/remote.js";
import type { Rule } from "../../core/rules/schema.js";
import { registerFacts, type FactDef } from "../../core/facts/registry.js";
import { hashFiles } from "../../core/index/hash-pool.js";
import { INDEX_FORMAT, Manifest } from "../../core/index/manifest.js";
import { layoutOf, Records, type ChunkRecord } from "../../core/index/records.js";
import type { VectorHit } from "../retrieval/vectors.js";
import { IndexProblem } from "./problem.js";
import { bytesOf, readShared, textOf, type SharedIndex } from "./shared.js";
import type { IndexService, ServiceClient } from "./service.js";

export { IndexProblem };

export type { ChunkRecord };

/**
 * Everything the server reads: a read-only artifact built by ingest. The
 * served files are read once into shared memory and checksummed as read
 * (shared.ts): clause and chunk texts stay there as UTF-8 and are decoded on
 * demand (a million clauses would not fit the server's memory budget as
 * objects), and no request ever reads an index file, so a file changed or
 * damaged while serving cannot change or break an answer. Compute threads
 * build their IndexData over the same memory.
 */
export interface IndexData {
  dir: string;
  manifest: Manifest;
  docs: DocMeta[];
  rules: Rule[];
  bm25: Bm25Index;
  /** Nearest chunks to the query by the offline hashed vectors (global chunk numbers). */
  dense(query: string, k: number): VectorHit[];
  /** Dense retrieval through the configured embedding endpoint, when the index was built with it. */
  remote?: RemoteDense;
  chunkCount: number;
  /** Document number (index into `docs`) of each chunk. */
  chunkDoc: Uint32Array;
  /** Clause number (corpus order) of each chunk: equal numbers, same clause. */
  chunkClause: Uint32Array;
  chunk(i: number): ChunkRecord;
  clause(id: string): Clause | undefined;
  /** A document's clauses in order ([] for an unknown id). */
  clausesOf(docId: string): Clause[];
  /** Every clause, decoded on first use: O(corpus) memory, for tools and small corpora; routes use clause()/clausesOf(). */
  readonly clauses: Clause[];
  /** Every chunk record, decoded on first use (see `clauses`). */
  readonly chunks: ChunkRecord[];
}

/** Directories verified by this process, keyed by manifest text and every file's size and mtime. */
const verified = new Map<string, string>();

/** The stamp of a directory this process verified: handed to worker threads that load the same index. */
export function verifiedStamp(dir: string): string | undefined {
  return verified.get(dir);
}

/**
 * Accept another thread's verification of `dir`. The stamp is still compared
 * with the files' current sizes and mtimes, so a changed file is hashed again.
 */
export function trustVerified(dir: string, stampText: string): void {
  verified.set(dir, stampText);
}

/**
 * What the served index's files look like now (the manifest and every listed file's size and
 * mtime): a different stamp means a file was replaced, edited or damaged since it was read.
 */
export function filesStamp(dir: string): string {
  let text: string;
  try {
    text = readFileSync(join(dir, "manifest.json"), "utf8");
  } catch {
    return "manifest:missing";
  }
  let files: string[] = [];
  try {
    files = Object.keys((JSON.parse(text) as { files?: Record<string, string> }).files ?? {});
  } catch {
    // an unreadable manifest is itself the change
  }
  return stamp(dir, text, files);
}

/**
 * Record `dir` as verified after this process rewrote some of its files itself (a rules-only
 * refresh): the rest were verified before, the new ones were hashed as they were written.
 */
export function restamp(dir: string, manifestText: string, files: string[]): void {
  verified.set(dir, stamp(dir, manifestText, files));
}

function stamp(dir: string, manifestText: string, files: string[]): string {
  const parts = [manifestText];
  for (const f of files) {
    try {
      const st = statSync(join(dir, f));
      parts.push(`${f}:${st.size}:${st.mtimeMs}`);
    } catch {
      parts.push(`${f}:missing`);
    }
  }
  return parts.join("\n");
}

/**
 * Read and verify the manifest: format and per-file checksums. Throws IndexProblem with the reason.
 * Checksumming a million-clause index reads gigabytes, so a directory verified once by this process
 * is not re-hashed while its manifest and every file's size and mtime are unchanged.
 */
export function verifyIndex(dir: string): Manifest {
  const mfText = existsSync(join(dir, "manifest.json")) ? readFileSync(join(dir, "manifest.json"), "utf8") : undefined;
  if (mfText) {
    const known = verified.get(dir);
    if (known) {
      try {
        const m = Manifest.parse(JSON.parse(mfText));
        if (known === stamp(dir, mfText, Object.keys(m.files))) return m;
      } catch {
        // fall through to the full check
      }
    }
  }
  const manifest = verifyIndexFully(dir);
  if (mfText) verified.set(dir, stamp(dir, mfText, Object.keys(manifest.files)));
  return manifest;
}

function verifyIndexFully(dir: string): Manifest {
  const mf = join(dir, "manifest.json");
  if (!existsSync(mf)) throw new IndexProblem(`索引不存在 / no index at ${dir}`);
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(readFileSync(mf, "utf8")));
  } catch {
    throw new IndexProblem("索引清单损坏 / index manifest is unreadable");
  }
  if (manifest.format !== INDEX_FORMAT) throw new IndexProblem(`索引格式版本 ${manifest.format} 与程序版本 ${INDEX_FORMAT} 不符 / index format mismatch`);
  const present = new Set<string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== "manifest.json") present.add(relative(dir, p));
    }
  };
  walk(dir);
  const listed = Object.entries(manifest.files);
  for (const [file] of listed) if (!present.has(file)) throw new IndexProblem(`索引缺少文件 ${file} / index file missing`);
  const actual = hashFiles(listed.map(([file]) => join(dir, file)));
  listed.forEach(([file, hash], i) => {
    if (actual[i] !== hash) throw new IndexProblem(`索引文件 ${file} 校验和不符（已损坏）/ checksum mismatch`);
  });
  return manifest;
}

/** An index with the vector search in this thread (inline serving, tools, tests). */
export interface LocalIndexData extends IndexData {
  vectors: VectorShards;
  embeddings: HashEmbeddings;
  shared: SharedIndex;
}

/** Where the hashed-vector search runs: in this thread, or in the index service thread (generation `gen`). */
type Dense = { local: true; vectors: VectorShards; embeddings: HashEmbeddings } | { local: false; client: ServiceClient; gen: number };

/** The index over files already in shared memory: what every thread of a server builds, from the same buffers. */
export async function indexFromShared(shared: SharedIndex, dense: Dense): Promise<IndexData> {
  const { dir, manifest } = shared;
  const json = <T>(name: Parameters<typeof textOf>[1]): T => JSON.parse(textOf(shared, name)) as T;
  const cfg = remoteEmbeddingConfig();
  const remote = manifest.embedding.remote && cfg?.model === manifest.embedding.remote.model ? await loadRemoteStore(dir, cfg) : undefined;
  const docs = json<DocMeta[]>("docs.json");
  // Compiled facts join the vocabulary before any rule or profile that names them is read.
  if (shared.files["facts.json"]) registerFacts(json<FactDef[]>("facts.json"));
  const docNo = new Map(docs.map((d, i) => [d.id, i]));
  const layout = layoutOf(new Uint8Array(shared.files["layout.bin"]!));
  const records = new Records({ clauses: bytesOf(shared, "clauses.ndjson"), chunks: bytesOf(shared, "chunks.ndjson") }, layout);
  let allClauses: Clause[] | undefined;
  let allChunks: ChunkRecord[] | undefined;
  const clausesOf = (docId: string): Clause[] => {
    const d = docNo.get(docId);
    return d === undefined ? [] : records.clausesOfDoc(d);
  };
  return {
    dir,
    manifest,
    docs,
    rules: json<Rule[]>("rules.json"),
    bm25: Bm25Index.deserialize(textOf(shared, "bm25.json"), new Uint8Array(shared.files["bm25.bin"]!)),
    dense: dense.local ? (q, k) => dense.vectors.search(dense.embeddings.vector(q), k) : (q, k) => dense.client.dense(dense.gen, q, k),
    ...(remote ? { remote } : {}),
    chunkCount: records.chunkCount,
    chunkDoc: layout.chunkDoc,
    chunkClause: layout.chunkClause,
    chunk: (i) => records.chunk(i),
    clausesOf,
    clause: (id) => {
      // Clause ids are "<docId>:<article>"; a document id may itself contain ":".
      for (let at = id.indexOf(":"); at > 0; at = id.indexOf(":", at + 1)) {
        const found = clausesOf(id.slice(0, at)).find((c) => c.id === id);
        if (found) return found;
      }
      return undefined;
    },
    get clauses() {
      return (allClauses ??= records.all<Clause>("clauses"));
    },
    get chunks() {
      return (allChunks ??= records.all<ChunkRecord>("chunks"));
    },
  };
}

/** Verify `dir` (checksums) and read its served files into shared memory, checked again as read. */
export function readVerified(dir: string): SharedIndex {
  return readShared(dir, verifyIndex(dir));
}

/** Load the whole index into this thread, vector search included. */
export async function loadIndex(dir: string): Promise<LocalIndexData> {
  const shared = readVerified(dir);
  const { manifest } = shared;
  const embeddings = new HashEmbeddings(new Map(JSON.parse(textOf(shared, "idf.json")) as [string, number][]), manifest.embedding.dim);
  const vectors = VectorShards.load(join(dir, "vectors"), manifest.embedding.dim);
  const index = await indexFromShared(shared, { local: true, vectors, embeddings });
  return Object.assign(index, { vectors, embeddings, shared });
}

/**
 * Load the index for a server whose vector search and segmentation live in the index
 * service thread: the service loads generation `gen`'s graph, this thread reads the rest.
 */
export async function loadServedIndex(dir: string, gen: number, service: IndexService, client: ServiceClient): Promise<{ index: IndexData; shared: SharedIndex }> {
  const shared = readVerified(dir);
  await service.load({ id: gen, dir, dim: shared.manifest.embedding.dim, idf: shared.files["idf.json"]! });
  return { index: await indexFromShared(shared, { local: false, client, gen }), shared };
}
