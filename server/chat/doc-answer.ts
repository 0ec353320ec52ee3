import type { Clause } from "../../core/corpus/schema.js";
import type { QuestionType } from "../nlu/question-types.js";
import { bullets } from "./compose.js";
import { leadFor } from "./doc-leads.js";
import { BACK_REFERENCE, candidates, isNamed, MIN_RELEVANCE, MIN_RELEVANCE_UNNAMED, namedByPlace, targetDocs, termWeight, termFactors, titleScores, underHeading, weighted, type Weights } from "./doc-sentences.js";
import { docNotices, type DocTurn } from "./doc-turn.js";
import { contentTerms, coverage, narrowBy } from "./relevance.js";
import type { AnswerBody } from "./schema.js";
import { askedDoc, validityAnswer } from "./validity-answer.js";
import { inForce } from "../../core/corpus/schema.js";
import { issuerAnswer } from "./issuer-answer.js";

export { docNotices, type DocTurn } from "./doc-turn.js";
export { validityAnswer } from "./validity-answer.js";

/**
 * Answers to questions about what a document says: a one-line answer (是/否/
 * 已失效/需要…, with the date or the number), the verbatim sentence it comes
 * from with its citation, then related clauses. The sentence is chosen among
 * the retrieved documents' clauses, preferring the one that carries the
 * question type's cue; a preamble, a title line or an attachment form does not
 * win just because it repeats the title's words.
 */

/** The document-question answer, or undefined when this type needs a cue sentence and none is relevant. */
export function documentAnswer(t: DocTurn, qt: QuestionType, notFound: (why: string) => AnswerBody): AnswerBody | undefined {
  if (qt.id === "validity" || qt.id === "effective") return validityAnswer(t, qt.id) ?? notFound("收录的政策文件中没有与您的问题相关的规定");
  if (qt.id === "exists") {
    // The document's own 否 on what is asked ("全面取消…资助", "今后将不再受理") is the finding; short of it,
    // a policy out of force no longer gives anything: 否, with its dates. No sentence at all: the rules answer.
    const own = sentenceAnswer(t, qt, notFound);
    if (!own || own.answer.startsWith("**否，")) return own;
    return lapsedAnswer(t) ?? own;
  }
  return sentenceAnswer(t, qt, notFound);
}

function sentenceAnswer(t: DocTurn, qt: QuestionType, notFound: (why: string) => AnswerBody): AnswerBody | undefined {
  if (qt.id === "issuer") {
    const issued = issuerAnswer(t);
    if (issued) return issued;
  }
  const all = contentTerms(t.u.question, t.u.regions.flatMap((r) => [r.name, r.name.replace(/(省|市|区|县)$/, "")]));
  const targets = targetDocs(t);
  const factors = termFactors(t, qt, all, targets);
  const qTerms = [...factors].filter(([, f]) => f === 1).map(([x]) => x);
  const list = candidates(t, qt, factors, targets);
  const named = [...titleScores(t)].some(([id, n]) => isNamed(t, id, n));
  // A yes/no answer ("否，…终止") comes only from the documents the question is about, never from another one.
  const about = qt.no || qt.yes ? aboutDocs(t) : undefined;
  const pool = (qt.strict ? list.filter((c) => c.cue) : list).filter((c) => !about || about.has(c.doc.id));
  let pick = pool.find((c) => leadFor(t, qt, c) !== undefined);
  // Whether the documents speak of what is asked: every content word at full weight, except those asking the type.
  const plain: Weights = new Map(
    [...factors].map(([x, f]) => {
      const w = f < 0.5 ? f : termWeight(t, x);
      return [x, { full: w, here: w }];
    }),
  );
  // A document named by its title answers from its closest sentence; one in the asker's place must speak of a
  // third of what is asked; any other, of half.
  const need = pick && !named ? (namedByPlace(t, pick.doc.id) ? MIN_RELEVANCE : MIN_RELEVANCE_UNNAMED) : 0;
  if (pick && need && weighted(plain, `${pick.doc.title} ${pick.clause.headings.join(" ")} ${pick.clause.text}`) < need) pick = undefined;
  if (!pick) return qt.strict ? undefined : notFound("收录的政策文件中没有与您的问题相关的规定");
  // A cue alone ("取消", "不超过") is not an answer: the clause must also speak of what is asked.
  if (qt.strict && !named && weighted(plain, `${pick.clause.headings.join(" ")} ${pick.prev ?? ""}${pick.clause.text}`) < 0.2) return undefined;

  const lead = leadFor(t, qt, pick)!;
  let quote = narrowBy(pick.sentence, (p) => coverage(t.s.index.bm25, qTerms, p) + (qt.cue.test(p) ? 0.5 : 0));
  // "若违反承诺，应退回…" says what happens; the sentence before it says on what condition. A bare line
  // ("2017年8月7日至9月22日") is quoted with the heading line above it ("（四）系统审核时间").
  if (pick.prev && (BACK_REFERENCE.test(pick.sentence) || underHeading(pick.prev, pick.sentence)) && quote === pick.sentence) {
    const from = pick.clause.text.indexOf(pick.prev);
    const to = pick.clause.text.indexOf(pick.sentence, from);
    if (from >= 0 && to >= 0 && to - from < 200) quote = pick.clause.text.slice(from, to + pick.sentence.length);
  }
  const mark = t.cites.mark(pick.clause.id, quote);
  const lines = [`**${lead.text}**${mark}`, "", `根据《${pick.doc.title}》${pick.clause.article}：`, "", `> ${quote}${mark}`];
  if (lead.list) {
    const items = pick.clause.childIds.map((id) => t.s.retriever.clause(id)).filter((c): c is Clause => Boolean(c)).slice(0, 12);
    if (items.length) {
      lines.push("");
      for (const it of items) lines.push(`- ${it.text.length > 120 ? narrowBy(it.text, () => 0) : it.text}${t.cites.mark(it.id, it.text.length > 120 ? narrowBy(it.text, () => 0) : it.text)}`);
    }
  }
  const related = list
    .filter((c) => c.clause.id !== pick!.clause.id && c.doc.id === pick!.doc.id && c.score >= pick!.score * 0.6 && (!qt.strict || c.cue) && !pick!.clause.childIds.includes(c.clause.id))
    .filter((c, i, xs) => xs.findIndex((y) => y.clause.id === c.clause.id) === i)
    .slice(0, 2);
  if (related.length) {
    lines.push("", "**相关条款**");
    for (const r of related) {
      const q = narrowBy(r.sentence, (p) => coverage(t.s.index.bm25, qTerms, p) + (qt.cue.test(p) ? 0.5 : 0));
      lines.push(`- ${r.clause.article}：${q}${t.cites.mark(r.clause.id, q)}`);
    }
  }
  const notices = docNotices(t, [pick.doc.id]);
  if (notices.length) lines.push("", ...bullets("提示", notices));
  return { answer: lines.join("\n"), found: true, citations: t.cites.all(), matches: [], followUps: [], notices, questionType: qt.id };
}

/** The documents a question is about: those its words name by title (or by place and title), else the best retrieved one. */
export function aboutDocs(t: DocTurn): Set<string> {
  const named = [...titleScores(t)].filter(([id, n]) => isNamed(t, id, n)).map(([id]) => id);
  if (named.length) return new Set(named);
  return new Set(t.hits.slice(0, 1).map((h) => h.docId));
}

/** "否" for a question whether a document still gives something, when the document asked about is out of force. */
function lapsedAnswer(t: DocTurn): AnswerBody | undefined {
  const about = aboutDocs(t);
  const doc = askedDoc(t);
  if (!doc || !about.has(doc.id) || inForce(doc, t.asOf)) return undefined;
  const v = validityAnswer(t, "validity");
  if (!v || !/^\*\*(?:已失效|尚未生效)/.test(v.answer)) return undefined;
  return { ...v, answer: v.answer.replace(/^\*\*/, "**否，"), questionType: "exists" };
}
