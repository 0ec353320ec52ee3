import { findQuantities, normalizeSameLength, type Quantity } from "../../core/text/numbers.js";
import { keyOf, type FactSpec } from "./facts.js";
import { factPhrase, usable } from "./phrase.js";
import type { Draft } from "./recognise.js";
import { parts, sentences, type Span } from "./segments.js";
import { CAP_BEFORE } from "./words.js";

/**
 * Progressive bands across a clause's sentences (超额累进): "500万元（含）以下的部分按投资额的4%…；
 * 超过500万元不超过1000万元（含）的部分按投资额的2%…；3000万元以上的部分按投资额的1%". Documents
 * often restate the lower bands for each bracket; every restatement must agree, the bands must
 * run from 0 without a gap, and the sentences read must be nothing but the ladder (and its
 * ceiling right after), or the clause is left to the sentence reader. Pure.
 */

interface Band {
  from?: number;
  to?: number;
  rate: number;
  base: string;
}

const BASE = /^按(?:照)?(?:其)?([^，,；;。%]{1,20}?)的\s*$/;

function quantities(n: string, p: Span): Quantity[] {
  return findQuantities(n.slice(p.start, p.end)).map((q) => ({ ...q, start: q.start + p.start, end: q.end + p.start }));
}

/** One "…的部分按<base>的R%" part, or undefined. */
function bandOf(n: string, p: Span): Band | undefined {
  const k = n.indexOf("的部分", p.start);
  if (k < 0 || k >= p.end) return undefined;
  const qs = quantities(n, p);
  const money = qs.filter((q) => q.end <= k && q.unit === "yuan" && !q.perUnit);
  const rate = qs.find((q) => q.start > k && q.unit === "percent");
  if (!rate || qs.some((q) => q.start > k && q.unit === "percent" && q !== rate)) return undefined;
  const m = BASE.exec(n.slice(k + 3, rate.start));
  const base = m ? factPhrase(m[1]) : "";
  if (!usable(base)) return undefined;
  const lead = n.slice(p.start, money[0]?.start ?? k);
  if (money.length === 2 && /(?:超过|高于)$/.test(lead) && /^\s*(?:[(（]含[)）])?\s*(?:不超过|至|到|[-~～—])\s*$/.test(n.slice(money[0].end, money[1].start)))
    return { from: money[0].value, to: money[1].value, rate: rate.value, base };
  if (money.length !== 1) return undefined;
  const post = n.slice(money[0].end, k);
  if (/^\s*(?:[(（]含[)）])?\s*(?:及)?(?:以下|以内)\s*$/.test(post) && !/超过$/.test(lead)) return { to: money[0].value, rate: rate.value, base };
  if (/^\s*(?:[(（]不?含[)）])?\s*以上\s*$/.test(post) || (/(?:超过|高于)$/.test(lead) && /^\s*$/.test(post))) return { from: money[0].value, rate: rate.value, base };
  return undefined;
}

export interface Ladder {
  span: Span;
  draft: Draft;
}

export function ladderOf(text: string, own: Span): Ladder | undefined {
  const n = normalizeSameLength(text);
  const ss = sentences(text, own.start, own.end);
  const found: { i: number; band: Band }[] = [];
  ss.forEach((s, i) => {
    for (const p of parts(text, s)) {
      const b = bandOf(n, p);
      if (b) found.push({ i, band: b });
    }
  });
  if (found.length < 2) return undefined;
  const base = found[0].band.base;
  if (found.some((f) => f.band.base !== base)) return undefined;
  // Restated bands must agree; then they must tile [0, ∞) or [0, last).
  const byRange = new Map<string, Band>();
  for (const { band } of found) {
    const key = `${band.from ?? 0}-${band.to ?? "∞"}`;
    const seen = byRange.get(key);
    if (seen && seen.rate !== band.rate) return undefined;
    byRange.set(key, band);
  }
  const bands = [...byRange.values()].sort((a, b) => (a.from ?? 0) - (b.from ?? 0));
  if (bands.length < 2 || bands[0].from !== undefined) return undefined;
  for (let i = 0; i + 1 < bands.length; i++) if (bands[i].to === undefined || bands[i + 1].from !== bands[i].to) return undefined;
  const last = bands.at(-1)!;
  if (last.to !== undefined && last.from !== undefined && last.to <= last.from) return undefined;

  let first = found[0].i;
  let end = found.at(-1)!.i;
  // Every sentence between holds a band: nothing else is swallowed.
  for (let i = first; i <= end; i++) if (!found.some((f) => f.i === i)) return undefined;
  // "单笔投资额不超过500万元（含）的，按投资额的4%给予奖励" before the ladder is its first band.
  const prev = first > 0 ? ss[first - 1] : undefined;
  if (prev) {
    const pqs = quantities(n, prev).filter((q) => q.unit === "percent");
    const m = /按(?:照)?(?:其)?([^，,；;。%]{1,20}?)的\s*[\d.]+\s*[%％]/.exec(n.slice(prev.start, prev.end));
    if (pqs.length === 1 && pqs[0].value === bands[0].rate && m && factPhrase(m[1]) === base) first--;
  }
  // "单笔奖励不超过100万元，累计奖励不超过1000万元" right after: the ceiling (per award first).
  let cap: number | undefined;
  const next = ss[end + 1];
  if (next) {
    const qs = quantities(n, next);
    const caps = qs.filter((q) => q.unit === "yuan" && !q.perUnit && CAP_BEFORE.test(n.slice(Math.max(next.start, q.start - 12), q.start)));
    if (caps.length && caps.length === qs.length) {
      const single = caps.find((q) => /单笔|单项|每笔|单个|每个|每家/.test(n.slice(Math.max(next.start, q.start - 12), q.start)));
      cap = (single ?? caps[0]).value;
      end++;
    }
  }
  const fact: FactSpec = { phrase: base, type: "money" };
  return {
    span: { start: ss[first].start, end: ss[end].end },
    draft: {
      span: { start: ss[first].start, end: ss[end].end },
      amount: { kind: "marginal", base: keyOf(fact), bands: bands.map((b) => ({ ...(b.from !== undefined ? { from: b.from } : {}), ...(b.to !== undefined ? { to: b.to } : {}), rate: b.rate })), ...(cap !== undefined ? { cap } : {}) },
      conditions: [],
      facts: [fact],
    },
  };
}
