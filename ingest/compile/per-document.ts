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
  const count = (docId: string, field: "compiled" | "quoteOnly" | "refused") => {
    const row = rows.get(docId);
    if (row) row[field]++;
  };
  for (const r of rules) if (r.origin === "compiled" && r.amount.kind !== "qualification" && r.amount.kind !== "costShare") count(r.docId, "compiled");
  for (const u of report.unread) count(docOfClause(u.clauseId), "quoteOnly");
  for (const line of report.refused) count(docOfClause(line.split("：")[0]), "refused");
  return [...rows.values()];
}

/** compile-report.json: the report with its per-document lines, as ingest and a rules refresh write it. */
export const reportFile = (report: CompileReport, rules: readonly Rule[], docs: readonly DocMeta[]): string => JSON.stringify({ ...report, documents: perDocument(report, rules, docs) });
