import { basename, extname } from "node:path";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { docIdProblem, shortHash } from "../core/corpus/doc-id.js";
import { cleanText, blank } from "./clean.js";
import { LoadError } from "./loaders/index.js";
import { compileChrome } from "./safe-regex.js";
import { chunkClauses, type Chunk } from "./chunk.js";
import type { SourceFile } from "./load.js";
import { extractMeta, measurePeriodsOf, type RegionResolver } from "./meta.js";
import { splitDocuments } from "./split.js";
import { parseStructure } from "./structure.js";

/** One file in, its documents, clauses and chunks out. Pure: no I/O, no index. */
export interface ParsedFile {
  docs: DocMeta[];
  clauses: Clause[];
  chunks: Chunk[];
  /** Cleaned file text: clause offsets index into it. */
  text: string;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80).replace(/-$/, "");
}

/** The front matter's `chrome:` patterns, each checked for safety and compiled before use (LoadError otherwise). */
function chromePatterns(file: SourceFile): RegExp[] {
  const list = Array.isArray(file.frontMatter.chrome) ? file.frontMatter.chrome : [];
  return list.filter((p): p is string => typeof p === "string").map((p) => compileChrome(file.path, p));
}

/** A front-matter or sidecar id, refused (LoadError naming the file) unless it is a plain name. */
function checkedId(file: SourceFile, id: unknown, field: string): string {
  const problem = docIdProblem(id, `《${basename(file.path)}》的 ${field} `);
  if (problem) throw new LoadError(file.path, problem);
  return id as string;
}

function idFor(file: SourceFile, index: number, count: number, title: string | undefined): string {
  const ids = file.frontMatter.ids;
  if (title && ids && typeof ids === "object") {
    for (const [key, id] of Object.entries(ids as Record<string, unknown>)) if (title.includes(key) && id !== undefined && id !== null) return checkedId(file, id, "ids");
  }
  if (count === 1 && file.frontMatter.id !== undefined && file.frontMatter.id !== null) return checkedId(file, file.frontMatter.id, "id");
  // A name with no Latin letters or digits (通知.txt) gets a hash of its path: two such files never share an id.
  const stem = slug(basename(file.path, extname(file.path))) || `doc-${shortHash(file.path)}`;
  return count === 1 ? stem : `${stem}-${index + 1}`;
}

/** Multi-document files carry per-document fields under `meta: {<docId>: {...}}`. */
function partFrontMatter(fm: Record<string, unknown>, id: string): Record<string, unknown> {
  const meta = fm.meta as Record<string, unknown> | undefined;
  const own = meta && typeof meta === "object" ? meta[id] : undefined;
  return own && typeof own === "object" ? (own as Record<string, unknown>) : {};
}

/** The 1-based page holding offset `at`, given each page's start offset. */
export function pageAt(pages: number[], at: number): number {
  let page = 1;
  for (let i = 0; i < pages.length; i++) if (pages[i] <= at) page = i + 1;
  return page;
}

export function parseFile(file: SourceFile, resolveRegion: RegionResolver): ParsedFile {
  let text = cleanText(file.text, chromePatterns(file));
  const parts = splitDocuments(text);
  for (const p of parts) if (p.header) text = blank(text, p.header[0], p.header[1]);
  const docs: DocMeta[] = [];
  const clauses: Clause[] = [];
  parts.forEach((part, i) => {
    const id = idFor(file, i, parts.length, part.title);
    const meta = extractMeta(
      {
        id,
        sourceFile: file.path,
        raw: file.text.slice(part.start, part.end),
        clean: text.slice(part.start, part.end),
        sourceStart: part.start,
        sourceEnd: part.end,
        frontMatter: parts.length === 1 ? file.frontMatter : partFrontMatter(file.frontMatter, id),
        ...(part.title ? { listingTitle: part.title } : {}),
        ...(part.tag ? { listingTag: part.tag } : {}),
      },
      resolveRegion,
    );
    const own = parseStructure(id, text, part.start, part.end);
    // A card's or a measure's own period belongs to the deepest clause that states it.
    const flat = (x: string) => x.replace(/\s+/g, "");
    for (const m of measurePeriodsOf(meta)) {
      const holder = own.filter((c) => flat(c.text).includes(flat(m.quote))).sort((a, b) => b.depth - a.depth)[0];
      if (holder && !holder.period) holder.period = m;
    }
    // A label used twice cannot be cited: say so wherever the document is shown.
    const labels = new Set<string>();
    if (own.some((c) => labels.size === labels.add(c.article).size)) meta.doubts = [...(meta.doubts ?? []), "duplicate_labels"];
    docs.push(meta);
    clauses.push(...own);
  });
  if (file.pages) for (const c of clauses) c.page = pageAt(file.pages, c.start);
  return { docs, clauses, chunks: chunkClauses(clauses, text), text };
}
