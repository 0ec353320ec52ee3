import { inForce, type Clause, type DocMeta } from "../corpus/schema.js";
import type { QuestionType } from "../nlu/question-types.js";
import { validityNotice } from "../rules/engine.js";
import { cnDate } from "../rules/describe.js";
import { formatFen, percentOf, yuanToFen } from "../rules/money.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Services } from "../services.js";
import { findQuantities } from "../text/numbers.js";
import { stripWhitespace } from "../text/whitespace.js";
import type { Citations } from "./citations.js";
import { bullets } from "./compose.js";
import { contentTerms, coverage, narrowBy, ownSentences } from "./relevance.js";
import type { AnswerBody } from "./schema.js";
import type { Understanding } from "./understand.js";

/**
 * Answers to questions about what a document says: a one-line answer (是/否/
 * 已失效/需要…, with the date or the number), the verbatim sentence it comes
 * from with its citation, then related clauses. The sentence is chosen among
 * the retrieved documents' clauses, preferring the one that carries the
 * question type's cue; a preamble, a title line or an attachment form does not
 * win just because it repeats the title's words.
 */

export interface DocTurn {
  s: Services;
  u: Understanding;
  asOf: string;
  cites: Citations;
  /** Documents that may answer (the asker's region). */
  scope: Set<string>;
  hits: SearchHit[];
}

interface Candidate {
  clause: Clause;
  doc: DocMeta;
  sentence: string;
  score: number;
  cue: boolean;
  /** Share of the question's content the sentence or its clause covers. */
  relevance: number;
}

/** Below this share of the question's content in the best sentence's clause, the documents do not answer it. */
const MIN_RELEVANCE = 0.34;

/** Validity notices in the engine's words, one per document. */
export function docNotices(t: DocTurn, docIds: Iterable<string>): string[] {
  const out: string[] = [];
  for (const id of new Set(docIds)) {
    const d = t.s.retriever.doc(id);
    if (!d) continue;
    const repealedBy = d.supersededBy ? t.s.retriever.doc(d.supersededBy) : undefined;
    if (repealedBy && !inForce(d, t.asOf)) out.push(`《${d.title}》：已被《${repealedBy.title}》废止，以下内容仅供参考`);
    else {
      const n = validityNotice(d, t.asOf);
      if (n) out.push(`《${d.title}》：${n}`);
    }
  }
  return out;
}

/** Documents to read, best first: those the question names, else those retrieval found. */
function targetDocs(t: DocTurn): { id: string; weight: number }[] {
  const named = [...t.s.retriever.namedDocs(t.u.question)].filter(([id]) => t.scope.has(id)).sort((a, b) => b[1] - a[1]);
  const out = new Map<string, number>();
  const top = named[0]?.[1] ?? 0;
  named.filter(([, n]) => n >= top * 0.6).slice(0, 3).forEach(([id], i) => out.set(id, i === 0 ? 0 : -0.08 * i));
  // Retrieval may find the answer in a document the question does not name ("专利转化专项计划" names
  // the provincial plan, the deadline is in the national notice): those are read too, ranked lower.
  let k = out.size;
  const extra = top >= 1.5 ? 2 : 3;
  for (const h of t.hits) {
    if (out.size >= named.length + extra || out.size >= 5) break;
    if (!out.has(h.docId) && t.scope.has(h.docId)) out.set(h.docId, (top >= 1.5 ? -0.12 : -0.04) - 0.08 * k++);
  }
  return [...out].map(([id, weight]) => ({ id, weight }));
}

/** Clauses that do not state provisions: a preamble, the title repeated, an attachment or form. */
function boilerplatePenalty(c: Clause, doc: DocMeta, sentence: string): number {
  let p = 0;
  if (c.article === "序言") p += 0.3;
  if (/^附件/.test(c.article) || c.headings.some((h) => /^附件/.test(h))) p += 0.3;
  if (/(?:申报|申请|登记|统计|汇总|审批|推荐)表|一览表|明细表/.test(sentence) && !/[，,。；]/.test(sentence.slice(0, -1))) p += 0.3;
  const title = stripWhitespace(doc.title);
  const flat = stripWhitespace(sentence);
  if (title.length >= 6 && (flat.includes(title) || (flat.length >= 6 && title.includes(flat.replace(/[。；;]$/, ""))))) p += 0.3;
  // A bare heading ("管理职责", "第三章 申报及审批程序") glued to a clause.
  if (flat.length < 14 && !/[。；;：:]$/.test(flat)) p += 0.2;
  return p;
}

const pairBonus = (qt: QuestionType, question: string, text: string) => qt.pairs.filter((p) => p.ask.test(question) && p.cue.test(text)).length;

/**
 * Share of the question's content a text covers, each term weighted by its
 * corpus IDF and by how rarely the documents read use it: a word on every
 * line of the document asked about ("现代服务业" in the 现代服务业 policy)
 * names the document, it does not pick the sentence.
 */
type Weights = Map<string, { full: number; here: number }>;

function localWeights(t: DocTurn, qTerms: readonly string[], clauses: readonly Clause[]): Weights {
  const w: Weights = new Map();
  const leaves = clauses.filter((c) => c.childIds.length === 0).map((c) => c.text.normalize("NFKC").toLowerCase());
  for (const term of qTerms) {
    const lower = term.normalize("NFKC").toLowerCase();
    const share = leaves.length ? leaves.filter((x) => x.includes(lower)).length / leaves.length : 0;
    const full = Math.max(t.s.index.bm25.idf(term), 0.5);
    w.set(term, { full, here: full * (share >= 0.25 ? 0.1 : 1 - 2 * share) });
  }
  return w;
}

function weighted(w: Weights, text: string): number {
  let total = 0;
  let covered = 0;
  const lower = text.normalize("NFKC").toLowerCase();
  for (const [term, { full, here }] of w) {
    total += full;
    if (lower.includes(term.normalize("NFKC").toLowerCase())) covered += here;
  }
  return total ? covered / total : 0;
}

/** Every sentence of the target documents, scored for this question type. */
function candidates(t: DocTurn, qt: QuestionType, qTerms: string[]): Candidate[] {
  const hitRank = new Map<string, number>();
  t.hits.forEach((h, i) => {
    if (!hitRank.has(h.clauseId)) hitRank.set(h.clauseId, i);
  });
  const q = t.u.question;
  const out: Candidate[] = [];
  for (const { id, weight } of targetDocs(t)) {
    const doc = t.s.retriever.doc(id);
    if (!doc) continue;
    const clauses = t.s.index.clausesOf(id);
    const w = localWeights(t, qTerms, clauses);
    const byId = new Map(clauses.map((c) => [c.id, c]));
    for (const c of clauses) {
      const children = c.childIds.map((x) => byId.get(x)?.text ?? "").filter(Boolean);
      const context = `${c.headings.join(" ")} ${c.text}`;
      const ctx = weighted(w, context);
      const ctxPairs = pairBonus(qt, q, c.text);
      let rank = hitRank.get(c.id);
      if (rank === undefined) for (const [hid, r] of hitRank) if (hid.startsWith(c.id) || c.id.startsWith(hid)) rank = Math.min(rank ?? r, r);
      const retrieval = rank === undefined ? 0 : 0.12 / (1 + rank);
      for (const sentence of ownSentences(c.text, children)) {
        const cov = weighted(w, sentence);
        const cue = qt.cue.test(sentence);
        const pairs = Math.min(pairBonus(qt, q, sentence), 2);
        const score =
          0.5 * cov + 0.3 * ctx + (cue ? 0.35 : 0) + 0.15 * pairs + 0.05 * Math.min(ctxPairs, 2) + retrieval + weight - boilerplatePenalty(c, doc, sentence);
        out.push({ clause: c, doc, sentence, score, cue, relevance: Math.max(cov, ctx) });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Comma-separated parts of a sentence from the first one matching `re` to the end, trimmed: the part that answers. */
function spanFrom(sentence: string, re: RegExp, max = 90): string {
  const parts = sentence.match(/[^，,]+[，,]?/g) ?? [sentence];
  const at = parts.findIndex((p) => re.test(p));
  let span = at >= 0 ? parts.slice(at).join("") : sentence;
  if (span.length > max) {
    const cut = (span.match(/[^，,]+[，,]?/g) ?? [span]).reduce((acc, p) => (acc.length + p.length <= max || !acc ? acc + p : acc), "");
    span = cut;
  }
  return span.replace(/^[（(][一二三四五六七八九十\d]{1,3}[)）]|^\d{1,2}[.．、]|^第[一二三四五六七八九十百零]+条\s*/, "").replace(/[，,；;。]$/, "").trim();
}

/** The comma-part of a sentence matching `re`, with its neighbour when it is short. */
function partWith(sentence: string, re: RegExp): string {
  const parts = sentence.match(/[^，,]+[，,]?/g) ?? [sentence];
  const at = parts.findIndex((p) => re.test(p));
  if (at < 0) return spanFrom(sentence, /./);
  let s = parts[at];
  if (s.length < 12 && at > 0) s = parts[at - 1] + s;
  return s.replace(/^[（(][一二三四五六七八九十\d]{1,3}[)）]|^\d{1,2}[.．、]|^第[一二三四五六七八九十百零]+条\s*/, "").replace(/[，,；;。]$/, "").trim();
}

const TIME = [
  /(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:[至到—\-－~～]+\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)/,
  /(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:前|之前|以前|底前|止|截止)/,
  /(?:之日起|起|后)?\s*\d+\s*(?:个)?(?:工作日|日|天|个月)\s*(?:内|以内|之内)/,
  /\d+\s*[-－—~～至]\s*\d+\s*月份?/,
  /\d{4}\s*年\s*(?:\d{1,2}\s*月|[一二三四]季度|上半年|下半年|底)(?:\s*\d{1,2}\s*日)?/,
  /[一二三四]季度|上半年|下半年|每年\s*\d{1,2}\s*月/,
];

function timeIn(sentence: string): string | undefined {
  for (const re of TIME) {
    const m = re.exec(sentence);
    if (m) return m[0].replace(/^(?:之日起|起|后)/, "").trim();
  }
  return undefined;
}

interface Lead {
  text: string;
  /** Sub-items to list after the quote (materials, steps, cases). */
  list?: boolean;
}

/** The one-line answer for a type, from the chosen sentence. Everything quoted in it is verbatim from the sentence. */
function leadFor(t: DocTurn, qt: QuestionType, c: Candidate): Lead | undefined {
  const s = c.sentence;
  const introducesList = /[：:]$|以下|如下|下列/.test(s.trim()) && c.clause.childIds.length > 0;
  switch (qt.id) {
    case "consequence":
      return { text: `后果：${spanFrom(s, qt.cue)}。`, list: introducesList };
    case "stacking": {
      const no = qt.no?.test(s);
      const yes = qt.yes?.test(s);
      const span = spanFrom(s, qt.cue);
      if (yes && !no) return { text: `可以叠加：${span}。` };
      if (no) return { text: `${t.u.question.match(/吗|能否|可否|是否/) ? "否，" : ""}不能重复享受：${span}。` };
      return { text: `文件规定：${span}。` };
    }
    case "exists": {
      const no = qt.no?.test(s);
      const yes = qt.yes?.test(s);
      const span = spanFrom(s, qt.cue);
      if (no && !yes) return { text: `否，${span}。` };
      if (yes) return { text: `是，${span}。` };
      return { text: `文件规定：${span}。` };
    }
    case "deadline": {
      const time = timeIn(s);
      if (!time) return { text: `时间要求：${spanFrom(s, qt.cue)}。` };
      const kind = /内$/.test(time) ? "期限" : /(?:前|之前|以前|底前|止|截止)$/.test(time) ? "截止时间" : "时间";
      return { text: `${kind}：${time}。` };
    }
    case "payer":
      return { text: `资金来源：${partWith(s, qt.cue)}。` };
    case "definition": {
      const m = /[^，,。；;：:]{0,40}?(?:是指|所称|指)/.exec(s);
      return { text: `定义：${spanFrom(s.slice(m ? m.index : 0), /./, 120)}。` };
    }
    case "limit":
      return { text: `上限：${partWith(s, qt.cue)}。` };
    case "procedure":
      return { text: `${/材料|资料|文件|证明|交什么|交哪些|提供|准备/.test(t.u.question) ? "需要提交" : /部门|单位|找谁|受理|谁|联系|电话/.test(t.u.question) ? "办理部门" : "程序"}：${spanFrom(s, qt.cue, 120)}${introducesList ? "" : "。"}`, list: introducesList };
    case "ratio":
      return ratioLead(t, s);
    default:
      return undefined;
  }
}

/**
 * "政府投入100万元，企业投入不少于200%" asked with 100万元: 100万元 × 200% = 至少200万元.
 * The base is the asker's own figure, the rate the sentence's; nothing else is computed.
 */
function ratioLead(t: DocTurn, sentence: string): Lead | undefined {
  const money = findQuantities(t.u.question).filter((x) => x.unit === "yuan" && !x.perUnit);
  const rate = findQuantities(sentence).find((x) => x.unit === "percent");
  if (money.length !== 1 || !rate) return undefined;
  const base = money[0];
  const bound = /(?:不超过|不高于|最多|至多)[^，,。；]{0,30}$/.test(sentence.slice(0, rate.start)) ? "至多" : "至少";
  const result = formatFen(percentOf(yuanToFen(base.value), rate.value));
  return { text: `${bound}${result}（${formatFen(yuanToFen(base.value))} × ${rate.raw.replace(/\s/g, "")}）。` };
}

/** The document-question answer, or undefined when this type needs a cue sentence and none is relevant. */
export function documentAnswer(t: DocTurn, qt: QuestionType, notFound: (why: string) => AnswerBody): AnswerBody | undefined {
  if (qt.id === "validity" || qt.id === "effective") return validityAnswer(t, qt.id);
  const naming = t.s.retriever.namingTerms(t.s.retriever.namedDocs(t.u.question));
  const all = contentTerms(t.u.question, t.u.regions.flatMap((r) => [r.name, r.name.replace(/(省|市|区|县)$/, "")]));
  const narrowed = all.filter((x) => !naming.has(x));
  const qTerms = narrowed.length ? narrowed : all;
  const list = candidates(t, qt, qTerms);
  const named = [...t.s.retriever.namedDocs(t.u.question).keys()].some((id) => t.scope.has(id));
  const pool = qt.strict ? list.filter((c) => c.cue) : list;
  if (process.env.DOCQ_DEBUG) for (const c of list.slice(0, 8)) console.error(c.score.toFixed(3), c.cue ? "CUE" : "   ", c.relevance.toFixed(2), c.clause.id, c.sentence.slice(0, 60), "|", qTerms.join(","));
  let pick = pool.find((c) => leadFor(t, qt, c) !== undefined);
  if (pick && !named && coverage(t.s.index.bm25, all, `${pick.doc.title} ${pick.clause.headings.join(" ")} ${pick.clause.text}`) < MIN_RELEVANCE) pick = undefined;
  if (!pick) return qt.strict ? undefined : notFound("收录的政策文件中没有与您的问题相关的规定");
  if (qt.strict && pick.relevance < 0.2 && !named) return undefined;

  const lead = leadFor(t, qt, pick)!;
  const quote = narrowBy(pick.sentence, (p) => coverage(t.s.index.bm25, qTerms, p) + (qt.cue.test(p) ? 0.5 : 0));
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

/** The clause holding a sentence of the document's (verbatim, whitespace aside), the smallest one. */
function clauseWith(t: DocTurn, docId: string, sentence: string): Clause | undefined {
  const want = stripWhitespace(sentence);
  const found = t.s.index.clausesOf(docId).filter((c) => stripWhitespace(c.text).includes(want));
  return found.sort((a, b) => a.text.length - b.text.length)[0];
}

/** The document a validity question is about: the one named most strongly, else the best retrieved. */
function validityDoc(t: DocTurn): DocMeta | undefined {
  const named = [...t.s.retriever.namedDocs(t.u.question).entries()].filter(([id]) => t.scope.has(id)).sort((a, b) => b[1] - a[1]);
  // Retrieval ranks the validity article of the document meant; among equally named ones it decides.
  const top = named[0]?.[1];
  const tied = named.filter(([, n]) => n === top).map(([id]) => id);
  const byHit = t.hits.find((h) => tied.includes(h.docId))?.docId;
  const id = byHit ?? tied[0] ?? t.hits[0]?.docId;
  return id ? t.s.retriever.doc(id) : undefined;
}

/** When a policy is in force: a one-line answer as of today, the document's own validity sentences, and what it repeals. */
export function validityAnswer(t: DocTurn, kind: "validity" | "effective"): AnswerBody | undefined {
  const doc = validityDoc(t);
  if (!doc) return undefined;
  const today = cnDate(t.asOf);
  const live = inForce(doc, t.asOf);
  const quotes = doc.validityQuotes ?? (doc.validityQuote ? [doc.validityQuote] : []);
  // A period read from the title ("(2021~2023年)") is the last quote; it is not a sentence to cite.
  const stated = doc.validityFromTitle ? quotes.slice(0, -1) : quotes;
  const cited: { clause: Clause; quote: string }[] = [];
  for (const q of stated) {
    const c = clauseWith(t, doc.id, q);
    if (c) cited.push({ clause: c, quote: q });
  }
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
  } else head = `《${doc.title}》的文本中没有写明施行日期或有效期，请向主管部门确认。`;

  const lines = [`**${head}**${marks}`];
  if (kind === "effective" && to) lines.push("", live ? `截至${today}，仍在有效期内。` : `截至${today}，该政策已失效。`);
  if (kind === "validity" && !live && !repealedBy) lines.push("", "如需申报，请向主管部门确认是否有延续或替代政策。");
  if (cited.length) {
    lines.push("", `根据《${doc.title}》：`, "");
    for (const x of cited) lines.push(`> ${x.clause.article}：${x.quote}${t.cites.mark(x.clause.id, x.quote)}`);
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
