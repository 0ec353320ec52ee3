import { closeSync, openSync, readFileSync, readSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Chunk, Clause, DocMeta } from "../corpus/schema.js";

/**
 * Clause and chunk records on disk, read on demand: `clauses.ndjson` and
 * `chunks.ndjson` (one JSON record per line, in corpus order) plus
 * `layout.bin`, which holds the byte offset of every line and, per chunk,
 * its document and clause numbers. A million-clause corpus then costs the
 * server ~20 bytes per chunk of memory instead of its whole text.
 */
/** A chunk as ingest made it: the record stored per line. */
export type ChunkRecord = Chunk;

export interface Layout {
  clauseOff: Float64Array;
  chunkOff: Float64Array;
  /** Clauses of document d are clauses docClauseStart[d]..docClauseStart[d+1]. */
  docClauseStart: Uint32Array;
  chunkDoc: Uint32Array;
  chunkClause: Uint32Array;
}

function ndjson(path: string, records: unknown[]): Float64Array {
  const off = new Float64Array(records.length + 1);
  let at = 0;
  writeFileChunked(
    path,
    (function* () {
      for (let i = 0; i < records.length; i++) {
        const line = `${JSON.stringify(records[i])}\n`;
        at += Buffer.byteLength(line);
        off[i + 1] = at;
        yield line;
      }
    })(),
  );
  return off;
}

export function writeLayout(dir: string, docs: DocMeta[], clauses: Clause[], chunks: ChunkRecord[]): void {
  const docNo = new Map(docs.map((d, i) => [d.id, i]));
  const clauseNo = new Map(clauses.map((c, i) => [c.id, i]));
  const docClauseStart = new Uint32Array(docs.length + 1);
  // Clauses come in document order (ingest emits them per document); record where each document's run starts.
  let d = 0;
  clauses.forEach((c, i) => {
    const n = docNo.get(c.docId)!;
    while (d < n) docClauseStart[++d] = i;
  });
  while (d < docs.length) docClauseStart[++d] = clauses.length;
  const chunkDoc = Uint32Array.from(chunks, (c) => docNo.get(c.docId) ?? 0);
  const chunkClause = Uint32Array.from(chunks, (c) => clauseNo.get(c.clauseId) ?? 0);
  const clauseOff = ndjson(join(dir, "clauses.ndjson"), clauses);
  const chunkOff = ndjson(
    join(dir, "chunks.ndjson"),
    chunks.map((c) => ({ id: c.id, clauseId: c.clauseId, docId: c.docId, article: c.article, text: c.text, context: c.context })),
  );
  const head = new Uint32Array([docs.length, clauses.length, chunks.length, 0]);
  const parts = [head, clauseOff, chunkOff, docClauseStart, chunkDoc, chunkClause].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  writeFileSync(join(dir, "layout.bin"), Buffer.concat(parts));
}

export function readLayout(dir: string): Layout {
  const raw = readFileSync(join(dir, "layout.bin"));
  const buf = new Uint8Array(raw.byteLength);
  buf.set(raw);
  return layoutOf(buf);
}

/** The layout as views over `buf` (4-byte aligned, e.g. a SharedArrayBuffer read once and shared by threads): nothing copied. */
export function layoutOf(buf: Uint8Array): Layout {
  if (buf.byteOffset % 8 !== 0) throw new Error("layout buffer must be 8-byte aligned");
  const [nDocs, nClauses, nChunks] = new Uint32Array(buf.buffer, buf.byteOffset, 3);
  let at = buf.byteOffset + 16;
  const f64 = (n: number) => {
    const a = new Float64Array(buf.buffer, at, n);
    at += n * 8;
    return a;
  };
  const u32 = (n: number) => {
    const a = new Uint32Array(buf.buffer, at, n);
    at += n * 4;
    return a;
  };
  const clauseOff = f64(nClauses + 1);
  const chunkOff = f64(nChunks + 1);
  return { clauseOff, chunkOff, docClauseStart: u32(nDocs + 1), chunkDoc: u32(nChunks), chunkClause: u32(nChunks) };
}

/** Where record bytes come from: the files (positioned reads) or buffers read once into memory. */
type Source = { kind: "files"; clauseFd: number; chunkFd: number } | { kind: "memory"; clauses: Buffer; chunks: Buffer };

/** Random access to the records: positioned reads of the files or slices of in-memory copies, a small LRU of decoded documents. */
export class Records {
  private readonly source: Source;
  private readonly cache = new Map<number, Clause[]>();

  /** `from` is the index directory, or the two record files' bytes already in memory (then no file is read again). */
  constructor(
    from: string | { clauses: Buffer; chunks: Buffer },
    readonly layout: Layout,
    private readonly cacheDocs = 1024,
  ) {
    this.source =
      typeof from === "string"
        ? { kind: "files", clauseFd: openSync(join(from, "clauses.ndjson"), "r"), chunkFd: openSync(join(from, "chunks.ndjson"), "r") }
        : { kind: "memory", ...from };
  }

  get chunkCount(): number {
    return this.layout.chunkDoc.length;
  }

  get clauseCount(): number {
    return this.layout.clauseOff.length - 1;
  }

  private read(which: "clauses" | "chunks", from: number, to: number): string {
    const src = this.source;
    if (src.kind === "memory") {
      const b = which === "clauses" ? src.clauses : src.chunks;
      if (to > b.length) throw new Error("index record file is truncated");
      return b.toString("utf8", from, to);
    }
    const fd = which === "clauses" ? src.clauseFd : src.chunkFd;
    const buf = Buffer.allocUnsafe(to - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) throw new Error("index record file is truncated");
      got += n;
    }
    return buf.toString("utf8");
  }

  private readonly chunkCache = new Map<number, ChunkRecord>();

  chunk(i: number): ChunkRecord {
    const hit = this.chunkCache.get(i);
    if (hit) return { ...hit };
    const o = this.layout.chunkOff;
    const rec = JSON.parse(this.read("chunks", o[i], o[i + 1])) as ChunkRecord;
    if (this.chunkCache.size >= 8192) this.chunkCache.delete(this.chunkCache.keys().next().value!);
    this.chunkCache.set(i, rec);
    return { ...rec };
  }

  /** The clauses of document number `d`, in order. */
  clausesOfDoc(d: number): Clause[] {
    const hit = this.cache.get(d);
    if (hit) {
      this.cache.delete(d);
      this.cache.set(d, hit);
      return hit;
    }
    const s = this.layout.docClauseStart;
    const o = this.layout.clauseOff;
    const from = s[d];
    const to = s[d + 1];
    const text = from < to ? this.read("clauses", o[from], o[to]) : "";
    const list = text ? text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Clause) : [];
    this.cache.set(d, list);
    if (this.cache.size > this.cacheDocs) this.cache.delete(this.cache.keys().next().value!);
    return list;
  }

  /** Every record of a file, decoded line by line (O(corpus) memory). */
  all<T>(which: "clauses" | "chunks"): T[] {
    const off = which === "clauses" ? this.layout.clauseOff : this.layout.chunkOff;
    const out: T[] = [];
    const step = 4096;
    for (let i = 0; i < off.length - 1; i += step) {
      const j = Math.min(off.length - 1, i + step);
      for (const l of this.read(which, off[i], off[j]).split("\n")) if (l) out.push(JSON.parse(l) as T);
    }
    return out;
  }

  close(): void {
    if (this.source.kind !== "files") return;
    closeSync(this.source.clauseFd);
    closeSync(this.source.chunkFd);
  }
}

/** Write many small strings without building one giant string (V8 caps strings at ~512 MB). */
export function writeFileChunked(path: string, parts: Iterable<string>): number {
  const fd = openSync(path, "w");
  let pending: string[] = [];
  let size = 0;
  let bytes = 0;
  const flush = () => {
    if (!pending.length) return;
    bytes += writeSync(fd, pending.join(""));
    pending = [];
    size = 0;
  };
  try {
    for (const p of parts) {
      pending.push(p);
      size += p.length;
      if (size > 1 << 22) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}
