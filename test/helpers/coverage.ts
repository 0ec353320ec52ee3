import { norm } from "./originals.js";

/**
 * How much of a document's visible text (a plain-text copy) the extracted text
 * holds: the share of the copy's characters (NFKC, whitespace removed, as a
 * multiset) found in the extraction. 1 means nothing was lost.
 */
export function charCoverage(visible: string, extracted: string): number {
  const count = (s: string) => {
    const m = new Map<string, number>();
    for (const c of norm(s)) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  };
  const want = count(visible);
  const got = count(extracted);
  let total = 0;
  let found = 0;
  for (const [c, n] of want) {
    total += n;
    found += Math.min(n, got.get(c) ?? 0);
  }
  return total ? found / total : 1;
}
