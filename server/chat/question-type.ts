import { asksMoney, type QuestionType, type QuestionVocab } from "../nlu/question-types.js";
import type { Rule } from "../../core/rules/schema.js";
import { readsOwnWords, type Scored } from "./select.js";

/**
 * When a question is a document question rather than a rule question. A
 * question about what a document says (its deadline, who pays, what happens on
 * failure) is answered from the document; rule matching takes it only when
 * the question also asks an amount and a rule's amount answers it ("能拿多少？
 * 能叠加吗？" gets the computed amount first, then the stacking clause; "能拿多少？现在还有效吗？"
 * the amount, then the validity answer).
 */
export type DocRoute =
  /** Who pays: a cost-sharing rule computes the shares for the asker's district, if one applies. */
  | "payer"
  /** The computed amount of the rules the question names, then the document answer. */
  | "rules-then-doc"
  /** The document answer alone. */
  | "doc";

const hasMoney = (r: Rule) => !["qualification", "unspecified", "costShare"].includes(r.amount.kind);

export function docRoute(qt: QuestionType, question: string, picked: readonly Scored[], vocab: QuestionVocab): DocRoute {
  if (qt.id === "payer") return "payer";
  if (qt.id === "ratio") return "doc";
  // A compiled rule has no keywords: the figures it was given, or its own words said, name it.
  const named = picked.some((p) => hasMoney(p.rule) && (p.signals.keywords.length > 0 || (readsOwnWords(p.rule) && (p.signals.facts.length > 0 || (p.signals.lead ?? 0) >= 0.5))));
  // "能拿多少？现在还有效吗？": both parts, the amount first, each with its citation; a validity
  // question alone ("现在还能申请吗？") asks no amount and stays with the document.
  return named && asksMoney(question, vocab) ? "rules-then-doc" : "doc";
}
