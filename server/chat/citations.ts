import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import type { Citation } from "./schema.js";

/**
 * Numbered citations for one answer. A quote is only accepted when it is
 * verbatim in its clause (whitespace aside): a citation that does not say
 * what the answer claims is worse than none.
 */
export class Citations {
  private readonly list: Citation[] = [];

  constructor(
    private readonly clause: (id: string) => Clause | undefined,
    private readonly doc: (id: string) => DocMeta | undefined,
  ) {}

  /** Cite `quote` from a clause; returns the citation number, or undefined if the quote is not in the clause. */
  add(clauseId: string, quote: string): number | undefined {
    const c = this.clause(clauseId);
    if (!c || !stripWhitespace(c.text).includes(stripWhitespace(quote))) return undefined;
    const same = this.list.find((x) => x.clauseId === clauseId && x.quote === quote);
    if (same) return same.id;
    const id = this.list.length + 1;
    this.list.push({ id, docId: c.docId, docTitle: this.doc(c.docId)?.title ?? c.docId, article: c.article, clauseId, text: c.text, quote });
    return id;
  }

  /** The citation marker for an answer line: "[1]" or "" when not citable. */
  mark(clauseId: string, quote: string): string {
    const n = this.add(clauseId, quote);
    return n ? `[${n}]` : "";
  }

  all(): Citation[] {
    return this.list;
  }
}
