import { inForce, type Clause, type DocMeta } from "../../core/corpus/schema.js";
import { cnDate } from "../../core/rules/describe.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { bullets } from "./compose.js";
import { termWeight, titleScores, weighted, type Weights } from "./doc-sentences.js";
import { docNotices, type DocTurn } from "./doc-turn.js";
import { contentTerms } from "./relevance.js";
import type { AnswerBody } from "./schema.js";

/** Validity questions: in force as of today, since when, until when, what it repealed — from the document's own sentences. */

/** The clause holding a sentence of the document's (verbatim, whitespace aside), the smallest one. */
function clauseWith(t: DocTurn, docId: string, sentence: string): Clause | undefined {
  const want = stripWhitespace(sentence);
  const found = t.s.index.clausesOf(docId).filter((c) => stripWhitespace(c.text).includes(want));
  return found.sort((a, b) => a.text.length - b.text.length)[0];
}

/** The document a question about the document itself is about: the one named most strongly, else the best retrieved. */
export function askedDoc(t: DocTurn, types: readonly string[] = ["validity", "effective"]): DocMeta | undefined {
  const named = [...titleScores(t)].sort((a, b) => b[1] - a[1]);
  // Among documents the title words name about equally, retrieval (which ranks their validity article) decides.
  const top = named[0]?.[1] ?? 0;
  const close = named.filter(([, n]) => n >= top - 0.05).map(([id]) => id);
  const byHit = t.hits.find((h) => close.includes(h.docId))?.docId;
  if (top >= 0.12) return t.s.retriever.doc(byHit ?? close[0]);
  // Not named by its title: the best retrieved document, if it speaks of what is asked at all
  // ("食品经营许可证过期了怎么办" asks about no policy here).
  const hit = t.hits[0];
  const doc = hit ? t.s.retriever.doc(hit.docId) : undefined;
  if (!doc) return undefined;
  const words = new Set([...t.s.questionVocab.types].filter((x) => types.includes(x.id)).flatMap((x) => [...x.words]));
  const asked = contentTerms(t.u.question, t.u.regions.map((r) => r.name)).filter((x) => !words.has(x));
  const w: Weights = new Map(asked.map((x) => [x, { full: termWeight(t, x), here: termWeight(t, x) }]));
  return !asked.length || weighted(w, `${doc.title} ${hit.text}`) >= 0.5 ? doc : undefined;
}

/** The document's own sentences on its period, in the clauses that hold them. A period read from the title is no sentence. */
function periodSentences(t: DocTurn, doc: DocMeta): { clause: Clause; quote: string }[] {
  const quotes = doc.validityQuotes ?? (doc.validityQuote ? [doc.validityQuote] : []);
  const stated = doc.validityFromTitle ? quotes.slice(0, -1) : quotes;
  return stated.flatMap((quote) => {
    const clause = clauseWith(t, doc.id, quote);
    return clause ? [{ clause, quote }] : [];
  });
}

const quoteLine = (t: DocTurn, x: { clause: Clause; quote: string }) => `> ${x.clause.article}：${x.quote}${t.cites.mark(x.clause.id, x.quote)}`;

/** Those sentences as quoted lines, each with its citation mark ("本意见…有效期至2025年12月31日"). */
export function periodLines(t: DocTurn, doc: DocMeta): string[] {
  return periodSentences(t, doc).map((x) => quoteLine(t, x));
}

/** Citation marks of those sentences, for a line that states the period ("该政策已于…失效[2]"). */
export function periodMarks(t: DocTurn, doc: DocMeta): string {
  return periodSentences(t, doc)
    .map((x) => t.cites.mark(x.clause.id, x.quote))
    .join("");
}

/** When a policy is in force: a one-line answer as of today, the document's own validity sentences, and what it repeals. */
export function validityAnswer(t: DocTurn, kind: "validity" | "effective"): AnswerBody | undefined {
  const doc = askedDoc(t);
  if (!doc) return undefined;
  const today = cnDate(t.asOf);
  const live = inForce(doc, t.asOf);
  const quotes = doc.validityQuotes ?? (doc.validityQuote ? [doc.validityQuote] : []);
  const cited = periodSentences(t, doc);
  const marks = cited.map((x) => t.cites.mark(x.clause.id, x.quote)).join("");
  const from = doc.validFrom ? cnDate(doc.validFrom) : undefined;
  const to = doc.validTo ? cnDate(doc.validTo) : undefined;
  const repealedBy = doc.supersededBy ? t.s.retriever.doc(doc.supersededBy) : undefined;
  const startWords = doc.effectiveOnPublication
    ? `自发布之日起施行${from ? `（${from}）` : "（文件未载明发布日期）"}`
    : from && !doc.validityFromTitle
      ? `自${from}起施行`
      : undefined;

  let head: string;
  if (repealedBy && !live) head = `已失效：《${doc.title}》已被《${repealedBy.title}》废止。`;
  else if (kind === "effective") {
    head = startWords
      ? `《${doc.title}》${startWords}${to ? `，有效期至${to}` : ""}。`
      : doc.validityFromTitle && from
        ? `《${doc.title}》未单独写明施行日期；按标题，实施期为${from}至${to}。`
        : `《${doc.title}》的文本中没有写明施行日期。`;
  } else if (to) {
    const period = doc.validityFromTitle && !startWords ? `按标题，实施期为${from}至${to}` : `${startWords ? `${startWords}，` : ""}有效期至${to}`;
    head = live ? `是，仍在有效期内：《${doc.title}》${period}。` : doc.validFrom && t.asOf < doc.validFrom ? `尚未生效：《${doc.title}》${period}。` : `已失效：《${doc.title}》${period}，截至${today}已过期。`;
  } else if (startWords) {
    head = doc.validFrom && t.asOf < doc.validFrom ? `尚未生效：《${doc.title}》${startWords}。` : `未写明截止日期：《${doc.title}》${startWords}，文件未写明有效期截止日期，是否仍在执行请以主管部门公布为准。`;
  } else {
    // Nothing stated: the document's own date is what there is to cite ("…办公室 2021年3月19日").
    const dated = doc.published ? sentenceWith(t, doc.id, cnDate(doc.published)) : undefined;
    const mark = dated ? t.cites.mark(dated.clause.id, dated.quote) : "";
    head = `未写明有效期：《${doc.title}》的文本中没有写明施行日期或有效期${doc.published ? `，落款日期为${cnDate(doc.published)}` : ""}，是否仍在执行请向主管部门确认。`;
    if (mark) head = `${head.slice(0, -1)}${mark}。`;
  }

  const lines = [`**${head}**${marks}`];
  if (kind === "effective" && to) lines.push("", live ? `截至${today}，仍在有效期内。` : `截至${today}，该政策已失效。`);
  if (kind === "validity" && !live && !repealedBy) lines.push("", "如需申报，请向主管部门确认是否有延续或替代政策。");
  if (cited.length) {
    lines.push("", `根据《${doc.title}》：`, "");
    for (const x of cited) lines.push(quoteLine(t, x));
  }
  if (doc.validityFromTitle && quotes.length) {
    const line = titleLine(t, doc);
    lines.push("", `（期限取自文件标题中的“${quotes.at(-1)}”${line ? `：${line.quote}${t.cites.mark(line.clause.id, line.quote)}` : ""}）`);
  }
  // "同时废止《…》": what this document replaced, when asked whether the earlier one still holds.
  const repeal = repealSentence(t, doc);
  if (repeal) lines.push("", "**废止的文件**", `- ${repeal.clause.article}：${repeal.quote}${t.cites.mark(repeal.clause.id, repeal.quote)}`);
  const notices = live ? [] : docNotices(t, [doc.id]);
  if (notices.length) lines.push("", ...bullets("提示", notices));
  return { answer: lines.join("\n"), found: true, citations: t.cites.all(), matches: [], followUps: [], notices, questionType: kind };
}

/** A sentence of the document containing `text` (a date as the document writes it), in its smallest clause. */
function sentenceWith(t: DocTurn, docId: string, text: string): { clause: Clause; quote: string } | undefined {
  for (const c of t.s.index.clausesOf(docId)) {
    if (c.childIds.length) continue;
    const s = (c.text.match(/[^。；;\n]+[。；;]?/g) ?? []).find((x) => stripWhitespace(x).includes(text));
    if (s) return { clause: c, quote: s.trim() };
  }
  return undefined;
}

/** Where the text itself prints the title with its period ("关于印发…工作方案(20222025年)的通知"), to cite. */
function titleLine(t: DocTurn, doc: DocMeta): { clause: Clause; quote: string } | undefined {
  if (!doc.validFrom || !doc.validTo) return undefined;
  const [a, b] = [doc.validFrom.slice(0, 4), doc.validTo.slice(0, 4)];
  const name = stripWhitespace(doc.title.replace(/[（(].*$/, "")).slice(-12);
  for (const c of t.s.index.clausesOf(doc.id)) {
    if (c.childIds.length) continue;
    const s = (c.text.match(/[^。；;\n]+[。；;]?/g) ?? []).find((x) => new RegExp(`${a}\\D{0,3}${b}`).test(x) && stripWhitespace(x).includes(name));
    if (s) return { clause: c, quote: s.trim() };
  }
  return undefined;
}

function repealSentence(t: DocTurn, doc: DocMeta): { clause: Clause; quote: string } | undefined {
  if (!doc.repeals?.length) return undefined;
  for (const c of t.s.index.clausesOf(doc.id)) {
    if (c.childIds.length) continue;
    const s = (c.text.match(/[^。；;\n]+[。；;]?/g) ?? []).find((x) => /废止/.test(x) && doc.repeals!.some((r) => stripWhitespace(x).includes(stripWhitespace(r))));
    if (s) return { clause: c, quote: s.trim() };
  }
  return undefined;
}
