import type { DocMeta } from "../../core/corpus/schema.js";
import type { Rule } from "../../core/rules/schema.js";
import type { CompileReport } from "./index.js";

/** One line of the ingest summary: what the compiler made of one document's money sentences. */
export interface DocumentCompile {
  docId: string;
  title: string;
  /** Money rules computed from the text. */
  compiled: number;
  /** Money sentences left quote-only because no reader fits them. */
  quoteOnly: number;
  /** Rules a check refused (a figure left over, a fact named by a fragment, a number not in the quote). */
  refused: number;
}

const docOfClause = (clauseId: string) => clauseId.slice(0, clauseId.indexOf(":"));

/** Per document, in the order the corpus lists them; pure, from the compile report and the rules. */
export function perDocument(report: CompileReport, rules: readonly Rule[], docs: readonly DocMeta[]): DocumentCompile[] {
  const rows = new Map(docs.map((d) => [d.id, { docId: d.id, title: d.title, compiled: 0, quoteOnly: 0, refused: 0 }]));
  for (const r of rules) if (r.origin === "compiled" && r.amount.kind !== "qualification" && r.amount.kind !== "costShare") rows.get(r.docId) && rows.get(r.docId)!.compiled++;
  for (const u of report.unread) {
    const row = rows.get(docOfClause(u.clauseId));
    if (row) row.quoteOnly++;
  }
  for (const line of report.refused) {
    const row = rows.get(docOfClause(line.split("：")[0]));
    if (row) row.refused++;
  }
  return [...rows.values()];
}
