import { z } from "zod";
import { inForce, type DocMeta } from "../core/corpus/schema.js";
import type { Rule } from "../core/rules/schema.js";
import { readVocab } from "../core/vocab.js";

/**
 * Starter questions of the chat page and the widget, from the loaded documents'
 * rules: one per document (a topic), documents in force first, reviewed rules
 * before compiled ones, each asking what an award pays. A deployment may list
 * its own in corpus/vocab/starters.yaml; an empty list means "generate".
 */

const MAX_STARTERS = 4;
/** Rules that pay nothing themselves make poor examples. */
const NOT_AN_AWARD = new Set(["qualification", "costShare", "unspecified"]);

export const StartersVocab = z.object({ starters: z.array(z.string().min(4).max(200)).max(12).default([]) }).strict();

export function starterQuestions(docs: readonly DocMeta[], rules: readonly Rule[], asOf: string, max = MAX_STARTERS): string[] {
  const byDoc = new Map(docs.map((d) => [d.id, d]));
  const awards = rules.filter((r) => !NOT_AN_AWARD.has(r.amount.kind) && r.title && !byDoc.get(r.docId)?.title.startsWith(r.title.slice(0, 6)));
  const best = new Map<string, Rule>();
  for (const r of awards) {
    const seen = best.get(r.docId);
    if (!seen || (seen.origin === "compiled" && r.origin === "curated")) best.set(r.docId, r);
  }
  const live = (r: Rule) => {
    const d = byDoc.get(r.docId);
    return d ? inForce(d, asOf) : false;
  };
  return [...best.values()]
    .sort((a, b) => Number(live(b)) - Number(live(a)) || Number(b.origin === "curated") - Number(a.origin === "curated") || (byDoc.get(b.docId)?.published ?? "").localeCompare(byDoc.get(a.docId)?.published ?? ""))
    .slice(0, max)
    .map((r) => question(r, byDoc.get(r.docId)));
}

/** 苏州市登峰行动计划项目经费支持能拿多少？ — the document's place, unless the award names it. */
function question(r: Rule, doc: DocMeta | undefined): string {
  const place = doc?.region?.city ?? doc?.region?.province ?? "";
  const title = r.title.replace(/[（(][^（）()]*[)）]/g, "").trim();
  const short = place.replace(/[省市]$/, "");
  return `${place && !title.includes(short) ? place : ""}${title}能拿多少？`;
}

/** The deployment's own list (corpus/vocab/starters.yaml), or none. */
export function configuredStarters(file = "starters.yaml"): string[] {
  return readVocab(file, StartersVocab).starters;
}
