import type { FactDef, Profile } from "../lib/types.js";

/**
 * The console's view of the fact registry: one entry per thing an operator can
 * be told, whatever rule asked for it. A hand-written fact and a fact the clause
 * compiler minted for the same phrase and unit (有效发明专利·件) are one field;
 * setting it sets every key behind it.
 */
export interface MergedFact {
  /** The key the field is named by (hand-written first: its label and question are reviewed). */
  key: string;
  keys: string[];
  def: FactDef;
  /** Words the finder matches: label, question, the clause's phrases. */
  words: string;
}

/** Where the caller is and what kind of applicant: rules aimed elsewhere are not shown at all. */
export const SCOPE_KEYS: readonly string[] = ["province", "city", "district", "entityKind"];

const UNIT_OF_TYPE: Partial<Record<FactDef["type"], string>> = { boolean: "是否", money: "元", percent: "%", years: "年", months: "月" };

/** A compiled key carries its unit (`c:有效发明专利:件`); a hand-written fact's unit follows from its type. */
export function unitOf(def: FactDef): string {
  if (def.key.startsWith("c:")) return def.key.slice(def.key.lastIndexOf(":") + 1);
  return def.unit ?? UNIT_OF_TYPE[def.type] ?? def.type;
}

const norm = (s: string): string => s.replace(/[\s“”"'‘’（）()]/g, "");

export function mergeFacts(facts: FactDef[]): MergedFact[] {
  const byPhrase = new Map<string, MergedFact>();
  const out: MergedFact[] = [];
  // Hand-written facts first, so a merged field keeps the reviewed label and question.
  const ordered = [...facts.filter((f) => !f.compiled), ...facts.filter((f) => f.compiled)];
  for (const def of ordered) {
    const id = `${norm(def.label)}|${unitOf(def)}`;
    const seen = byPhrase.get(id);
    const words = [def.label, def.question, ...(def.phrases ?? [])].join(" ");
    if (seen) {
      seen.keys.push(def.key);
      seen.words += ` ${words}`;
      continue;
    }
    const merged: MergedFact = { key: def.key, keys: [def.key], def, words };
    byPhrase.set(id, merged);
    out.push(merged);
  }
  return out;
}

/** key → its merged fact, for every key (compiled duplicates included). */
export function indexMerged(merged: MergedFact[]): Map<string, MergedFact> {
  const m = new Map<string, MergedFact>();
  for (const f of merged) for (const k of f.keys) m.set(k, f);
  return m;
}

/** The profile the API reads: each merged value written under every key behind it. */
export function expandProfile(values: Profile, index: Map<string, MergedFact>): Profile {
  const out: Profile = {};
  for (const [key, v] of Object.entries(values)) {
    const f = index.get(key);
    for (const k of f ? f.keys : [key]) out[k] = v;
  }
  return out;
}

/** A profile from the server (any key of a merged fact) folded onto the merged keys. */
export function foldProfile(profile: Profile, index: Map<string, MergedFact>): Profile {
  const out: Profile = {};
  for (const [key, v] of Object.entries(profile)) {
    if (v === undefined) continue;
    out[index.get(key)?.key ?? key] = v;
  }
  return out;
}

export interface Decider {
  fact: string;
  /** How many of the rules on screen wait on it. */
  decides: number;
}

/** At most this many fact fields at a time: an operator on a call reads a short form, not a registry. */
export const MAX_FIELDS = 12;

/**
 * The fields to show: facts the operator asked to correct or picked in the
 * finder, the caller's place and kind while unknown, then the facts that decide
 * the most candidate rules. Facts already known are chips, not fields.
 */
export function planFields(opts: {
  index: Map<string, MergedFact>;
  known: Profile;
  pinned: readonly string[];
  deciders: readonly Decider[];
  max?: number;
}): MergedFact[] {
  const max = opts.max ?? MAX_FIELDS;
  const out: MergedFact[] = [];
  const add = (key: string): void => {
    const f = opts.index.get(key);
    if (!f || out.includes(f) || out.length >= max) return;
    out.push(f);
  };
  for (const k of opts.pinned) add(k);
  for (const k of ["city", "entityKind"]) if (opts.known[k] === undefined) add(k);
  const counts = new Map<MergedFact, number>();
  for (const d of opts.deciders) {
    const f = opts.index.get(d.fact);
    if (!f || f.keys.some((k) => opts.known[k] !== undefined) || SCOPE_KEYS.includes(f.key)) continue;
    counts.set(f, (counts.get(f) ?? 0) + d.decides);
  }
  for (const [f] of [...counts].sort((a, b) => b[1] - a[1])) add(f.key);
  return out;
}

/** The finder: facts whose label, question or clause phrases contain every word typed. */
export function findFacts(merged: MergedFact[], query: string, limit = 8): MergedFact[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return merged.filter((f) => words.every((w) => f.words.includes(w))).slice(0, limit);
}
