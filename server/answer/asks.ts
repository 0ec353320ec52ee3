import { asksMoney, classifyQuestion, type QuestionType, type QuestionVocab } from "../nlu/question-types.js";
import { normalizeSameLength } from "../../core/text/numbers.js";

/**
 * The asks of one message, in the order said: "能拿多少？现在还有效吗？" is an amount and a validity
 * question, each answered with its own citation. Pure: the vocabulary (corpus/vocab/question-types.yaml)
 * says which words ask what.
 */

export type Ask =
  /** An amount a rule computes ("能拿多少"). */
  | { kind: "amount"; text: string }
  /** A question about what a document says (validity, deadline, stacking…). */
  | { kind: "document"; type: QuestionType; text: string };

export interface SplitMessage {
  /** Everything but the document questions: the facts and the amount asked of them, for the rules. */
  context: string;
  /** What the message says that asks nothing ("苏州企业有省级企业技术中心"): the subject every document question is about. */
  subject: string;
  asks: Ask[];
}

/** Sentence ends and the commas between clauses; a piece shorter than this says too little to be an ask of its own. */
const PIECE = /(?<=[？?。！!；;，,])/;
const MIN_PIECE = 3;

export function splitAsks(message: string, vocab: QuestionVocab): SplitMessage {
  const pieces = normalizeSameLength(message)
    .split(PIECE)
    .map((x) => x.trim())
    .filter(Boolean);
  const context: string[] = [];
  const subject: string[] = [];
  const asks: Ask[] = [];
  for (const p of pieces) {
    const bare = p.replace(/[\p{P}\s]/gu, "");
    const type = bare.length >= MIN_PIECE ? classifyQuestion(p, vocab) : undefined;
    if (type) {
      if (!asks.some((a) => a.kind === "document" && a.type.id === type.id)) asks.push({ kind: "document", type, text: p });
    } else if (bare.length >= MIN_PIECE && asksMoney(p, vocab)) {
      // The amount is asked of everything said before it: its facts stay with it.
      if (!asks.some((a) => a.kind === "amount")) asks.push({ kind: "amount", text: p });
      context.push(p);
    } else {
      context.push(p);
      subject.push(p);
    }
  }
  return { context: context.join(""), subject: subject.join(""), asks };
}

/** A message asking an amount and something else about the document: each part gets its own answer. */
export function isCompound(split: SplitMessage): boolean {
  return split.asks.some((a) => a.kind === "amount") && split.asks.some((a) => a.kind === "document");
}
