import { z } from "zod";
import type { Evidence, Region } from "../core/corpus/schema.js";
import { within, type Place } from "../core/places/contain.js";
import { districtsOf, findRegions, findRegionsInLongText, primaryRegion, type ResolvedRegion } from "../core/places/regions.js";
import { readVocab } from "../core/vocab.js";

/**
 * A document's region from every signal it gives, each with its evidence: the title, the issuer
 * (header, signature, "本办法由…负责解释"), the 文号 prefix, and the places the body names, weighted
 * by their role ("在X注册", "X辖区" over a passing mention; a name inside 《》 is another document's).
 * A document is national only when a national body issues it; when the signals disagree or are
 * absent the region is `unknown`, never national.
 */

/** Finds the administrative region named in a text (title, issuer). */
export type RegionResolver = ((text: string) => Omit<Region, "level"> | undefined) & {
  /** Every place a long text names, with its offsets (the default resolver has it). */
  mentions?: (text: string) => Mention[];
};

export interface Mention {
  place: Place;
  start: number;
  end: number;
  raw: string;
}

const Words = z.array(z.string().min(1));
const vocab = readVocab(
  "issuers.yaml",
  z
    .object({
      nationalBodies: Words,
      nationalBodyPatterns: Words,
      docNumberPrefixes: z.record(z.string().length(1), Words),
      roleBefore: Words,
      roleAfter: Words,
      organAfter: Words,
      selfScope: z.object({ district: Words, city: Words, province: Words }).strict(),
    })
    .strict(),
);
// biome-ignore lint/suspicious/noShadowRestrictedNames: a module-local regex escaper; the deprecated global escape() is never wanted here
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alt = (ws: readonly string[]) => [...ws].sort((a, b) => b.length - a.length).map(escape).join("|");
const NATIONAL = new RegExp(`^(?:${alt(vocab.nationalBodies)})|${vocab.nationalBodyPatterns.join("|")}`);
const ROLE_BEFORE = new RegExp(`(?:${alt(vocab.roleBefore)})$`);
const ROLE_AFTER = new RegExp(`^(?:${alt(vocab.roleAfter)})`);
const ORGAN_AFTER = new RegExp(`^(?:${alt(vocab.organAfter)})`);

/** A document's region from its title or issuer, resolved against the national division dataset. */
export function defaultRegionResolver(): RegionResolver {
  const placeOf = (r: ResolvedRegion): Omit<Region, "level"> => ({ ...(r.province ? { province: r.province } : {}), ...(r.city ? { city: r.city } : {}), ...(r.district ? { district: r.district } : {}) });
  const resolve: RegionResolver = (text) => {
    const r = primaryRegion(findRegions(text));
    return r ? placeOf(r) : undefined;
  };
  resolve.mentions = (text) => findRegionsInLongText(text).filter((r) => !r.candidates && (r.province || r.city)).map((r) => ({ place: placeOf(r), start: r.start, end: r.end, raw: r.raw }));
  return resolve;
}

/** Whether an issuer (or a title's leading issuer, "国务院办公厅关于…") is a national body. */
export function isNationalBody(name: string): boolean {
  return name.split(/[、\s]+/).filter(Boolean).some((n) => NATIONAL.test(n));
}

export interface RegionSignal {
  place: Place;
  weight: number;
  /** title, issuer, docNumber, registered-in (a role word), organ, mention, cited (inside 《》). */
  role: string;
  source: string;
  quote: string;
}

export interface RegionInput {
  title?: string;
  /** The issuer and where it was read (header, signature, interpretation…). */
  issuer?: { name: string; source: string; quote: string };
  docNumber?: string;
  /** The document's cleaned text. */
  body: string;
}

const STRONG = new Set(["title", "issuer", "docNumber"]);
const levelOfPlace = (p: Place): Exclude<Region["level"], "national" | "unknown"> | undefined => (p.district ? "district" : p.city ? "city" : p.province ? "province" : undefined);
const depth = (p: Place) => (p.district ? 3 : p.city ? 2 : p.province ? 1 : 0);
const nameOf = (p: Place) => [p.province, p.city !== p.province ? p.city : undefined, p.district].filter(Boolean).join("");
const keyOf = (p: Place) => `${p.province ?? ""}|${p.city ?? ""}|${p.district ?? ""}`;
const cut = (p: Place, d: number): Place => ({ ...(p.province && d >= 1 ? { province: p.province } : {}), ...(p.city && d >= 2 ? { city: p.city } : {}), ...(p.district && d >= 3 ? { district: p.district } : {}) });
const nests = (a: Place, b: Place) => within(a, b) || within(b, a);

/** The sentence around a body mention, verbatim and short. */
function around(text: string, start: number, end: number): string {
  const from = Math.max(text.lastIndexOf("\n", start - 1), ...["。", "；", "，"].map((p) => text.lastIndexOf(p, start - 1)), start - 30) + 1;
  const stops = ["\n", "。", "；", "，"].map((p) => text.indexOf(p, end)).filter((i) => i >= 0);
  const to = Math.min(end + 30, ...(stops.length ? stops : [text.length]));
  return text.slice(Math.max(0, from), to).trim();
}

/** Whether offset `at` sits inside 《…》 (a cited document's title). */
function insideTitleMarks(text: string, at: number): boolean {
  const open = text.lastIndexOf("《", at);
  return open >= 0 && open > text.lastIndexOf("》", at - 1) && at - open < 80;
}

/** How far a body is read for mentions: long guides name their place early and often. */
const BODY_LIMIT = 80_000;

/** Every region signal of a document, strongest first. */
export function regionSignals(inp: RegionInput, resolve: RegionResolver): RegionSignal[] {
  const out: RegionSignal[] = [];
  const push = (place: Omit<Region, "level"> | Place | undefined, weight: number, role: string, source: string, quote: string) => {
    if (place && (place.province || place.city)) out.push({ place: { ...place }, weight, role, source, quote });
  };
  if (inp.title) push(resolve(inp.title), 10, "title", "title", inp.title);
  if (inp.issuer) push(resolve(inp.issuer.name), 10, "issuer", inp.issuer.source, inp.issuer.quote);
  if (inp.docNumber) {
    const prefix = /^([\u4e00-\u9fa5])/.exec(inp.docNumber)?.[1];
    for (const name of (prefix && vocab.docNumberPrefixes[prefix]) || []) push(resolve(name), 6 / (vocab.docNumberPrefixes[prefix!].length), "docNumber", "docNumber", inp.docNumber);
  }
  const body = inp.body.slice(0, BODY_LIMIT);
  const mentions = resolve.mentions ? resolve.mentions(body) : [];
  for (const m of mentions) {
    const before = body.slice(Math.max(0, m.start - 5), m.start);
    const after = body.slice(m.end, m.end + 8);
    const quote = around(body, m.start, m.end);
    if (insideTitleMarks(body, m.start)) push(m.place, 0.3, "cited", "body", quote);
    else if (ROLE_BEFORE.test(before) || ROLE_AFTER.test(after)) push(m.place, 3, "registered-in", "body", quote);
    else if (ORGAN_AFTER.test(after)) push(m.place, 2, "organ", "body", quote);
    else push(m.place, 1, "mention", "body", quote);
  }
  return out;
}

function count(text: string, words: readonly string[]): number {
  let n = 0;
  for (const w of words) for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) n++;
  return n;
}

/** The level the document speaks of itself at ("全区", "本市"), if it does. */
export function selfScope(body: string): { level: "district" | "city" | "province"; quote: string } | undefined {
  const t = body.slice(0, BODY_LIMIT);
  const n = { district: count(t, vocab.selfScope.district), city: count(t, vocab.selfScope.city), province: count(t, vocab.selfScope.province) };
  const level = n.district > 0 && n.district >= n.city ? "district" : n.city > 0 && n.city >= n.province ? "city" : n.province > 0 ? "province" : undefined;
  if (!level) return undefined;
  const w = vocab.selfScope[level].find((x) => t.includes(x))!;
  const at = t.indexOf(w);
  return { level, quote: around(t, at, at + w.length) };
}

export interface RegionDecision {
  region: Region;
  evidence: Evidence[];
}

const ev = (s: RegionSignal): Evidence => ({ source: s.source, quote: s.quote, place: nameOf(s.place), role: s.role });

/** Refine `anchor` to the best-supported place inside it at the next levels, while the body supports one clearly. */
function refine(anchor: Place, signals: readonly RegionSignal[], maxDepth: number, strongAnchor: boolean): { place: Place; used: RegionSignal[] } {
  let place = anchor;
  const used: RegionSignal[] = [];
  while (depth(place) < maxDepth) {
    const d = depth(place) + 1;
    const inside = signals.filter((s) => depth(s.place) >= d && within(s.place, place) && s.role !== "cited");
    const by = new Map<string, { place: Place; w: number; role: boolean; list: RegionSignal[] }>();
    for (const s of inside) {
      const p = cut(s.place, d);
      const e = by.get(keyOf(p)) ?? { place: p, w: 0, role: false, list: [] };
      e.w += s.weight;
      e.role ||= s.role === "registered-in" || s.role === "organ" || STRONG.has(s.role);
      e.list.push(s);
      by.set(keyOf(p), e);
    }
    const ranked = [...by.values()].sort((a, b) => b.w - a.w);
    const best = ranked[0];
    if (!best) break;
    const total = ranked.reduce((s, x) => s + x.w, 0);
    // One place clearly ahead of the others at this level, named in a role or often enough.
    // Below a title's or issuer's place, only a role counts ("在X注册", "X人民政府"): passing mentions of a
    // district name where a zone's "全区" is meant (a park spans several) do not make it that district's.
    const clear = best.w >= 0.6 * total && (best.role || (!strongAnchor && best.w >= 3));
    if (!clear) break;
    place = best.place;
    used.push(...best.list.slice(0, 3));
  }
  return { place, used };
}

/** The region a careful reader would give the document, with the signals it rests on. */
export function decideRegion(inp: RegionInput, resolve: RegionResolver): RegionDecision {
  const signals = regionSignals(inp, resolve);
  const strong = signals.filter((s) => STRONG.has(s.role));
  const national = (inp.issuer && isNationalBody(inp.issuer.name)) || (inp.title && isNationalBody(inp.title));
  const strongLocal = strong.filter((s) => s.role !== "docNumber");
  if (national && !strongLocal.length) {
    const quote = inp.issuer && isNationalBody(inp.issuer.name) ? inp.issuer : { source: "title", quote: inp.title! };
    return { region: { level: "national" }, evidence: [{ source: quote.source, quote: quote.quote, role: "national-body" }] };
  }
  const scope = selfScope(inp.body);
  const scopeDepth = scope ? { province: 1, city: 2, district: 3 }[scope.level] : 3;
  const scopeEv: Evidence[] = scope ? [{ source: "body", quote: scope.quote, role: "scope" }] : [];

  // Strong signals must agree (nest); the deepest of them anchors the region.
  let anchor: Place | undefined;
  const anchorSignals: RegionSignal[] = [];
  // The 文号 prefix may name several places (青 → 青岛市 or 青海省): keep those other signals support.
  const prefixes = strong.filter((s) => s.role === "docNumber");
  const others = signals.filter((s) => s.role !== "docNumber");
  const fitting = prefixes.filter((p) => others.some((o) => nests(o.place, p.place)));
  const usablePrefixes = prefixes.length === 1 ? prefixes : fitting.length === 1 ? fitting : [];
  for (const s of [...strongLocal, ...usablePrefixes]) {
    if (anchor && !nests(anchor, s.place)) {
      // Disagreement: keep what both say (the province, maybe), and say unknown.
      const common = cut(anchor, [1, 2, 3].filter((d) => keyOf(cut(anchor!, d)) === keyOf(cut(s.place, d))).at(-1) ?? 0);
      return { region: { ...common, level: "unknown" }, evidence: [...anchorSignals, s].map(ev) };
    }
    if (!anchor || depth(s.place) > depth(anchor)) anchor = s.place;
    anchorSignals.push(s);
  }

  if (anchor) {
    // A strong signal names the city, the document speaks of "全区": the body says which district.
    // Only when the document speaks of a level below the anchor's: a province's issuer makes a province's document.
    const refined = scope && depth(anchor) < scopeDepth ? refine(anchor, signals, scopeDepth, true) : { place: anchor, used: [] };
    // The 文号 after a city's prefix ("穗天发改"), or a county's own prefix: a district whose name starts with that character.
    let place = refined.place;
    const extra: Evidence[] = [];
    if (inp.docNumber && place.city && !place.district && scope?.level === "district") {
      const chars = [...inp.docNumber.slice(0, 2)];
      for (const ch of chars) {
        const ds = districtsOf(place.city).filter((p) => p.district!.startsWith(ch));
        if (ds.length === 1) {
          place = ds[0];
          extra.push({ source: "docNumber", quote: inp.docNumber, place: nameOf(ds[0]), role: "docNumber" });
          break;
        }
      }
    }
    return { region: { ...place, level: levelOfPlace(place)! }, evidence: [...anchorSignals.map(ev), ...refined.used.map(ev), ...extra, ...(depth(place) > depth(anchor) ? scopeEv : [])] };
  }

  // No title, issuer or 文号 names a place: the body decides, when it clearly points to one.
  const body = signals.filter((s) => s.role !== "cited");
  if (!body.length) return { region: { level: "unknown" }, evidence: [] };
  const byProvince = new Map<string, number>();
  for (const s of body) byProvince.set(s.place.province ?? "", (byProvince.get(s.place.province ?? "") ?? 0) + s.weight);
  const ranked = [...byProvince].sort((a, b) => b[1] - a[1]);
  const total = ranked.reduce((s, x) => s + x[1], 0);
  const [province, w] = ranked[0];
  const roleNamed = body.some((s) => s.place.province === province && s.role !== "mention");
  if (!province || w < 0.6 * total || (!roleNamed && w < 3)) return { region: { level: "unknown" }, evidence: body.slice(0, 6).map(ev) };
  const top = body.find((s) => s.place.province === province)!;
  const refined = refine(cut(top.place, 1), body, scopeDepth, false);
  const place = refined.place;
  // The body names a province and nothing below it, but speaks of "全市"/"全区": the issuer is below the
  // province and the text does not say where; that is not a province-wide document.
  if (depth(place) < scopeDepth && scope && scope.level !== "province") return { region: { ...place, level: "unknown" }, evidence: [...refined.used.map(ev), ...scopeEv] };
  return { region: { ...place, level: levelOfPlace(place)! }, evidence: [...(refined.used.length ? refined.used : [top]).map(ev), ...scopeEv] };
}
