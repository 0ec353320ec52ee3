import type { Chunk, Clause } from "../core/corpus/schema.js";
import { normalizeWhitespace } from "../core/text/whitespace.js";
import { ownEnd } from "./structure.js";

export type { Chunk };

export const MAX_CHUNK = 320;

/** Split at 。；; (keeping the mark) into pieces of at most `max` characters where sentences allow. */
export function splitSentences(text: string, max = MAX_CHUNK): string[] {
  const sentences = text.match(/[^。；;！？!?]+[。；;！？!?]?/g) ?? [text];
  const out: string[] = [];
  let cur = "";
  for (const s of sentences) {
    if (cur && cur.length + s.length > max) {
      out.push(cur);
      cur = "";
    }
    cur += s;
  }
  if (cur.trim()) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

export function chunkClauses(clauses: Clause[], source: string): Chunk[] {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const chunks: Chunk[] = [];
  for (const c of clauses) {
    // A short clause with items ("应当符合下列基本条件：（一）…") is retrieved whole: its lead-in alone says little.
    const own = c.childIds.length && c.text.length <= MAX_CHUNK ? c.text : normalizeWhitespace(source.slice(c.start, ownEnd(c, byId)));
    if (!own) continue;
    const parts = own.length > MAX_CHUNK ? splitSentences(own) : [own];
    parts.forEach((text, i) => {
      chunks.push({ id: `${c.id}~${i + 1}`, clauseId: c.id, docId: c.docId, article: c.article, text, context: c.headings.at(-1) ?? "" });
    });
  }
  return chunks;
}
