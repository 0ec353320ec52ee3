import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Clause, DocMeta } from "../corpus/schema.js";
import { Bm25Index } from "../retrieval/bm25.js";
import { HashEmbeddings } from "../retrieval/embed.js";
import type { Rule } from "../rules/schema.js";
import { fileHash, INDEX_FORMAT, Manifest } from "./manifest.js";

export interface ChunkRecord {
  id: string;
  clauseId: string;
  docId: string;
  article: string;
  text: string;
  context: string;
}

/** Everything the server reads: a read-only artifact built by ingest. */
export interface IndexData {
  dir: string;
  manifest: Manifest;
  docs: DocMeta[];
  clauses: Clause[];
  chunks: ChunkRecord[];
  rules: Rule[];
  bm25: Bm25Index;
  vectors: HNSWLib;
  embeddings: HashEmbeddings;
}

export class IndexProblem extends Error {}

/** Read and verify the manifest: format and per-file checksums. Throws IndexProblem with the reason. */
export function verifyIndex(dir: string): Manifest {
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
  for (const [file, hash] of Object.entries(manifest.files)) {
    if (!present.has(file)) throw new IndexProblem(`索引缺少文件 ${file} / index file missing`);
    if (fileHash(join(dir, file)) !== hash) throw new IndexProblem(`索引文件 ${file} 校验和不符（已损坏）/ checksum mismatch`);
  }
  return manifest;
}

export async function loadIndex(dir: string): Promise<IndexData> {
  const manifest = verifyIndex(dir);
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), "utf8")) as T;
  const embeddings = new HashEmbeddings(new Map(read<[string, number][]>("idf.json")), manifest.embedding.dim);
  const vectors = await HNSWLib.load(join(dir, "vectors"), embeddings);
  return {
    dir,
    manifest,
    docs: read<DocMeta[]>("docs.json"),
    clauses: read<Clause[]>("clauses.json"),
    chunks: read<ChunkRecord[]>("chunks.json"),
    rules: read<Rule[]>("rules.json"),
    bm25: Bm25Index.deserialize(readFileSync(join(dir, "bm25.json"), "utf8"), readFileSync(join(dir, "bm25.bin"))),
    vectors,
    embeddings,
  };
}
