import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import type { QuestionType } from "../nlu/question-types.js";
import { terms } from "../../core/text/tokenize.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { timeStrength } from "./doc-text.js";
import type { DocTurn } from "./doc-turn.js";
import { contentTerms, ownSentences } from "./relevance.js";

/**
 * Which sentence of which document answers a document question. Documents are
 * those the question names by title, then those retrieval found; every
 * sentence of theirs is scored by the question's words (weighted by what they
 * say: the words that ask the type and the words that name the document count
 * less), by the type's cue and synonym pairs, and against boilerplate (a
 * preamble, the title repeated, a form).
 */

export interface Candidate {
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
export const MIN_RELEVANCE = 0.34;
/** The same for a clause of a document the question does not name: half of what is asked must be there. */
export const MIN_RELEVANCE_UNNAMED = 0.5;

/** A word's weight as evidence: its IDF, and the rarest weight for a word the corpus never uses (it is what the documents lack). */
export function termWeight(t: DocTurn, term: string): number {
  const idf = t.s.index.bm25.idf(term);
  return idf > 0 ? idf : Math.log(1 + (t.s.index.chunkCount + 0.5) / 0.5);
}

/** A document in the asker's own place (district, else city) is named by the place even when its title is not. */
export function namedByPlace(t: DocTurn, docId: string): boolean {
  const doc = t.s.retriever.doc(docId);
  const d = doc?.region;
  const r = t.u.region;
  if (!doc || !d || !r || d.level === "national") return false;
  // "南沙区" names 《广州南沙新区…办法》 (a city-level document titled by the district).
  const short = r.name.replace(/(省|市|区|县)$/, "");
  if (short.length >= 2 && doc.title.includes(short)) return true;
  return r.district ? d.district === r.district : Boolean(r.city && d.city === r.city && !d.district);
}

/** Named by its title words, or by fewer of them in the asker's own place. */
export function isNamed(t: DocTurn, docId: string, titleScore: number): boolean {
  return titleScore >= 0.3 || (titleScore >= 0.15 && namedByPlace(t, docId));
}

export const bareTitle = (s: string) => s.normalize("NFKC").replace(/[()（）【】\[\]《》“”"\s]/g, "");

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
export function titleScores(t: DocTurn): Map<string, number> {
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
export function targetDocs(t: DocTurn): { id: string; weight: number }[] {
  const named = [...titleScores(t)].sort((a, b) => b[1] - a[1]);
  const top = named[0]?.[1] ?? 0;
  const out = new Map<string, number>();
  // A title holding a good part of the question is the document asked about; others it names less are read, ranked lower.
  named.filter(([, n]) => n >= Math.max(0.12, top * 0.5)).slice(0, 3).forEach(([id, n]) => out.set(id, -0.5 * (top - n)));
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
// "对不符合此项规定的扶持对象，可取消…": a sentence that points back (此项/上述/前款) needs the one it points to.
export const BACK_REFERENCE = /^(?:若|如|如有|凡|否则|违者|违反|对违反|逾期|未按)|^[^，。；;]{0,10}(?:此项|此款|上述|前款|前述|该项)/;

/** A short line under a heading line ("（四）系统审核时间" / "2017年8月7日至9月22日"). */
export const underHeading = (prev: string, sentence: string) => sentence.length < 40 && prev.length < 30 && !/[。；;：:，,]$/.test(prev);

/** Clauses that do not state provisions: a preamble, the title repeated, an attachment or form. Kept per sentence. */
function boilerplate(c: Clause, title: string, sentence: ReadSentence, forms: RegExp): Boilerplate {
  let b = sentence.boiler;
  if (b && b.forms === forms && b.title === title) return b;
  const flat = sentence.flat;
  b = {
    forms,
    title,
    preamble: c.article === "序言",
    attachment: /^附件/.test(c.article) || c.headings.some((h) => /^附件/.test(h)),
    form: forms.test(sentence.text) && !/[，,。；]/.test(sentence.text.slice(0, -1)),
    repeatsTitle: title.length >= 6 && (flat.includes(title) || (flat.length >= 6 && title.includes(flat.replace(/[。；;]$/, "")))),
    // An item's own title ("4．关于部分名词的界定。") says what follows, not what it is.
    itemTitle: /^(?:\d{1,2}[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）])?\s*关于[^，,；;]{2,16}[。]?$/.test(flat),
    // A bare heading ("管理职责", "第三章 申报及审批程序") glued to a clause.
    bareHeading: flat.length < 14 && !/[。；;：:]$/.test(flat),
  };
  sentence.boiler = b;
  return b;
}

function boilerplatePenalty(b: Boilerplate, listing: boolean): number {
  let p = 0;
  if (b.preamble) p += 0.3;
  if (b.attachment) p += 0.3;
  if (b.form) p += 0.3;
  if (b.repeatsTitle) p += 0.3;
  if (b.itemTitle) p += 0.25;
  if (b.bareHeading && !listing) p += 0.2;
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
export const facet = (qt: QuestionType, name: string, question: string) => qt.facets[name]?.test(question.normalize("NFKC")) ?? false;

/** A pattern's global copy, made once: the cue and pair patterns are matched against every sentence read. */
const globals = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = globals.get(re);
  if (!g) globals.set(re, (g = new RegExp(re.source, "gu")));
  return g;
}

/**
 * Distinct wordings of `g` in `text`, up to `cap`, as `text.matchAll(g)` would find them. Matched with
 * `exec` on the shared global copy (reset first, never left mid-scan): matchAll clones the pattern on
 * every call, and this runs on every sentence read.
 */
function distinct(g: RegExp, text: string, cap = Infinity): number {
  const seen = new Set<string>();
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    seen.add(m[0]);
    if (seen.size >= cap) break;
    // An empty match moves on by one code point, as matchAll does for a "u" pattern.
    if (m[0] === "") g.lastIndex += (text.codePointAt(g.lastIndex) ?? 0) > 0xffff ? 2 : 1;
  }
  g.lastIndex = 0;
  return seen.size;
}

/**
 * The cue patterns of the synonym pairs this question asks, decided once per question; a text scores
 * each pair by its distinct wordings in the text (up to 3).
 */
function askedPairs(qt: QuestionType, question: string): RegExp[] {
  return qt.pairs.filter((p) => p.ask.test(question)).map((p) => globalOf(p.cue));
}

/**
 * Share of the question's content a text covers, each term weighted by its
 * corpus IDF and by how rarely the documents read use it: a word on every
 * line of the document asked about ("现代服务业" in the 现代服务业 policy)
 * names the document, it does not pick the sentence.
 */
export type Weights = Map<string, { full: number; here: number; partial?: boolean }>;

function localWeights(t: DocTurn, qTerms: ReadonlyMap<string, number>, leaves: readonly string[]): Weights {
  const w: Weights = new Map();
  for (const [term, factor] of qTerms) {
    const lower = lowered(term);
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
export function termFactors(t: DocTurn, qt: QuestionType, all: readonly string[], targets: readonly { id: string }[]): Map<string, number> {
  const ask = qt.ask.exec(t.u.question.normalize("NFKC"));
  const named = t.s.retriever.namedDocs(t.u.question);
  const naming = t.s.retriever.namingTerms(named);
  const titles = [...new Set([...named.keys(), ...targets.slice(0, 3).map((d) => d.id)])].map((id) => bareTitle(t.s.retriever.doc(id)?.title ?? ""));
  const out = new Map<string, number>();
  // The action asked about ("怎么申报", "什么时候验收") picks the clause even though it is a common word.
  const action = ask ? (t.u.question.normalize("NFKC").slice(ask.index).match(t.s.questionVocab.actions) ?? []) : [];
  for (const a of action) out.set(a, 0.6);
  for (const term of all) {
    const asking = qt.words.has(term) || [...qt.words].some((w) => w.length >= 2 && term.includes(w) && term.length <= w.length + 1);
    out.set(term, asking ? 0.3 : naming.has(term) || titles.some((x) => x.includes(bareTitle(term))) ? 0.5 : 1);
  }
  return out;
}

/** The cue's distinct wordings in a sentence: a sentence naming several steps or sanctions is the fuller answer. */
function cueStrength(qt: QuestionType, sentence: string): number {
  return distinct(globalOf(qt.cue), sentence);
}

/** "…的总部型企业是指什么？" → 总部型企业: what a definition question asks to define. */
function definedTerm(question: string): string | undefined {
  // A quoted word ("“省级”指什么", "“以上”和“以下”怎么界定") is the word asked about.
  const quoted = [...question.normalize("NFKC").matchAll(/[“"‘']([^”"’']{1,20})[”"’']/g)].map((m) => m[1]);
  if (quoted.length) return quoted.join("|");
  const q = question.normalize("NFKC").replace(/[“”"'‘’《》]/g, "");
  const what = /^(?:请问)?(?:什么是|何为|何谓|什么叫|啥是)(.+?)[？?。！!]*$/.exec(q);
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
  if (term.includes("|")) {
    const parts = term.split("|");
    return parts.reduce((a, p) => a + definesTerm(p, sentence), 0) / parts.length;
  }
  const b = bare(sentence);
  const t = bare(term);
  for (let i = 0; i + 2 <= t.length; i++) {
    const tail = t.slice(i);
    for (let at = b.indexOf(tail); at >= 0; at = b.indexOf(tail, at + 1)) {
      if (/^.{0,6}?(?:是指|系指|指|即|,是指|，是指|均包含|均不含|均指|均为|均以)/.test(b.slice(at + tail.length))) return tail.length / t.length;
    }
  }
  return 0;
}

/** A weight table's terms, lower-cased once: `weighted` runs over every sentence of the documents read. */
interface WeightTerm {
  lower: string;
  here: number;
  /** The two halves of a compound that may count for it, when it may. */
  halves?: [string, string];
}
const weightTerms = new WeakMap<Weights, { terms: WeightTerm[]; total: number }>();

function termsOf(w: Weights): { terms: WeightTerm[]; total: number } {
  let prep = weightTerms.get(w);
  if (!prep) {
    let total = 0;
    const terms: WeightTerm[] = [];
    for (const [term, { full, here, partial = true }] of w) {
      total += full;
      const lower = term.normalize("NFKC").toLowerCase();
      const compound = partial && lower.length >= 4 && /^[\u4e00-\u9fa5]+$/.test(lower);
      terms.push({ lower, here, ...(compound ? { halves: [lower.slice(0, 2), lower.slice(-2)] as [string, string] } : {}) });
    }
    weightTerms.set(w, (prep = { terms, total }));
  }
  return prep;
}

/** Lower-cased NFKC form, as `weighted` compares. */
export const lowered = (text: string) => text.normalize("NFKC").toLowerCase();

export function weighted(w: Weights, text: string): number {
  return weightedLower(w, lowered(text));
}

/** `weighted` of a text already `lowered`. */
function weightedLower(w: Weights, lower: string): number {
  const { terms, total } = termsOf(w);
  let covered = 0;
  for (const { lower: t, here, halves } of terms) {
    if (lower.includes(t)) covered += here;
    // "专利申请资助" asked, "知识产权申请资助" written: half a compound still says something.
    else if (halves && (lower.includes(halves[0]) || lower.includes(halves[1]))) covered += 0.4 * here;
  }
  return total ? covered / total : 0;
}

/** A sentence of a clause with the forms the scoring compares, made once per loaded document. */
interface Boilerplate {
  forms: RegExp;
  title: string;
  preamble: boolean;
  attachment: boolean;
  form: boolean;
  repeatsTitle: boolean;
  itemTitle: boolean;
  bareHeading: boolean;
}
/** What a question type reads in a sentence, whatever the question's own words. */
interface TypeReading {
  strength: number;
  avoid: boolean;
  time: number;
}
interface ReadSentence {
  text: string;
  lower: string;
  flat: string;
  /** The sentence before it, and the pair lowered (read together when this one refers back). */
  prev?: string;
  withPrevLower?: string;
  /** It refers back to the one before ("若违反承诺，…") or is a bare line under a heading line. */
  backRef: boolean;
  boiler?: Boilerplate;
  byType?: Map<QuestionType, TypeReading>;
  /** Distinct wordings of each synonym-pair cue, up to 3. */
  pairs?: Map<RegExp, number>;
}
interface ReadClause {
  clause: Clause;
  children: string[];
  own: ReadSentence[];
  contextLower: string;
  pairs?: Map<RegExp, number>;
  byType?: Map<QuestionType, { headedByCue: boolean; cueChildren: number; titled: boolean }>;
}

function typeReading(qt: QuestionType, s: ReadSentence): TypeReading {
  let r = s.byType?.get(qt);
  if (!r) {
    r = { strength: cueStrength(qt, s.text), avoid: qt.avoid?.test(s.text) ?? false, time: qt.id === "deadline" ? timeStrength(s.text, qt.dateOf) : 0 };
    (s.byType ??= new Map()).set(qt, r);
  }
  return r;
}

/** `pairBonus` with each pattern's count kept on the sentence or clause read. */
function pairsIn(pairs: readonly RegExp[], text: string, into: { pairs?: Map<RegExp, number> }): number {
  let n = 0;
  for (const g of pairs) {
    let k = into.pairs?.get(g);
    if (k === undefined) (into.pairs ??= new Map()).set(g, (k = distinct(g, text, 3)));
    n += k;
  }
  return n;
}

function clauseReading(qt: QuestionType, c: ReadClause): { headedByCue: boolean; cueChildren: number; titled: boolean } {
  let r = c.byType?.get(qt);
  if (!r) {
    const cueChildren = c.children.filter((x) => qt.cue.test(x)).length;
    // An article titled as a procedure ("实施步骤", "第十三条 申报与受理。") is the procedure.
    const title = (c.own[0]?.text ?? "").replace(/^(?:第[一二三四五六七八九十百零]+条|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）])\s*/, "").split(/[\s。：:]/)[0];
    r = { headedByCue: c.clause.headings.some((h) => qt.cue.test(h.slice(0, 30))), cueChildren, titled: title.length <= 12 && qt.cue.test(title) };
    (c.byType ??= new Map()).set(qt, r);
  }
  return r;
}
interface ReadDoc {
  clauses: ReadClause[];
  leaves: string[];
}

/**
 * Keyed by the clause list the index hands out: the index keeps recently read documents' lists, so
 * this lives as long as they do and a reloaded index starts afresh.
 */
const readDocs = new WeakMap<readonly Clause[], ReadDoc>();

function readDoc(clauses: readonly Clause[]): ReadDoc {
  let d = readDocs.get(clauses);
  if (d) return d;
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const read = clauses.map((c): ReadClause => {
    const children = c.childIds.map((x) => byId.get(x)?.text ?? "").filter(Boolean);
    let prev: string | undefined;
    const own = ownSentences(c.text, children).map((text): ReadSentence => {
      const backRef = prev !== undefined && (BACK_REFERENCE.test(text) || underHeading(prev, text));
      const r: ReadSentence = { text, lower: lowered(text), flat: stripWhitespace(text), backRef, ...(prev !== undefined ? { prev, withPrevLower: lowered(`${prev}${text}`) } : {}) };
      prev = text;
      return r;
    });
    return { clause: c, children, own, contextLower: lowered(`${c.headings.join(" ")} ${c.text}`) };
  });
  d = { clauses: read, leaves: clauses.filter((c) => c.childIds.length === 0).map((c) => lowered(c.text)) };
  readDocs.set(clauses, d);
  return d;
}

/** Every sentence of the target documents, scored for this question type. */
export function candidates(t: DocTurn, qt: QuestionType, qTerms: ReadonlyMap<string, number>, targets: readonly { id: string; weight: number }[]): Candidate[] {
  const hitRank = new Map<string, number>();
  t.hits.forEach((h, i) => {
    if (!hitRank.has(h.clauseId)) hitRank.set(h.clauseId, i);
  });
  const q = t.u.question;
  const defined = qt.id === "definition" ? definedTerm(q) : undefined;
  const officeAsked = facet(qt, "office", q) || facet(qt, "who", q) || facet(qt, "contact", q);
  const pairs = askedPairs(qt, q);
  const out: Candidate[] = [];
  for (const { id, weight } of targets) {
    const doc = t.s.retriever.doc(id);
    if (!doc) continue;
    const read = readDoc(t.s.index.clausesOf(id));
    const w = localWeights(t, qTerms, read.leaves);
    const title = stripWhitespace(doc.title);
    for (const rc of read.clauses) {
      const { clause: c, own: sentences, contextLower } = rc;
      const ctx = weightedLower(w, contextLower);
      const ctxPairs = pairsIn(pairs, c.text, rc);
      let rank = hitRank.get(c.id);
      if (rank === undefined) for (const [hid, r] of hitRank) if (hid.startsWith(c.id) || c.id.startsWith(hid)) rank = Math.min(rank ?? r, r);
      const retrieval = rank === undefined ? 0 : 0.12 / (1 + rank);
      // Under a heading that names the type ("二、申报程序、申报时间及审核时间"), a sentence is more likely its answer.
      const { headedByCue, cueChildren, titled: titledByCue } = clauseReading(qt, rc);
      const lastOwn = sentences.at(-1)?.text;
      // "怎么申报/要交哪些材料": the article whose sub-items are the steps or the materials answers as a list.
      const listsSteps = qt.id === "procedure" && !officeAsked && cueChildren >= 2;
      const titled = listsSteps && titledByCue;
      for (const s of sentences) {
        const sentence = s.text;
        const prev = s.prev;
        // "若违反承诺，应退回…" is read with the sentence it refers back to, a bare line with its heading line.
        const backRef = s.backRef;
        const cov = weightedLower(w, backRef ? s.withPrevLower! : s.lower);
        const { strength, avoid, time } = typeReading(qt, s);
        const cue = strength > 0;
        const pairsHere = Math.min(pairsIn(pairs, sentence, s), 4);
        const defines = defined ? definesTerm(defined, sentence) : 0;
        const precise = qt.id === "consequence" ? conditionPrecision(qt, q, backRef ? `${prev}${sentence}` : sentence) : 0;
        const score =
          0.65 * cov +
          0.3 * ctx +
          (cue ? 0.3 + 0.05 * Math.min(strength, 3) : 0) +
          0.08 * Math.min(pairsHere, 3) +
          (listsSteps && sentence === lastOwn ? (titled ? 0.3 : 0.15) : 0) +
          0.05 * Math.min(ctxPairs, 2) +
          0.6 * defines +
          0.4 * precise +
          retrieval +
          weight +
          time +
          (headedByCue ? 0.1 : 0) -
          (avoid ? 0.25 : 0) -
          boilerplatePenalty(boilerplate(c, title, s, t.s.questionVocab.forms), listsSteps && sentence === sentences[0]?.text);
        out.push({ clause: c, doc, sentence, score, cue, relevance: Math.max(cov, ctx), ...(prev ? { prev } : {}) });
      }
    }
  }
  return out.sort((a, b) => b.score - a.score);
}
