import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { sha256, type Manifest } from "../../core/index/manifest.js";
import { IndexProblem } from "./problem.js";

/**
 * The index files a server reads while answering, read once into
 * SharedArrayBuffers by the main thread: checksummed as read (the bytes
 * served are the bytes verified, whatever later happens to the files) and
 * handed to the compute threads, which build views over them instead of
 * copies. The HNSW graph is not among them: hnswlib's native index cannot
 * live in a SharedArrayBuffer (see service.ts).
 */
export const MEMORY_FILES = ["bm25.json", "bm25.bin", "layout.bin", "clauses.ndjson", "chunks.ndjson", "docs.json", "rules.json", "facts.json", "idf.json"] as const;
export type MemoryFile = (typeof MEMORY_FILES)[number];

export interface SharedIndex {
  dir: string;
  manifest: Manifest;
  files: Partial<Record<MemoryFile, SharedArrayBuffer>>;
}

const STEP = 1 << 30;

function readIntoShared(path: string): SharedArrayBuffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const sab = new SharedArrayBuffer(size);
    const buf = Buffer.from(sab);
    for (let got = 0; got < size; ) {
      const n = readSync(fd, buf, got, Math.min(STEP, size - got), got);
      if (n === 0) throw new IndexProblem(`索引文件 ${path} 读取不完整（文件被截断）/ index file truncated while reading`);
      got += n;
    }
    return sab;
  } finally {
    closeSync(fd);
  }
}

/** Read the served files into shared memory, each checked against the manifest's sha256. Throws IndexProblem. */
export function readShared(dir: string, manifest: Manifest): SharedIndex {
  const files: SharedIndex["files"] = {};
  for (const name of MEMORY_FILES) {
    const want = manifest.files[name];
    if (!want) {
      if (name === "facts.json") continue;
      throw new IndexProblem(`索引清单未列出 ${name} / index manifest lacks ${name}`);
    }
    let sab: SharedArrayBuffer;
    try {
      sab = readIntoShared(join(dir, name));
    } catch (e) {
      if (e instanceof IndexProblem) throw e;
      throw new IndexProblem(`索引文件 ${name} 无法读取（${(e as NodeJS.ErrnoException).code ?? String(e)}）/ index file unreadable`);
    }
    if (sha256(Buffer.from(sab)) !== want) throw new IndexProblem(`索引文件 ${name} 校验和不符（已损坏）/ checksum mismatch`);
    files[name] = sab;
  }
  return { dir, manifest, files };
}

/** A file's bytes as a Buffer over the shared memory (no copy). */
export function bytesOf(shared: SharedIndex, name: MemoryFile): Buffer {
  const sab = shared.files[name];
  if (!sab) throw new IndexProblem(`索引缺少文件 ${name} / index file missing`);
  return Buffer.from(sab);
}

export function textOf(shared: SharedIndex, name: MemoryFile): string {
  return bytesOf(shared, name).toString("utf8");
}
