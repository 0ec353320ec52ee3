import { basename } from "node:path";
import { Inflate } from "fflate";
import { Parser } from "htmlparser2";
import { LoadError } from "./loaders/index.js";

const intEnv = (name: string, fallback: number): number => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * Resource limits of parsing one file (README「文件解析限制」). Each file is parsed in a worker
 * thread with a heap cap and a deadline; a DOCX's XML is capped before and while it is inflated;
 * markup nesting is capped so no recursive walk can overflow the stack.
 */
export const PARSE_LIMITS = {
  /** Heap of the parse worker (PARSE_MEMORY_MB). */
  memoryMb: intEnv("PARSE_MEMORY_MB", 1024),
  /** Time to parse one file (PARSE_TIMEOUT_MS). */
  timeoutMs: intEnv("PARSE_TIMEOUT_MS", 60_000),
  /** Total uncompressed size of a DOCX's entries, declared and actual (DOCX_MAX_XML_MB). */
  zipBytes: intEnv("DOCX_MAX_XML_MB", 50) * 1024 * 1024,
  zipEntries: 5_000,
  /** Deepest element nesting of an HTML page or a DOCX's XML. */
  depth: intEnv("MAX_NESTING_DEPTH", 1_000),
};

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Element nesting depth of markup, counted by a streaming parser (no tree, no recursion); throws past `max`. */
export class DepthCounter {
  private depth = 0;
  private readonly parser: Parser;
  constructor(
    private readonly file: string,
    xmlMode: boolean,
    private readonly max = PARSE_LIMITS.depth,
  ) {
    this.parser = new Parser(
      {
        onopentag: () => {
          if (++this.depth > this.max) throw new LoadError(this.file, `《${basename(this.file)}》的标签嵌套超过 ${this.max} 层，已拒绝解析（上限 ${this.max} 层）`);
        },
        onclosetag: () => {
          this.depth--;
        },
      },
      { xmlMode, decodeEntities: false },
    );
  }
  write(s: string): void {
    this.parser.write(s);
  }
  end(): void {
    this.parser.end();
  }
}

/** Refuse markup nested deeper than the cap (HTML pages). */
export function checkDepth(file: string, text: string, xmlMode = false): void {
  const c = new DepthCounter(file, xmlMode);
  for (let i = 0; i < text.length; i += 1 << 16) c.write(text.slice(i, i + (1 << 16)));
  c.end();
}

interface Entry {
  name: string;
  method: number;
  csize: number;
  usize: number;
  offset: number;
}

/** The central directory of a zip, as unzipSync reads it (its declared sizes bound what unzipSync allocates). */
function centralDirectory(file: string, b: Buffer): Entry[] {
  const bad = () => new LoadError(file, `《${basename(file)}》不是有效的 DOCX（压缩包结构损坏）`);
  let e = b.length - 22;
  while (e >= 0 && b.readUInt32LE(e) !== 0x06054b50) {
    if (b.length - e > 65_558) throw bad();
    e--;
  }
  if (e < 0) throw bad();
  const count = b.readUInt16LE(e + 10);
  let o = b.readUInt32LE(e + 16);
  if (count === 0xffff || o === 0xffffffff) throw new LoadError(file, `《${basename(file)}》是 ZIP64 压缩包，DOCX 不应如此之大，已拒绝解析`);
  if (count > PARSE_LIMITS.zipEntries) throw new LoadError(file, `《${basename(file)}》含 ${count} 个压缩条目，超过上限 ${PARSE_LIMITS.zipEntries}`);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (o + 46 > b.length || b.readUInt32LE(o) !== 0x02014b50) throw bad();
    const nameLen = b.readUInt16LE(o + 28);
    out.push({
      method: b.readUInt16LE(o + 10),
      csize: b.readUInt32LE(o + 20),
      usize: b.readUInt32LE(o + 24),
      name: b.subarray(o + 46, o + 46 + nameLen).toString("utf8"),
      offset: b.readUInt32LE(o + 42),
    });
    o += 46 + nameLen + b.readUInt16LE(o + 30) + b.readUInt16LE(o + 32);
  }
  return out;
}

/**
 * A DOCX (zip) whose entries declare, or actually inflate to, more than the cap is refused
 * before anything else reads it: the declared sizes are summed first (nothing inflated), then
 * each entry is inflated in small pieces while its output is counted, and a piece past the
 * cap (or past the entry's declared size) stops it. The XML of word/*.xml is streamed through
 * a nesting-depth counter meanwhile. Memory stays at a piece's output, whatever the ratio.
 */
export function checkZip(file: string, bytes: Buffer, cap = PARSE_LIMITS.zipBytes): void {
  const name = basename(file);
  const entries = centralDirectory(file, bytes);
  const declared = entries.reduce((n, x) => n + x.usize, 0);
  const tooBig = (what: string) => new LoadError(file, `《${name}》解压后${what}超过上限 ${mb(cap)}（可能是“压缩炸弹”），已拒绝解析`);
  if (declared > cap) throw tooBig(`声明的大小 ${mb(declared)} `);
  let total = 0;
  for (const x of entries) {
    if (x.method !== 8 || x.usize === 0) {
      total += x.method === 0 ? x.csize : 0;
      continue;
    }
    if (x.offset + 30 > bytes.length || bytes.readUInt32LE(x.offset) !== 0x04034b50) throw new LoadError(file, `《${name}》不是有效的 DOCX（压缩包结构损坏）`);
    const start = x.offset + 30 + bytes.readUInt16LE(x.offset + 26) + bytes.readUInt16LE(x.offset + 28);
    const data = bytes.subarray(start, start + x.csize);
    const depth = /^word\/.*\.xml$/.test(x.name) ? new DepthCounter(file, true) : undefined;
    const decoder = depth ? new TextDecoder("utf-8") : undefined;
    let own = 0;
    let stop: LoadError | undefined;
    const inflate = new Inflate((chunk) => {
      own += chunk.length;
      total += chunk.length;
      if (own > x.usize) stop = new LoadError(file, `《${name}》的压缩条目 ${x.name} 实际解压大小超过其声明的大小，已拒绝解析`);
      else if (total > cap) stop = tooBig("的实际大小");
      if (stop) throw stop;
      depth?.write(decoder!.decode(chunk, { stream: true }));
    });
    try {
      // 16 KB of deflate inflates to at most ~16 MB: the piece is the bound on memory between checks.
      for (let p = 0; p < data.length; p += 16_384) inflate.push(data.subarray(p, p + 16_384), p + 16_384 >= data.length);
      depth?.end();
    } catch (e) {
      if (e instanceof LoadError) throw e;
      if (stop) throw stop;
      throw new LoadError(file, `《${name}》不是有效的 DOCX（压缩数据损坏：${e instanceof Error ? e.message : String(e)}）`);
    }
  }
}
