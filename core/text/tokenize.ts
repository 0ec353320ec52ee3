import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Chinese segmentation for both ingest and queries: they must agree token for
 * token, so this is the only place that calls jieba. Numbers are kept whole
 * with their unit ("2000万元", "20%", "5.25万元") because a number alone
 * ("20") matches everything and nothing.
 */

const require = createRequire(import.meta.url);
type Jieba = { load(opts?: { userDict?: string }): void; cut(text: string, hmm?: boolean): string[] };

const DEFAULT_CORPUS = fileURLToPath(new URL("../../corpus/", import.meta.url));

let jieba: Jieba | undefined;
let stop: Set<string> | undefined;

function resourcePath(name: string, corpusDir?: string): string {
  const own = corpusDir ? `${corpusDir.replace(/\/?$/, "/")}${name}` : undefined;
  return own && existsSync(own) ? own : `${DEFAULT_CORPUS}${name}`;
}

/**
 * Segment with another thread's jieba instead of loading one here: jieba's two dictionary
 * tries take ≈ 240 MB of native memory per thread, so a server's compute threads share one
 * (server/index/service.ts). `cut` must behave exactly as jieba's cut(text, hmm).
 */
export function useTokenizer(cut: (text: string, hmm: boolean) => string[] | undefined): void {
  // A text the other thread cannot take (larger than its buffer) is segmented here, by the same dictionaries.
  let local: Jieba | undefined;
  jieba = { load() {}, cut: (text, hmm) => cut(text, hmm ?? false) ?? (local ??= loadJieba()).cut(text, hmm) };
  stop ??= new Set(readFileSync(resourcePath("stopwords.txt"), "utf8").split(/\r?\n/).map((w) => w.trim()).filter(Boolean));
}

function loadJieba(corpusDir?: string): Jieba {
  const j = require("nodejieba") as Jieba;
  j.load({ userDict: resourcePath("userdict.txt", corpusDir) });
  return j;
}

/** Load jieba's dictionaries once per process (about a second); later calls are free. */
export function initTokenizer(corpusDir?: string): void {
  if (jieba) return;
  const j = loadJieba(corpusDir);
  stop = new Set(readFileSync(resourcePath("stopwords.txt", corpusDir), "utf8").split(/\r?\n/).map((w) => w.trim()).filter(Boolean));
  jieba = j;
}

const NUMBER = /^\d+(?:[.,]\d+)*$/;
const UNIT = /^(?:万亿元|亿元|万元|千元|元|万|亿|千|%|％|件|家|个|台|人|年|月|日|学时|次|项|倍|单|名|平方米|公里)$/;
const PUNCT = /^[\p{P}\p{S}\p{Z}\p{C}]+$/u;

/** Merge "2000" "万元" → "2000万元"; "20" "%" → "20%"; "5" "." "25" → "5.25". */
export function mergeNumbers(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i];
    const c = t.charCodeAt(0);
    if (c >= 48 && c <= 57 && NUMBER.test(t)) {
      while (i + 2 < tokens.length && (tokens[i + 1] === "." || tokens[i + 1] === ",") && NUMBER.test(tokens[i + 2])) {
        t += tokens[i + 1] + tokens[i + 2];
        i += 2;
      }
      if (i + 1 < tokens.length && UNIT.test(tokens[i + 1])) t += tokens[++i];
    }
    out.push(t);
  }
  return out;
}

/** All tokens, punctuation and stop words included (for display and n-grams). */
export function segment(text: string): string[] {
  initTokenizer();
  const toks: string[] = [];
  for (const r of jieba!.cut(text.normalize("NFKC"), true)) {
    const t = r.trim();
    if (t) toks.push(t);
  }
  return mergeNumbers(toks);
}

/** Token → its index term ("" when punctuation or a stop word). Tokens repeat a lot: ingest's hot loop. */
const termOf = new Map<string, string>();

/** Recent texts' terms: chat re-reads the same clauses and sentences on every request. */
const termsCache = new Map<string, string[]>();
const TERMS_CACHE = 20_000;

/** Index terms for BM25: lower-cased, no punctuation, no stop words. */
export function terms(text: string): string[] {
  const hit = termsCache.get(text);
  if (hit) return hit.slice();
  const out = segmentTerms(text);
  if (termsCache.size >= TERMS_CACHE) termsCache.clear();
  termsCache.set(text, out);
  return out.slice();
}

/** `terms` without the cache: ingest segments every text once, caching would only churn. */
export function segmentTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of segment(text)) {
    let v = termOf.get(t);
    if (v === undefined) {
      const l = t.toLowerCase();
      v = PUNCT.test(l) || stop!.has(l) ? "" : l;
      if (termOf.size > 200_000) termOf.clear();
      termOf.set(t, v);
    }
    if (v) out.push(v);
  }
  return out;
}
