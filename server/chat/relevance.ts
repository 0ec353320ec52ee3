import type { Bm25Index } from "../../core/retrieval/bm25.js";
import { terms } from "../../core/text/tokenize.js";

/**
 * Words that say what kind of answer is wanted, not what it is about: they
 * must not make an unrelated clause look relevant ("个人所得税…的标准" shares
 * 标准 with every standard in the corpus).
 */
const ASKING = new Set(
  ("奖励 补贴 补助 资助 扶持 支持 资金 政策 申请 申报 能 拿 获得 得到 享受 多少 什么 哪些 哪个 怎么 怎样 如何 条件 标准 要求 规定 企业 公司 单位 我们 我司 本公司 需要 满足 符合 可以 是否 有没有 最多 最高 一年 每年 大概 大约 多久 时候 什么时候 之前 情况 有关 相关 问题 咨询 一下 请问 谢谢 对 的 了 吗 呢 " +
    // Grammar, not topic: adverbs and connectives that say nothing about which clause is meant.
    "已经 现在 目前 当前 如果 的话 还是 还 就 要 会 该 应该 可能 这个 那个 这种 之后 以后 以前 然后 而且 并且 或者 一下子 一般 怎么办 怎么样 怎样 会怎样 会怎么样").split(" "),
);

export function contentTerms(text: string, exclude: Iterable<string> = []): string[] {
  const drop = new Set(exclude);
  // Figures the asker gives ("1000万元") are not topics, but a year ("2025年") says which part of a plan is meant.
  const all = [...new Set(terms(text))].filter((t) => !ASKING.has(t) && !drop.has(t) && (!/^\d/.test(t) || /^\d{4}年$/.test(t)));
  // Single characters (谁, 出, 新) are mostly grammar; keep them only when nothing else is left.
  const words = all.filter((t) => t.length > 1);
  return words.length ? words : all;
}

/** A text's terms and lowered form, kept for the texts chat reads again and again (clauses, their sentences). */
const textForms = new Map<string, { have: Set<string>; lower: string }>();
const TEXT_FORMS = 20_000;

function formsOf(text: string): { have: Set<string>; lower: string } {
  let f = textForms.get(text);
  if (!f) {
    if (textForms.size >= TEXT_FORMS) textForms.clear();
    // Terms are lower-cased and segmentation can glue a word to a figure ("GDP573.72"): also match the raw text.
    textForms.set(text, (f = { have: new Set(terms(text)), lower: text.normalize("NFKC").toLowerCase() }));
  }
  return f;
}

/** The question terms' weights, once per question: a chat scores many texts against the same terms. */
const questionWeights = new WeakMap<readonly string[], { bm25: Bm25Index; w: number[]; total: number }>();

function weightsOf(bm25: Bm25Index, question: readonly string[]): { w: number[]; total: number } {
  const hit = questionWeights.get(question);
  if (hit && hit.bm25 === bm25 && hit.w.length === question.length) return hit;
  // A word no document uses ("养老") is the most specific word of all, not the least: it weighs as a word
  // of one clause would, so a question about a subject the corpus lacks is not covered by its grammar.
  const rare = bm25.size > 0 ? Math.log(1 + (bm25.size - 0.5) / 1.5) : 1;
  let total = 0;
  const w = question.map((t) => {
    const idf = bm25.idf(t);
    const x = idf === 0 && t.length >= 2 && /^\p{Script=Han}+$/u.test(t) && !/[几多何哪啥谁怎么吗呢]/.test(t) && !bm25.has(t) ? rare : Math.max(idf, 0.5);
    total += x;
    return x;
  });
  const entry = { bm25, w, total };
  questionWeights.set(question, entry);
  return entry;
}

/** Share of the question's content (IDF-weighted) that a text covers, 0..1. */
export function coverage(bm25: Bm25Index, question: readonly string[], text: string): number {
  if (question.length === 0) return 0;
  const { have, lower } = formsOf(text);
  const { w, total } = weightsOf(bm25, question);
  let covered = 0;
  for (let i = 0; i < question.length; i++) {
    const t = question[i];
    if (have.has(t) || lower.includes(t)) covered += w[i];
  }
  return total ? covered / total : 0;
}

/**
 * The clause's own sentences: a clause with sub-items holds their text too,
 * and those sentences belong to the sub-item (the smallest clause that says it
 * is the one to cite).
 */
export function ownSentences(text: string, childTexts: readonly string[]): string[] {
  let own = text;
  const first = childTexts[0];
  if (first) {
    const at = text.indexOf(first.slice(0, Math.min(24, first.length)));
    if (at > 0) own = text.slice(0, at);
  }
  return sentences(own);
}

/**
 * A long sentence cut to its most relevant comma-separated span (scored by
 * `score`), grown with neighbours to about `target` characters. Verbatim.
 */
export function narrowBy(sentence: string, score: (part: string) => number, target = 120): string {
  if (sentence.length <= target + 40) return sentence;
  const parts = sentence.match(/[^，,]+[，,]?/g) ?? [sentence];
  let at = 0;
  parts.forEach((p, i) => {
    if (score(p) > score(parts[at])) at = i;
  });
  let lo = at;
  let hi = at;
  const len = () => parts.slice(lo, hi + 1).join("").length;
  while (len() < target && (lo > 0 || hi < parts.length - 1)) {
    if (hi < parts.length - 1) hi++;
    if (len() < target && lo > 0) lo--;
  }
  return parts.slice(lo, hi + 1).join("").replace(/[，,]$/, "");
}

/** Sentences of a text, split at 。；;！？ and line breaks. */
export function sentences(text: string): string[] {
  return (text.match(/[^。；;！？!?\n]+[。；;！？!?]?/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 1 && !BARE_NUMBER.test(s));
}

/** A line that is only an article number ("第十八条", "一、") says nothing by itself. */
const BARE_NUMBER = /^(?:第[一二三四五六七八九十百零〇\d]{1,4}[章节条]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、]|专栏\d{1,2}[:：]?)$/;

const NUMBER_ASK = /多少|几|何时|什么时候|哪一年|哪天|截止|之前|到期|期限|比例|金额|数量/;
/** A figure with its unit, or a full date: what a "多少/何时" question wants quoted. (A bare year is not.) */
const QUANTITY = /\d[\d.,]*\s*(?:万亿|亿|万|千)?\s*(?:元|%|％|件|家|个|项|人|次|倍|户|台|所|座|平方米|公里|吨|学时)|\d{4}年\d{1,2}月(?:\d{1,2}日)?|[一二三四五六七八九十百千]+(?:件|家|个|项)/;

/**
 * The sentence of `text` that best answers the question, trimmed to its
 * relevant comma-separated span when long. Always a verbatim substring.
 */
export function bestSentence(bm25: Bm25Index, question: string, qTerms: string[], text: string): { quote: string; score: number } | undefined {
  const wantsNumber = NUMBER_ASK.test(question);
  let best: { quote: string; score: number } | undefined;
  for (const s of sentences(text)) {
    const score = coverage(bm25, qTerms, s) + (wantsNumber && QUANTITY.test(s) ? 0.25 : 0);
    if (!best || score > best.score) best = { quote: s, score };
  }
  if (best && best.quote.length > 160) best = { quote: narrow(bm25, qTerms, best.quote, wantsNumber), score: best.score };
  return best;
}

/** The best comma-separated span of a long sentence, grown with neighbours up to ~120 characters. */
function narrow(bm25: Bm25Index, qTerms: string[], sentence: string, wantsNumber: boolean): string {
  return narrowBy(sentence, (p) => coverage(bm25, qTerms, p) + (wantsNumber && QUANTITY.test(p) ? 0.3 : 0));
}
