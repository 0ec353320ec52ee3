import { inForce, type Clause, type DocMeta } from "../corpus/schema.js";
import { classifyIntent } from "../nlu/intent.js";
import type { QuestionType } from "../nlu/question-types.js";
import { validityNotice } from "../rules/engine.js";
import { cnDate } from "../rules/describe.js";
import { formatFen, percentOf, yuanToFen } from "../rules/money.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Services } from "../services.js";
import { findQuantities } from "../text/numbers.js";
import { terms } from "../text/tokenize.js";
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
  /** The sentence before it in the clause ("…10年内不迁出" before "若违反承诺，应退回…"). */
  prev?: string;
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

const bareTitle = (s: string) => s.normalize("NFKC").replace(/[()（）【】\[\]《》“”"\s]/g, "");

/** Title bigram → documents, built once per index: which titles hold a question word, without scanning every title. */
const titleIndexes = new WeakMap<readonly DocMeta[], { bare: string[]; byBigram: Map<string, number[]> }>();

function titleIndex(docs: readonly DocMeta[]): { bare: string[]; byBigram: Map<string, number[]> } {
  let ix = titleIndexes.get(docs);
  if (!ix) {
    const bare = docs.map((d) => bareTitle(d.title));
    const byBigram = new Map<string, number[]>();
    bare.forEach((b, i) => {
      for (const g of new Set(Array.from({ length: Math.max(0, b.length - 1) }, (_, k) => b.slice(k, k + 2)))) {
        const list = byBigram.get(g);
        if (list) list.push(i);
        else byBigram.set(g, [i]);
      }
    });
    titleIndexes.set(docs, (ix = { bare, byBigram }));
  }
  return ix;
}

/**
 * How strongly the question names each document by its title: the IDF-weighted
 * share of the question's words its title holds ("南沙科技创新扶持" → the 南沙
 * 科技创新 办法 over the 南沙 总部经济 办法; "首台套" matches "首台(套)").
 */
function titleScores(t: DocTurn): Map<string, number> {
  const docs = t.s.index.docs;
  const ix = titleIndex(docs);
  const words = [...new Set(terms(t.u.question).map(bareTitle).filter((w) => w.length >= 2 && !/^\d/.test(w)))];
  const weight = (w: string) => Math.max(t.s.index.bm25.idf(w), 0.5);
  const total = words.reduce((a, w) => a + weight(w), 0);
  const out = new Map<string, number>();
  if (!total) return out;
  for (const w of words) {
    const candidates = ix.byBigram.get(w.slice(0, 2)) ?? [];
    for (const i of candidates) {
      if (!ix.bare[i].includes(w) || !t.scope.has(docs[i].id)) continue;
      out.set(docs[i].id, (out.get(docs[i].id) ?? 0) + weight(w) / total);
    }
  }
  return out;
}

/** Documents to read, best first: those the question names by title, then those retrieval found. */
function targetDocs(t: DocTurn): { id: string; weight: number }[] {
  const named = [...titleScores(t)].sort((a, b) => b[1] - a[1]);
  const top = named[0]?.[1] ?? 0;
  const out = new Map<string, number>();
  // A title holding a good part of the question is the document asked about; others it names less are read, ranked lower.
  named.filter(([, n]) => n >= Math.max(0.12, top * 0.7)).slice(0, 3).forEach(([id, n]) => out.set(id, -0.3 * (top - n)));
  // Retrieval may find the answer in a document the question does not name ("专利转化专项计划" names
  // the provincial plan, the deadline is in the national notice): those are read too, ranked lower.
  let k = 0;
  const strong = top >= 0.3;
  for (const h of t.hits) {
    if (out.size >= 6 || k >= 3) break;
    if (!out.has(h.docId) && t.scope.has(h.docId)) out.set(h.docId, (strong ? -0.3 : -0.04) - 0.06 * k++);
  }
  return [...out].map(([id, weight]) => ({ id, weight })).sort((a, b) => b.weight - a.weight);
}

/** A sentence that continues the one before it: "若违反承诺，…", "如有违反，…", "否则…". */
const BACK_REFERENCE = /^(?:若|如|如有|凡|否则|违者|违反|对违反|逾期|未按)/;

/** A short line under a heading line ("（四）系统审核时间" / "2017年8月7日至9月22日"). */
const underHeading = (prev: string, sentence: string) => sentence.length < 40 && prev.length < 30 && !/[。；;：:，,]$/.test(prev);

/** Clauses that do not state provisions: a preamble, the title repeated, an attachment or form. */
function boilerplatePenalty(c: Clause, doc: DocMeta, sentence: string, listing = false): number {
  let p = 0;
  if (c.article === "序言") p += 0.3;
  if (/^附件/.test(c.article) || c.headings.some((h) => /^附件/.test(h))) p += 0.3;
  if (/(?:申报|申请|登记|统计|汇总|审批|推荐)表|一览表|明细表/.test(sentence) && !/[，,。；]/.test(sentence.slice(0, -1))) p += 0.3;
  const title = stripWhitespace(doc.title);
  const flat = stripWhitespace(sentence);
  if (title.length >= 6 && (flat.includes(title) || (flat.length >= 6 && title.includes(flat.replace(/[。；;]$/, ""))))) p += 0.3;
  // A bare heading ("管理职责", "第三章 申报及审批程序") glued to a clause.
  if (flat.length < 14 && !/[。；;：:]$/.test(flat) && !listing) p += 0.2;
  return p;
}

/**
 * How much of a consequence's condition the question states: "评价结果为不合格的，要求其限期整改" answers
 * "不合格会怎么样" more directly than "无正当理由不参加评价、…或者整改后仍不合格的，予以摘牌".
 */
function conditionPrecision(qt: QuestionType, question: string, sentence: string): number {
  const at = sentence.search(new RegExp(qt.cue.source, "u"));
  const condition = at > 0 ? sentence.slice(0, at) : "";
  const words = contentTerms(condition).filter((w) => w.length >= 2 && !/^\d/.test(w));
  if (!words.length) return 0;
  const q = question.normalize("NFKC");
  return words.filter((w) => q.includes(w)).length / words.length;
}

/** Whether the question asks a named facet of its type ("office": 哪个部门受理). */
const facet = (qt: QuestionType, name: string, question: string) => qt.facets[name]?.test(question.normalize("NFKC")) ?? false;

/** Synonym pairs the question and the text share, each counted by its distinct wordings in the text (up to 3). */
function pairBonus(qt: QuestionType, question: string, text: string): number {
  let n = 0;
  for (const p of qt.pairs) {
    if (!p.ask.test(question)) continue;
    n += Math.min(new Set([...text.matchAll(new RegExp(p.cue.source, "gu"))].map((m) => m[0])).size, 3);
  }
  return n;
}

/**
 * Share of the question's content a text covers, each term weighted by its
 * corpus IDF and by how rarely the documents read use it: a word on every
 * line of the document asked about ("现代服务业" in the 现代服务业 policy)
 * names the document, it does not pick the sentence.
 */
type Weights = Map<string, { full: number; here: number; partial?: boolean }>;

function localWeights(t: DocTurn, qTerms: ReadonlyMap<string, number>, clauses: readonly Clause[]): Weights {
  const w: Weights = new Map();
  const leaves = clauses.filter((c) => c.childIds.length === 0).map((c) => c.text.normalize("NFKC").toLowerCase());
  for (const [term, factor] of qTerms) {
    const lower = term.normalize("NFKC").toLowerCase();
    const share = leaves.length ? leaves.filter((x) => x.includes(lower)).length / leaves.length : 0;
    const full = Math.max(t.s.index.bm25.idf(term), 0.5);
    // Only words that name the document are discounted by how much of it they cover ("现代服务业" in the
    // 现代服务业 policy); a common word of what is asked ("材料", "认定") keeps its weight in every document.
    const damp = factor < 1 ? (share >= 0.25 ? 0.1 : 1 - 2 * share) : 1;
    // Half a compound counts only for words of what is asked, not for words naming the document.
    w.set(term, { full, here: full * factor * damp, partial: factor === 1 });
  }
  return w;
}

/**
 * The question's content terms with how much each may pick the sentence: the
 * words that ask the type ("哪个部门受理", "申报流程") say what kind of answer
 * is wanted, the words that name the document say where; both count less than
 * the words of what is asked about.
 */
function termFactors(t: DocTurn, qt: QuestionType, all: readonly string[]): Map<string, number> {
  const ask = qt.ask.exec(t.u.question.normalize("NFKC"));
  const named = t.s.retriever.namedDocs(t.u.question);
  const naming = t.s.retriever.namingTerms(named);
  const titles = [...new Set([...named.keys(), ...targetDocs(t).slice(0, 3).map((d) => d.id)])].map((id) => bareTitle(t.s.retriever.doc(id)?.title ?? ""));
  const out = new Map<string, number>();
  // The action asked about ("怎么申报", "什么时候验收") picks the clause even though it is a common word.
  const action = ask?.[0].match(/申报|申请|办理|提交|报送|领取|兑现|拨付|发放|认定|备案|审批|立项|验收|评审|签订|受理|公示|推荐/g) ?? [];
  for (const a of action) out.set(a, 0.6);
  for (const term of all) {
    const asking = qt.words.has(term) || [...qt.words].some((w) => w.length >= 2 && term.includes(w) && term.length <= w.length + 1);
    out.set(term, asking ? 0.3 : naming.has(term) || titles.some((x) => x.includes(bareTitle(term))) ? 0.5 : 1);
  }
  return out;
}

/** The cue's distinct wordings in a sentence: a sentence naming several steps or sanctions is the fuller answer. */
function cueStrength(qt: QuestionType, sentence: string): number {
  const g = new RegExp(qt.cue.source, "gu");
  return new Set([...sentence.matchAll(g)].map((m) => m[0])).size;
}

/** "…的总部型企业是指什么？" → 总部型企业: what a definition question asks to define. */
function definedTerm(question: string): string | undefined {
  const q = question.normalize("NFKC").replace(/[“”"'‘’《》]/g, "");
  const what = /^(?:请问)?(?:什么是|何为|何谓)(.+?)[？?。！!]*$/.exec(q);
  if (what) return what[1].trim();
  const ask = /(?:是指|指的是|指|是什么意思|什么意思|如何界定|怎么界定|怎样界定|的定义|包括哪些)/.exec(q);
  if (!ask) return undefined;
  const before = q.slice(0, ask.index);
  // "…办法中的总部型企业": the term is what follows the last "中的/里的/所说的".
  const sep = [...before.matchAll(/中的|里的|所说的|说的|提到的|所称的?/g)].at(-1);
  const term = (sep ? before.slice(sep.index! + sep[0].length) : before).trim();
  return term.length >= 2 ? term : undefined;
}

const bare = (s: string) => s.normalize("NFKC").replace(/[（）()“”"'‘’《》\s]/g, "");

/** How well a sentence defines `term`: its longest suffix found just before 是指/指/所称/即. */
function definesTerm(term: string, sentence: string): number {
  const b = bare(sentence);
  const t = bare(term);
  for (let i = 0; i + 2 <= t.length; i++) {
    const tail = t.slice(i);
    for (let at = b.indexOf(tail); at >= 0; at = b.indexOf(tail, at + 1)) {
      if (/^.{0,6}?(?:是指|指|即|,是指|，是指)/.test(b.slice(at + tail.length))) return tail.length / t.length;
    }
  }
  return 0;
}

function weighted(w: Weights, text: string): number {
  let total = 0;
  let covered = 0;
  const lower = text.normalize("NFKC").toLowerCase();
  for (const [term, { full, here, partial = true }] of w) {
    total += full;
    const t = term.normalize("NFKC").toLowerCase();
    if (lower.includes(t)) covered += here;
    // "专利申请资助" asked, "知识产权申请资助" written: half a compound still says something.
    else if (partial && t.length >= 4 && /^[\u4e00-\u9fa5]+$/.test(t) && (lower.includes(t.slice(0, 2)) || lower.includes(t.slice(-2)))) covered += 0.4 * here;
  }
  return total ? covered / total : 0;
}

/** Every sentence of the target documents, scored for this question type. */
function candidates(t: DocTurn, qt: QuestionType, qTerms: ReadonlyMap<string, number>): Candidate[] {
  const hitRank = new Map<string, number>();
  t.hits.forEach((h, i) => {
    if (!hitRank.has(h.clauseId)) hitRank.set(h.clauseId, i);
  });
  const q = t.u.question;
  const defined = qt.id === "definition" ? definedTerm(q) : undefined;
  const officeAsked = facet(qt, "office", q);
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
      let prev: string | undefined;
      // Under a heading that names the type ("二、申报程序、申报时间及审核时间"), a sentence is more likely its answer.
      const headedByCue = c.headings.some((h) => qt.cue.test(h.slice(0, 30)));
      const own = ownSentences(c.text, children);
      const lastOwn = own.at(-1);
      // "怎么申报/要交哪些材料": the article whose sub-items are the steps or the materials answers as a list.
      const listsSteps = qt.id === "procedure" && !officeAsked && children.filter((x) => qt.cue.test(x)).length >= 2;
      // An article titled as a procedure ("实施步骤", "第十三条 申报与受理。") is the procedure.
      const title = (own[0] ?? "").replace(/^(?:第[一二三四五六七八九十百零]+条|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])\s*/, "").split(/[\s。：:]/)[0];
      const titled = listsSteps && title.length <= 12 && qt.cue.test(title);
      for (const sentence of own) {
        // "若违反承诺，应退回…" is read with the sentence it refers back to, a bare line with its heading line.
        const backRef = prev !== undefined && (BACK_REFERENCE.test(sentence) || underHeading(prev, sentence));
        const cov = weighted(w, backRef ? `${prev}${sentence}` : sentence);
        const strength = cueStrength(qt, sentence);
        const cue = strength > 0;
        const pairs = Math.min(pairBonus(qt, q, sentence), 4);
        const defines = defined ? definesTerm(defined, sentence) : 0;
        const precise = qt.id === "consequence" ? conditionPrecision(qt, q, backRef ? `${prev}${sentence}` : sentence) : 0;
        const score =
          0.65 * cov +
          0.3 * ctx +
          (cue ? 0.3 + 0.05 * Math.min(strength, 3) : 0) +
          0.08 * Math.min(pairs, 3) +
          (listsSteps && sentence === lastOwn ? (titled ? 0.3 : 0.15) : 0) +
          0.05 * Math.min(ctxPairs, 2) +
          0.6 * defines +
          0.4 * precise +
          retrieval +
          weight +
          (qt.id === "deadline" ? timeStrength(sentence) : 0) +
          (headedByCue ? 0.1 : 0) -
          (qt.avoid?.test(sentence) ? 0.25 : 0) -
          boilerplatePenalty(c, doc, sentence, listsSteps && sentence === own[0]);
        out.push({ clause: c, doc, sentence, score, cue, relevance: Math.max(cov, ctx), ...(prev ? { prev } : {}) });
        prev = sentence;
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

/** A date that describes something else ("专利申请日在2016年2月23日及之前", "2019年1月1日起新设立的"): not a time limit. */
const OF_SOMETHING = /(?:申请日|公告日|生效日|发文日|授权日|成立|注册|设立|落户|认定)[^，。；,;]{0,3}(?:在|为|于)?\s*$/;

function timeIn(sentence: string): string | undefined {
  for (const re of TIME) {
    const m = re.exec(sentence);
    if (m && !OF_SOMETHING.test(sentence.slice(0, m.index))) return m[0].replace(/^(?:之日起|起|后)/, "").trim();
  }
  return undefined;
}

/** How much a time expression says about a time limit: a window or a "前/内" limit more than a bare date. */
function timeStrength(sentence: string): number {
  const time = timeIn(sentence);
  if (!time) return 0;
  return /[至到—\-－~～]|前$|止$|截止$|内$/.test(time) ? 0.2 : 0.08;
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
      if (no) return { text: `${classifyIntent(t.u.question).flags.yesNo ? "否，" : ""}不能重复享受：${span}。` };
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
    case "procedure": {
      const list = introducesList || c.clause.childIds.length >= 2;
      const where = facet(qt, "office", t.u.question);
      const materials = !where && facet(qt, "materials", t.u.question);
      const label = materials ? "需要提交" : where ? "办理部门" : "程序";
      if (list) {
        // Sub-items titled as steps ("(一)组织申报。(二)评审立项。") are the procedure in one line.
        const items = c.clause.childIds.map((id) => t.s.retriever.clause(id)?.text ?? "");
        const steps = items.map((x) => /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])\s*([^。；;：:，,]{2,10})[。：:]/.exec(x)?.[1]);
        if (!materials && steps.length >= 2 && steps.every(Boolean)) return { text: `${label}：${steps.join("→")}。`, list };
        if (materials && introducesList) return { text: `${label}以下${items.length}项材料：`, list };
      }
      return { text: `${label}：${spanFrom(s, qt.cue, 120)}${/[：:]$/.test(s.trim()) ? "" : "。"}`, list };
    }
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
  if (qt.id === "validity" || qt.id === "effective") return validityAnswer(t, qt.id) ?? notFound("收录的政策文件中没有与您的问题相关的规定");
  const all = contentTerms(t.u.question, t.u.regions.flatMap((r) => [r.name, r.name.replace(/(省|市|区|县)$/, "")]));
  const factors = termFactors(t, qt, all);
  const qTerms = [...factors].filter(([, f]) => f === 1).map(([x]) => x);
  const list = candidates(t, qt, factors);
  const named = [...titleScores(t).values()].some((n) => n >= 0.3);
  const pool = qt.strict ? list.filter((c) => c.cue) : list;
  if (process.env.DOCQ_DEBUG) for (const c of list.slice(0, 8)) console.error(c.score.toFixed(3), c.cue ? "CUE" : "   ", c.relevance.toFixed(2), c.clause.id, c.sentence.slice(0, 60), "|", [...factors].map(([x, f]) => `${x}:${f}`).join(","));
  let pick = pool.find((c) => leadFor(t, qt, c) !== undefined);
  // Whether the documents speak of what is asked: every content word at full weight, except those asking the type.
  const plain: Weights = new Map(
    [...factors].map(([x, f]) => {
      const w = Math.max(t.s.index.bm25.idf(x), 0.5) * (f < 0.5 ? f : 1);
      return [x, { full: w, here: w }];
    }),
  );
  if (process.env.DOCQ_DEBUG && pick) console.error("found-ness", named, weighted(plain, `${pick.doc.title} ${pick.clause.headings.join(" ")} ${pick.clause.text}`), weighted(plain, `${pick.clause.headings.join(" ")} ${pick.prev ?? ""}${pick.clause.text}`), [...plain].map(([k, v]) => `${k}:${v.full.toFixed(2)}`).join(","));
  if (pick && !named && weighted(plain, `${pick.doc.title} ${pick.clause.headings.join(" ")} ${pick.clause.text}`) < MIN_RELEVANCE) pick = undefined;
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

/** The clause holding a sentence of the document's (verbatim, whitespace aside), the smallest one. */
function clauseWith(t: DocTurn, docId: string, sentence: string): Clause | undefined {
  const want = stripWhitespace(sentence);
  const found = t.s.index.clausesOf(docId).filter((c) => stripWhitespace(c.text).includes(want));
  return found.sort((a, b) => a.text.length - b.text.length)[0];
}

/** The document a validity question is about: the one named most strongly, else the best retrieved. */
function validityDoc(t: DocTurn): DocMeta | undefined {
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
  const words = new Set([...t.s.questionVocab.types].filter((x) => x.id === "validity" || x.id === "effective").flatMap((x) => [...x.words]));
  const asked = contentTerms(t.u.question, t.u.regions.map((r) => r.name)).filter((x) => !words.has(x));
  const w: Weights = new Map(asked.map((x) => [x, { full: Math.max(t.s.index.bm25.idf(x), 0.5), here: Math.max(t.s.index.bm25.idf(x), 0.5) }]));
  return !asked.length || weighted(w, `${doc.title} ${hit.text}`) >= 0.5 ? doc : undefined;
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
