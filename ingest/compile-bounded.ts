import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { compileCorpus, type CompileResult } from "./compile/index.js";

const fromEnv = Number(process.env.MAX_COMPILE_CHARS);
/**
 * Longest own text of a clause (before its first sub-item) the rule compiler reads, in characters
 * (MAX_COMPILE_CHARS). The compiler's time grows faster than linearly with a clause's length; the
 * longest clause of the real corpora is under 3,000 characters, and a longer one is left quote-only
 * with the reason in the compile report, so an ingest's time stays linear in the corpus.
 */
export const MAX_COMPILE_CHARS = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 4_000;

/** The clause's own text length, as the compiler takes it: up to its first sub-item. */
function ownLength(c: Clause, byId: ReadonlyMap<string, Clause>): number {
  if (!c.childIds.length) return c.text.length;
  const first = byId.get(c.childIds[0]);
  const at = first ? c.text.indexOf(first.text.slice(0, Math.min(12, first.text.length))) : -1;
  return at > 0 ? at : 0;
}

/** compileCorpus over the clauses no longer than MAX_COMPILE_CHARS; longer ones are reported quote-only, with why. */
export function compileBounded(docs: readonly DocMeta[], clauses: readonly Clause[], max = MAX_COMPILE_CHARS, opts: { aliases?: boolean } = {}): CompileResult {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const long = clauses.filter((c) => ownLength(c, byId) > max);
  if (!long.length) return compileCorpus(docs, clauses, undefined, opts);
  const skip = new Set(long.map((c) => c.id));
  const fed = clauses.filter((c) => !skip.has(c.id)).map((c) => (c.parentId && skip.has(c.parentId) ? { ...c, parentId: undefined } : c));
  const result = compileCorpus(docs, fed, undefined, opts);
  for (const c of long) {
    result.report.provisions++;
    result.report.quoteOnly++;
    result.report.unread.push({ clauseId: c.id, text: `条款正文过长（${ownLength(c, byId)} 字，上限 ${max} 字），未编译为规则，仅可引用原文` });
  }
  return result;
}
