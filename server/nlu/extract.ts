import { FACT_BY_KEY, valueSchemaOf, type FactType, type FactValue, type Profile } from "../../core/facts/registry.js";
import { findQuantities, normalizeSameLength, type Quantity } from "../../core/text/numbers.js";
import { CUES, REWARD, STATEMENTS, TOPIC_RULES, type CueFact, type Statement } from "./lexicon.js";
import { polarity } from "./negation.js";
import { askerRegion, destinationRegion, findRegions, type ResolvedRegion } from "../../core/places/regions.js";

/**
 * Enterprise facts from one Chinese message: each number is bound to the fact
 * the words next to it name, phrases set boolean facts (with negation), and
 * the place resolves to administrative names. Deterministic and total: any
 * string gives a (possibly empty) result.
 */

export interface Evidence {
  key: string;
  value: FactValue;
  /** The user's own characters that state the fact. */
  raw: string;
  start: number;
  end: number;
  /** Index of the user turn, in conversations. */
  turn?: number;
}

export interface Extraction {
  facts: Profile;
  evidence: Evidence[];
  regions: ResolvedRegion[];
}

export interface ExtractOptions {
  /** The fact(s) the assistant just asked about, in the order asked: a bare "1000万" or "是的" answers them. */
  expect?: string | readonly string[];
}

const CLAUSE_BREAK = /[，,。；;！？!?\n]/;
/** Whether a value fits the registry's schema for the key (e.g. money is finite and ≥ 0). */
// The one field's schema, not the whole strict object (which walks every fact per call): same verdict, chat's hot path.
const valid = (key: string, value: FactValue): boolean => valueSchemaOf(key)?.safeParse(value).success ?? false;

// ---------------------------------------------------------------------------
// Spans.

interface Span {
  start: number;
  end: number;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Each lexicon pattern's global copy, made once (the lexicon's own patterns stay stateless). */
const globals = new WeakMap<RegExp, RegExp>();

/** All non-empty matches of a pattern, read in full before returning, so the shared copy is never left mid-scan. */
function matchAll(re: RegExp, t: string): RegExpExecArray[] {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`)));
  g.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  let m: RegExpExecArray | null;
  while ((m = g.exec(t))) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push(m);
  }
  g.lastIndex = 0;
  return out;
}

/**
 * Longest first, then earliest; a match that overlaps a kept one is dropped
 * unless it has exactly the same span. Occupancy array keeps it linear.
 */
function nonOverlapping<T extends Span>(items: T[], length: number): T[] {
  const sorted = [...items].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const owner = new Int32Array(length + 1).fill(-1);
  const kept: T[] = [];
  for (const it of sorted) {
    let clash = false;
    for (let i = it.start; i < it.end && !clash; i++) {
      const o = owner[i];
      if (o >= 0 && !(kept[o].start === it.start && kept[o].end === it.end)) clash = true;
    }
    if (clash) continue;
    const id = kept.push(it) - 1;
    for (let i = it.start; i < it.end; i++) if (owner[i] < 0) owner[i] = id;
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Whether `span` lies inside one of `sorted` (non-overlapping, ordered by start): binary search. */
function containedIn(sorted: readonly Span[], span: Span): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start <= span.start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && sorted[found].end >= span.end;
}

/** Up to `n` characters before `at`, cut at the last clause break ("2,000" keeps its comma). */
function before(t: string, at: number, n: number): string {
  let s = at;
  while (s > 0 && at - s < n && (!CLAUSE_BREAK.test(t[s - 1]) || isNumberComma(t, s - 1))) s--;
  return t.slice(s, at);
}

function after(t: string, at: number, n: number): string {
  let e = at;
  while (e < t.length && e - at < n && (!CLAUSE_BREAK.test(t[e]) || isNumberComma(t, e))) e++;
  return t.slice(at, e);
}

/** "2,000": a comma inside a number does not end the clause. */
const isNumberComma = (t: string, i: number) => t[i] === "," && /\d/.test(t[i - 1] ?? "") && /^\d{3}(?!\d)/.test(t.slice(i + 1, i + 5));

// ---------------------------------------------------------------------------
// Statements: phrases that set boolean (or text) facts.

/** What may join two items under one negation: 或、和、及、与, quotes and the item's own tail (企业). */
const COORDINATED = /^[”"'’」》\s]*(?:企业|单位)?[”"'’」》\s]*(?:或者|或是|或|和|及|以及|与|、)[“"'‘「《\s]*$/;

interface StatementHit extends Span {
  st: Statement;
}

function statementFacts(t: string, src: string, out: Evidence[]): void {
  const hits: StatementHit[] = [];
  const independent: StatementHit[] = [];
  for (const st of STATEMENTS) {
    for (const m of matchAll(st.pattern, t)) (st.independent ? independent : hits).push({ st, start: m.index, end: m.index + m[0].length });
  }
  const ordered = [...nonOverlapping(hits, t.length), ...independent].sort((a, b) => a.start - b.start);
  let prev: { end: number; pol: string } | undefined;
  for (const h of ordered) {
    let pol = h.st.fixed ? "affirmed" : polarity(before(t, h.start, 10), after(t, h.end, 8));
    // "不是专精特新“小巨人”或独角兽培育企业": one negation covers the items joined to its own.
    if (pol === "affirmed" && !h.st.fixed && prev?.pol === "negated" && COORDINATED.test(t.slice(prev.end, h.start))) pol = "negated";
    prev = { end: h.end, pol };
    if (pol === "asked") continue;
    const entries = Object.entries(h.st.sets);
    // "没有省级研发机构" denies only the phrase's own fact, not what it would have implied (any 研发机构).
    for (const [key, v] of pol === "negated" ? entries.slice(0, 1) : entries) {
      const value = typeof v === "boolean" && pol === "negated" ? !v : v;
      // Negating a kind ("不是企业") tells us nothing about what it is.
      if (typeof v === "string" && pol === "negated") continue;
      if (valid(key, value)) out.push({ key, value, raw: src.slice(h.start, h.end), start: h.start, end: h.end });
    }
  }
}

// ---------------------------------------------------------------------------
// Numbers: bind each quantity to the fact its neighbouring cue names.

interface CueHit extends Span {
  facts: CueFact[];
}

const MAX_LEFT_GAP = 12;
/** "展位费一共3万元" is a total, not the price of one. */
const TOTAL = /一共|总共|共计|合计|总计|共|累计/;
const MAX_RIGHT_GAP = 4;

interface Candidate {
  q: Quantity;
  cue: CueHit;
  fact: CueFact;
  score: number;
}

function numericFacts(t: string, src: string, quantities: Quantity[], out: Evidence[]): Quantity[] {
  const cues = nonOverlapping(
    CUES.flatMap((c) => [...matchAll(c.pattern, t)].map((m): CueHit => ({ start: m.index, end: m.index + m[0].length, facts: c.facts(m) }))),
    t.length,
  );
  // A number inside a cue ("近3年平均增速") is part of the cue's name; a cue inside a number ("40学时") is its unit.
  const qs = quantities.filter((q) => !containedIn(cues, q)).sort((a, b) => a.start - b.start);
  const usable = cues.filter((c) => !containedIn(qs, c));

  const candidates: Candidate[] = [];
  let first = 0; // first cue that can still reach the current quantity (both lists sorted)
  qs.forEach((q, i) => {
    const prevEnd = i > 0 ? qs[i - 1].end : -1;
    const nextStart = i + 1 < qs.length ? qs[i + 1].start : Infinity;
    while (first < usable.length && usable[first].end < q.start - MAX_LEFT_GAP) first++;
    for (let k = first; k < usable.length && usable[k].start <= q.end + MAX_RIGHT_GAP; k++) {
      const cue = usable[k];
      let gap: string;
      let score: number;
      if (cue.end <= q.start) {
        // Another number between the cue and this one has the nearer claim.
        if (prevEnd > cue.end) continue;
        gap = t.slice(cue.end, q.start);
        score = gap.length;
      } else if (cue.start >= q.end) {
        if (nextStart < cue.start) continue;
        gap = t.slice(q.end, cue.start);
        score = gap.length + 2;
      } else continue;
      if (CLAUSE_BREAK.test(gap)) continue;
      const total = TOTAL.test(gap);
      // "主营业务收入首次突破50亿元，达到62亿元": the mark crossed is not the figure; the figure after it is.
      const next = qs[i + 1];
      const figure = cue.end <= q.start && /(?:突破|超过|跨过|迈过|越过)\s*$/.test(gap) && next && next.unit === q.unit && /^[，,\s]*(?:已|实际)?(?:达到|达|为|是)\s*$/.test(t.slice(q.end, next.start)) ? next : undefined;
      for (const fact of cue.facts) {
        if (figure) {
          if (fact.accepts(figure)) candidates.push({ q: figure, cue, fact, score });
          continue;
        }
        if (!fact.accepts(q) || (total && fact.perItem)) continue;
        // A bare number ("有效发明专利55") only counts right after its cue.
        if (q.unit === "number" && (cue.start >= q.end || gap.length > 2)) continue;
        candidates.push({ q, cue, fact, score });
      }
    }
  });
  candidates.sort((a, b) => a.score - b.score || b.cue.end - b.cue.start - (a.cue.end - a.cue.start));

  const bound = new Set<Quantity>();
  const usedCue = new Set<string>();
  for (const c of candidates) {
    const cueKey = `${c.cue.start}:${c.fact.key}`;
    if (bound.has(c.q) || usedCue.has(cueKey)) continue;
    bound.add(c.q);
    usedCue.add(cueKey);
    if (c.fact.key === REWARD) continue;
    const start = Math.min(c.q.start, c.cue.start);
    const end = Math.max(c.q.end, c.cue.end);
    if (valid(c.fact.key, c.q.value)) out.push({ key: c.fact.key, value: c.q.value, raw: src.slice(start, end), start, end });
  }

  splitTotals(t, src, qs, usable, bound, out);

  // No cue beside it, but the message is about one thing: "外卖柜4台，每台2000元".
  const unbound: Quantity[] = [];
  for (const q of qs) {
    if (bound.has(q)) continue;
    const rule = TOPIC_RULES.find((r) => r.accepts(q) && r.topic.test(t) && !out.some((e) => e.key === r.key));
    if (rule && valid(rule.key, q.value)) {
      out.push({ key: rule.key, value: q.value, raw: q.raw, start: q.start, end: q.end });
      bound.add(q);
    } else unbound.push(q);
  }
  return unbound;
}

/**
 * "租了5个展位共花了8万元": a total for several items of a cue whose rule prices one item. The
 * price of one is the total divided by the count the same message states (exact to the fen).
 */
function splitTotals(t: string, src: string, qs: Quantity[], cues: CueHit[], bound: Set<Quantity>, out: Evidence[]): void {
  const probe = (perUnit: boolean): Quantity => ({ value: 1, unit: "yuan", raw: "", start: 0, end: 0, ...(perUnit ? { perUnit: true } : {}) });
  for (const cue of cues) {
    const price = cue.facts.find((f) => f.accepts(probe(true)) && !f.accepts(probe(false)));
    const count = cue.facts.find((f) => f !== price && out.some((e) => e.key === f.key));
    if (!price || !count || out.some((e) => e.key === price.key)) continue;
    const n = out.find((e) => e.key === count.key)!.value;
    if (typeof n !== "number" || !Number.isInteger(n) || n <= 0) continue;
    const total = qs.find((q) => !bound.has(q) && q.unit === "yuan" && !q.perUnit && q.start >= cue.start && q.start - cue.end <= 12 && TOTAL.test(t.slice(Math.max(cue.end, q.start - 5), q.start)) && !CLAUSE_BREAK.test(t.slice(cue.end, q.start)));
    if (!total) continue;
    const each = Math.round((total.value * 100) / n) / 100;
    if (!valid(price.key, each)) continue;
    bound.add(total);
    out.push({ key: price.key, value: each, raw: src.slice(cue.start, total.end), start: cue.start, end: total.end });
  }
}

// ---------------------------------------------------------------------------
// Answers to a question just asked.

const YES = /^(?:是的?|对的?|有的?|嗯|已经?|已经是|已纳入|已经纳入|没错|是滴|yes|y|Y|好的|确实|当然)(?:[，,。！!]|$)/;
const NO = /^(?:不是|没有|否|还没有?|没|未|不|暂时没有|尚未|no|n|N|不属于)(?:[，,。！!]|$)/;

/** Which quantity units answer a fact of the given type. */
export function unitFits(type: FactType, q: Quantity): boolean {
  switch (type) {
    case "money":
      return q.unit === "yuan";
    case "percent":
      return q.unit === "percent";
    case "count":
      return q.unit === "count" || (q.unit === "number" && Number.isInteger(q.value));
    case "years":
      return q.unit === "years" && !q.window;
    case "months":
      return q.unit === "months" && !q.window;
    default:
      return false;
  }
}

function answerExpected(t: string, src: string, expect: string, unbound: Quantity[], out: Evidence[]): void {
  const def = FACT_BY_KEY.get(expect);
  if (!def || out.some((e) => e.key === expect)) return;
  if (def.type === "boolean") {
    const s = t.trim();
    const value = YES.test(s) ? true : NO.test(s) ? false : undefined;
    if (value !== undefined) out.push({ key: expect, value, raw: src.trim().slice(0, 8), start: 0, end: Math.min(src.length, 8) });
    return;
  }
  // A price per item ("每台1500元") answers a per-item price question, a plain sum answers the rest.
  const perItem = def.perItem === true;
  const q = unbound.find((x) => unitFits(def.type, x) && (def.type !== "money" || Boolean(x.perUnit) === perItem));
  if (q && valid(expect, q.value)) {
    out.push({ key: expect, value: q.value, raw: q.raw, start: q.start, end: q.end });
    unbound.splice(unbound.indexOf(q), 1);
  }
}

// ---------------------------------------------------------------------------

function regionFacts(regions: ResolvedRegion[], text: string, out: Evidence[]): void {
  // "从瓯海区迁到了鹿城区": the place moved to is where the enterprise is now, as the understanding says.
  const r = destinationRegion(regions, text) ?? askerRegion(regions);
  if (!r) return;
  for (const key of ["province", "city", "district"] as const) {
    const v = r[key];
    if (v && valid(key, v)) out.push({ key, value: v, raw: r.raw, start: r.start, end: r.end });
  }
}

/**
 * Later evidence wins: within a message the user's last word on a fact is
 * the one meant. Additive facts (`additive` in the vocabulary: "实用新型20件，外观设计10件")
 * sum their parts within one message.
 */
function toProfile(evidence: Evidence[]): Profile {
  const facts: Profile = {};
  const lastOf = new Map<string, Evidence>();
  for (const e of [...evidence].sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0) || a.start - b.start)) {
    const before = lastOf.get(e.key);
    const sameTurn = before && (before.turn ?? 0) === (e.turn ?? 0) && before.raw !== e.raw;
    facts[e.key] = FACT_BY_KEY.get(e.key)?.additive && sameTurn && typeof e.value === "number" && typeof facts[e.key] === "number" ? (facts[e.key] as number) + e.value : e.value;
    lastOf.set(e.key, e);
  }
  return facts;
}

interface Detailed extends Extraction {
  unbound: Quantity[];
}

function extractDetailed(text: string, opts: ExtractOptions = {}): Detailed {
  try {
    const src = typeof text === "string" ? text : String(text ?? "");
    const t = normalizeSameLength(src);
    const evidence: Evidence[] = [];
    const regions = findRegions(src);
    regionFacts(regions, src, evidence);
    statementFacts(t, src, evidence);
    const quantities = findQuantities(src).filter((q) => q.unit !== "year" && q.unit !== "date");
    const unbound = numericFacts(t, src, quantities, evidence);
    const expected = opts.expect === undefined ? [] : typeof opts.expect === "string" ? [opts.expect] : opts.expect;
    // A yes/no reply answers only the first question; numbers are matched to questions by unit.
    expected.forEach((key, i) => {
      if (i === 0 || FACT_BY_KEY.get(key)?.type !== "boolean") answerExpected(t, src, key, unbound, evidence);
    });
    evidence.sort((a, b) => a.start - b.start);
    return { facts: toProfile(evidence), evidence, regions, unbound: unbound.filter((q) => !evidence.some((e) => e.start <= q.start && q.end <= e.end)) };
  } catch {
    return { facts: {}, evidence: [], regions: [], unbound: [] };
  }
}

/** Facts stated in one message. Never throws. */
export function extractFacts(text: string, opts: ExtractOptions = {}): Extraction {
  const { facts, evidence, regions } = extractDetailed(text, opts);
  return { facts, evidence, regions };
}

/** `override`'s known facts replace `base`'s; unknown (undefined) never erases a known fact. */
export function mergeProfile(base: Profile, override: Profile): Profile {
  const out: Profile = { ...base };
  for (const [k, v] of Object.entries(override)) if (v !== undefined) out[k] = v;
  return out;
}

const CORRECTION = /不对|错了|说错|打错|写错|更正|纠正|应该是|改为|改成|更改为|其实是|准确(?:地)?说|修改为|重新说/;

/**
 * Facts from a whole conversation (user turns only, oldest first). A later
 * turn overrides an earlier one, and a correction without a cue ("不对，是
 * 800万") replaces the most recent fact of the same kind.
 */
export function extractFromConversation(
  userTurns: readonly string[],
  opts: ExtractOptions & { /** What the assistant asked right before each user turn (stateless clients resend it all). */ expectByTurn?: readonly (readonly string[] | undefined)[] } = {},
): { facts: Profile; evidence: Evidence[] } {
  const all: Evidence[] = [];
  try {
    const turns = Array.isArray(userTurns) ? userTurns : [];
    turns.forEach((turn, i) => {
      const last = i === turns.length - 1;
      const asked = opts.expectByTurn?.[i];
      const d = extractDetailed(turn, asked ? { expect: asked } : last ? opts : {});
      const ev = d.evidence.map((e) => ({ ...e, turn: i }));
      if (CORRECTION.test(String(turn ?? "")) && d.unbound.length) {
        for (const q of d.unbound) {
          const previous = [...all].reverse().find((e) => {
            const def = FACT_BY_KEY.get(e.key);
            return def && unitFits(def.type, q) && !ev.some((x) => x.key === e.key);
          });
          if (previous && valid(previous.key, q.value)) ev.push({ key: previous.key, value: q.value, raw: q.raw, start: q.start, end: q.end, turn: i });
        }
      }
      all.push(...ev);
    });
  } catch {
    // fall through with what was gathered
  }
  const facts = toProfile(all);
  // Keep only the evidence behind the values that survived.
  const latest = new Map<string, Evidence>();
  for (const e of all) {
    const cur = latest.get(e.key);
    if (!cur || (e.turn ?? 0) > (cur.turn ?? 0) || ((e.turn ?? 0) === (cur.turn ?? 0) && e.start >= cur.start)) latest.set(e.key, e);
  }
  return { facts, evidence: [...latest.values()].sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0) || a.start - b.start) };
}
