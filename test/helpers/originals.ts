/**
 * Real published originals against the plain-text copies of the same
 * documents: both go through the project's own load + parse, and the
 * comparison counts the reference clauses that come back with the same label
 * and the same text (NFKC, whitespace removed). Used by
 * test/ingest/originals.test.ts and scripts/compare-originals.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Clause } from "../../core/corpus/schema.js";
import { loadBytes } from "../../ingest/load.js";
import { parseFile, type ParsedFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";

export const norm = (s: string): string => s.normalize("NFKC").replace(/\s+/gu, "");

export interface Comparison {
  original: string;
  copy: string;
  /** The copy's title (its front matter) and the title the original was read to. */
  title: { want: string; got: string; equal: boolean };
  matched: number;
  total: number;
  /** Reference clauses with no match: label and the first characters of the text. */
  missing: { article: string; text: string }[];
  /** Clauses of the original with no match in the reference. */
  extra: { article: string; text: string }[];
  got: ParsedFile;
  ref: ParsedFile;
}

let resolver: ReturnType<typeof defaultRegionResolver> | undefined;

export async function parseBytes(name: string, bytes: Buffer, path?: string): Promise<ParsedFile> {
  resolver ??= defaultRegionResolver();
  return parseFile({ path: basename(name), ...(await loadBytes(basename(name), bytes, path ? { path } : {})) }, resolver);
}

const key = (c: Clause) => `${c.article}\u0000${norm(c.text)}`;

/** Pairs of originals and copies in a folder laid out like dev-corpus-2: NN_*.txt beside original/NN_*. */
export function pairsIn(dir: string, originals = join(dir, "original")): { original: string; copy: string }[] {
  const copies = readdirSync(dir).filter((f) => /^\d\d_.*\.txt$/.test(f));
  const out: { original: string; copy: string }[] = [];
  for (const o of readdirSync(originals).sort()) {
    const nn = o.slice(0, 3);
    const copy = copies.find((c) => c.startsWith(nn));
    if (copy) out.push({ original: join(originals, o), copy: join(dir, copy) });
  }
  return out;
}

export async function compareOriginal(original: string, copy: string): Promise<Comparison> {
  const [got, ref] = await Promise.all([parseBytes(original, readFileSync(original), original), parseBytes(copy, readFileSync(copy))]);
  const want = ref.docs[0]?.title ?? "";
  const title = got.docs[0]?.title ?? "";
  const pool = new Map<string, number>();
  for (const c of got.clauses) pool.set(key(c), (pool.get(key(c)) ?? 0) + 1);
  const missing: Comparison["missing"] = [];
  let matched = 0;
  for (const c of ref.clauses) {
    const n = pool.get(key(c)) ?? 0;
    if (n > 0) {
      matched++;
      pool.set(key(c), n - 1);
    } else missing.push({ article: c.article, text: c.text });
  }
  const extra = got.clauses.filter((c) => (pool.get(key(c)) ?? 0) > 0 && pool.set(key(c), pool.get(key(c))! - 1)).map((c) => ({ article: c.article, text: c.text }));
  return { original, copy, title: { want, got: title, equal: norm(want) === norm(title) }, matched, total: ref.clauses.length, missing, extra, got, ref };
}

export function describeComparison(r: Comparison): string {
  const pct = r.total ? ((100 * r.matched) / r.total).toFixed(1) : "-";
  return `${basename(r.original).padEnd(34)} title ${r.title.equal ? "same " : "DIFF "} clauses ${r.matched}/${r.total} (${pct}%)${r.title.equal ? "" : `\n    title want 「${r.title.want}」 got 「${r.title.got}」`}`;
}
