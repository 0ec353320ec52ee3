import type { FactDef, Profile } from "../../core/facts/registry.js";
import { findQuantities, normalizeSameLength, type Quantity } from "../../core/text/numbers.js";
import { kindOf } from "../../core/facts/sum-kinds.js";
import { polarity } from "./negation.js";
import { synonyms, type Canon } from "./synonyms.js";

/**
 * Binds the conversation's numbers and statements to the facts the candidate
 * rules need, by the rules' own phrases: "项目研发投入500万元" fills the fact a
 * clause calls 项目研发投入. Units must agree (元 with 元, 美元 with 美元, 件
 * with 件); words are compared as character pairs after synonym replacement, so
 * "研发费用" finds 研发投入. Pure and total.
 */

export interface Bound {
  key: string;
  value: number | boolean | string;
  raw: string;
  turn: number;
}

const BREAK = /[，,。；;！？!?\n]/;
const NEGATION = /(?:不是|并非|不属于|没有|没|未|尚未|非|无|不)$/;

function pairs(s: string): Set<string> {
  const out = new Set<string>();
  const t = s.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, "");
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  if (t.length === 1) out.add(t);
  return out;
}

/** Share of the phrase's character pairs that the context has. */
function overlap(phrase: Set<string>, context: Set<string>): number {
  if (!phrase.size) return 0;
  let hit = 0;
  for (const p of phrase) if (context.has(p)) hit++;
  return hit / phrase.size;
}

function compatible(def: FactDef, q: Quantity): boolean {
  switch (def.type) {
    case "money":
      // "每年房租400万元" is a yearly amount, still an amount of money.
      return q.unit === "yuan" && (!q.perUnit || q.measure === "年" || q.measure === "月");
    case "usd":
      return q.unit === "usd";
    case "percent":
      return q.unit === "percent";
    case "years":
      return q.unit === "years" && !q.window;
    case "months":
      return q.unit === "months";
    case "count": {
      if (q.unit === "count") return !def.unit || q.measure === def.unit || sameMeasure(def.unit, q.measure);
      return false;
    }
    default:
      return false;
  }
}

/** Measure words that count the same things: a head count is said in 人, 名, 位 or 人次 (培训3000人次 / 万人次). */
const MEASURE_CLASSES: readonly (readonly string[])[] = [["人", "名", "位", "人次"]];
const sameMeasure = (a: string, b: string | undefined): boolean => !!b && MEASURE_CLASSES.some((c) => c.includes(a) && c.includes(b));

/** What says a sum is a part or a property of another sum (利息 of a loan), not a plain amount (总额, 金额). */
const OWN_HEAD = /(?:利息|租金|房租|费用|费|价格|价|收入|投入|资本|成本|薪酬|工资|税|贡献)$/;
const GENERIC_HEAD = /^(?:总额|金额|额度|额|总|总计|合计|经费|资金|款|款项|数额)$/;

/**
 * A sum the asker named by a noun the fact's name only modifies is not the fact: "贷款2000万元" is the
 * loan, not the 贷款利息. The asker's noun is the longest end of the words before the number that the
 * fact's name contains; when more of the name follows it and that rest is a sum of its own (利息, not
 * 总额), the number is not this fact's.
 */
function modifierOnly(def: FactDef, left: string, canon: Canon): boolean {
  if (def.type !== "money" && def.type !== "usd") return false;
  const label = canon(def.label).replace(/[^\p{Script=Han}A-Za-z]/gu, "");
  const said = canon(left).replace(/[^\p{Script=Han}A-Za-z]/gu, "").replace(/(?:是|为|有|约|大约|大概|共|一共|合计|总共|了|达到?)+$/, "");
  for (let k = Math.min(said.length, label.length); k >= 2; k--) {
    const noun = said.slice(-k);
    const at = label.lastIndexOf(noun);
    if (at < 0) continue;
    const rest = label.slice(at + noun.length);
    return rest.length >= 1 && OWN_HEAD.test(rest) && !GENERIC_HEAD.test(rest);
  }
  return false;
}

/**
 * The asker named the number by a sum of another kind than the fact's: "研发投入两千万" is an
 * investment, never the 首次销售价格, however much of the fact's name the words around it share.
 * Only when both names end in a known head (see core/facts/sum-kinds.ts); synonyms apply first
 * (成交价 is a 销售价格).
 */
function otherKind(def: FactDef, left: string, canon: Canon): boolean {
  if (def.type !== "money" && def.type !== "usd") return false;
  const mine = kindOf(canon(def.label));
  const said = canon(left).replace(/[^\p{Script=Han}A-Za-z]/gu, "").replace(/(?:是|为|有|约|大约|大概|共|一共|合计|总共|了|达到?|在|超过|不低于|不少于)+$/, "");
  const theirs = said ? kindOf(said) : undefined;
  return mine !== undefined && theirs !== undefined && mine !== theirs;
}

/** The asker's words right before a number, back to a break (at most 16 characters). */
function leftOf(t: string, at: number): string {
  let a = at;
  while (a > 0 && at - a < 16 && !BREAK.test(t[a - 1]) && !/\d/.test(t[a - 1])) a--;
  return t.slice(a, at);
}

const COMMA = /[，,]/;
const OPEN = /[（(]/;
const CLOSE = /[）)]/;

/**
 * The words around a number, up to the neighbouring numbers or a clause break. An aside in
 * brackets does not push the naming words away: in "运营成本（水电、物业、场地费）一共花了80万元"
 * the 80万元 is still the 运营成本.
 */
function contextOf(t: string, qs: readonly Quantity[], i: number, acrossComma = false): string {
  const q = qs[i];
  // "租用了一个1500平方米的仓": 一个 is an article, not a figure that owns the words before it.
  let prev = i - 1;
  // "近3年平均增速22%": a span of years or months right before, with no break, is part of the name
  // (it is what tells 近3年 from 近2年), not a figure owning the words before it.
  const spanOfName = (j: number) => (qs[j].unit === "years" || qs[j].unit === "months") && !BREAK.test(t.slice(qs[j].end, q.start)) && q.start - qs[j].end <= 8;
  while (prev >= 0 && ((qs[prev].unit === "count" && qs[prev].value === 1) || spanOfName(prev))) prev--;
  const floor = prev >= 0 ? qs[prev].end : 0;
  let left = "";
  let a = q.start;
  for (let n = 0; a > floor && n < 16 && !BREAK.test(t[a - 1]); ) {
    if (CLOSE.test(t[a - 1])) {
      const open = Math.max(t.lastIndexOf("（", a - 1), t.lastIndexOf("(", a - 1));
      if (open >= floor && a - open <= 40) {
        a = open;
        continue;
      }
    }
    left = t[--a] + left;
    n++;
  }
  // "今年是第二年，实到外资1800万美元": a short phrase with no figure of its own, a comma before the
  // number, still names it (which year). Read only to tell sibling facts apart, see `otherSibling`.
  if (acrossComma && a > floor && COMMA.test(t[a - 1])) {
    let b = a - 1;
    while (b > floor && !BREAK.test(t[b - 1])) b--;
    const phrase = t.slice(b, a - 1);
    // Stopped by an earlier figure, not by a break: the phrase is that figure's.
    if ((b === 0 || BREAK.test(t[b - 1])) && phrase.length <= 8) left = phrase + left;
  }
  const ceil = i + 1 < qs.length ? qs[i + 1].start : t.length;
  let right = "";
  for (let b = q.end, n = 0; b < ceil && n < 12 && !BREAK.test(t[b]); ) {
    if (OPEN.test(t[b])) {
      const close = t.slice(b).search(CLOSE);
      if (close > 0 && b + close < ceil && close <= 40) {
        b += close + 1;
        continue;
      }
    }
    right += t[b++];
    n++;
  }
  return left + right;
}

/** 按1美元折合7元人民币 / 汇率按6.9: the rate the asker wants 美元 converted at. */
const FX = /1\s*美元\s*(?:折合|兑换?|=|约合|换算成?|折算为?|合)\s*(?:人民币)?\s*(\d+(?:\.\d+)?)\s*元|汇率(?:按|为|是|取)?\s*(\d+(?:\.\d+)?)(?![\d.]|\s*美元)/;

/** A fact label's character pairs after synonym replacement (read-only, shared): labels are fixed, questions many. */
const labelPairs = new WeakMap<Canon, Map<string, Set<string>>>();
/** No replacement: a label as the document writes it. */
const asTyped: Canon = (t) => t;
function phraseOf(label: string, canon: Canon): Set<string> {
  let m = labelPairs.get(canon);
  if (!m) labelPairs.set(canon, (m = new Map()));
  let p = m.get(label);
  if (!p) {
    if (m.size > 50_000) m.clear();
    m.set(label, (p = pairs(canon(label))));
  }
  return p;
}

/**
 * `together(a, b)`: whether some rule reads both facts. A number goes to the facts that name it best,
 * except that facts read by one rule may share it ("年培训人数达到40人以上…每人1000元": one head count).
 */
export function bindFacts(
  defs: readonly FactDef[],
  turns: readonly string[],
  canon: Canon = synonyms(),
  expectByTurn: readonly (readonly string[] | undefined)[] = [],
  together: (a: string, b: string) => boolean = () => false,
): Bound[] {
  const out = new Map<string, Bound>();
  turns.forEach((raw, turn) => {
    const asked = new Set(expectByTurn[turn] ?? []);
    // Numbers and their words are read from the text as typed; synonyms apply when comparing words.
    const typed = normalizeSameLength(raw);
    const t = canon(typed);
    const fx = FX.exec(typed);
    if (fx) out.set("usdRate", { key: "usdRate", value: Number(fx[1] ?? fx[2]), raw: fx[0], turn });
    const qs = findQuantities(typed).filter((q) => !fx || q.end <= fx.index || q.start >= fx.index + fx[0].length);
    const ctxWords = qs.map((_, i) => contextOf(typed, qs, i));
    const ctxWide = qs.map((_, i) => pairs(canon(contextOf(typed, qs, i, true))));
    const ctx = ctxWords.map((w) => pairs(canon(w)));
    const ctxRaw = ctxWords.map((w) => pairs(w));
    const score = (def: FactDef, i: number) => Math.max(...namesOf(def).map((n) => overlap(phraseOf(n, canon), ctx[i])));
    const literal = (def: FactDef, i: number) => Math.max(...namesOf(def).map((n) => overlap(phraseOf(n, asTyped), ctxRaw[i])));
    const numeric = defs.filter((d) => d.type !== "boolean" && d.type !== "text");
    const booleans = defs.filter((d) => d.type === "boolean");
    // The clause's own words said literally beat a synonym: in "运营成本…一共花了80万元" the number is the
    // 运营成本, though 花了 is also a way to say 投资. Facts one rule reads together may share a number
    // ("年培训人数达到40人以上…每人1000元": one head count).
    const outnamed = (def: FactDef, i: number) =>
      literal(def, i) === 0 && numeric.some((d) => d.key !== def.key && !together(d.key, def.key) && compatible(d, qs[i]) && literal(d, i) >= 0.5);
    const whole = pairs(t);
    // Numbers whose words clearly name one of the facts: they are not free for a fact that merely has the same unit.
    const claimed = new Set<Quantity>();
    for (const def of defs) {
      qs.forEach((q, i) => {
        if (compatible(def, q) && score(def, i) >= 0.5) claimed.add(q);
      });
    }
    for (const def of defs) {
      if (def.key === "usdRate") continue;
      const phrase = phraseOf(def.label, canon);
      if (def.type === "boolean") {
        // The document's full name is often shortened by the asker (纳入国家统计局联网直报平台 → 已纳入联网直报平台):
        // half the pairs will do when a long stretch of the name is said word for word.
        const share = overlap(phrase, whole);
        if (share < 0.6 && !(share >= 0.5 && saysStretch(t, canon(def.label), 6))) continue;
        // Sibling statements differ in a word or two (荣获国家级表彰… / 荣获省级表彰…): the words that set
        // this one apart must be said, or "评为省级优秀企业" would make every level true.
        const own = distinctive(def, booleans, canon);
        if (own.size && overlap(own, whole) === 0) continue;
        // "新入选国家级特色专业型工业互联网平台" is not "新入选的国家级双跨工业互联网平台": the words between
        // what both say differ.
        if (share < 1 && contradicts(canon(def.label), canon(t))) continue;
        out.set(def.key, { key: def.key, value: !negated(t, def.label, canon), raw: def.label, turn });
        continue;
      }
      if (def.type === "text") {
        const options = (def.phrases ?? []).slice(1);
        const said = options.filter((o) => t.includes(o));
        if (said.length) out.set(def.key, { key: def.key, value: said[0], raw: said[0], turn });
        continue;
      }
      const fits = qs.map((q, i) => ({ q, i })).filter(({ q }) => compatible(def, q));
      if (!fits.length) continue;
      // The assistant just asked for this fact: the one number of its unit answers it.
      if (asked.has(def.key) && fits.length === 1 && !otherKind(def, leftOf(typed, fits[0].q.start), canon)) {
        out.set(def.key, { key: def.key, value: fits[0].q.value, raw: fits[0].q.raw, turn });
        continue;
      }
      // "首次突破50亿元，达到62亿元": the mark crossed is not the figure when the figure itself follows.
      const crossed = (i: number) => /(?:突破|超过|跨过|迈过|迈上|越过)\s*$/.test(leftOf(typed, qs[i].start)) && fits.some((f) => f.q.start > qs[i].start);
      const scored = fits
        .filter(({ i }) => !outnamed(def, i) && !otherSibling(def, numeric, ctxWide[i], canon) && !modifierOnly(def, leftOf(typed, qs[i].start), canon) && !otherKind(def, leftOf(typed, qs[i].start), canon) && !crossed(i))
        // ", 达到62亿元" right after the mark crossed is named by the mark's words.
        .map(({ q, i }) => {
          const mark = fits.find((f) => f.q.end <= q.start && crossed(f.i) && /^[，,\s]*(?:已|实际)?(?:达到|达|为|是)\s*$/.test(typed.slice(f.q.end, q.start)));
          return { q, i, score: Math.max(score(def, i), mark ? score(def, mark.i) : 0) };
        })
        // Equally well named: the later number is the asker's latest word ("第一年400万…今年1800万").
        .sort((a, b) => b.score - a.score || b.q.start - a.q.start);
      if (!scored.length) continue;
      const best = scored[0];
      // One number of the right unit in the message: it is the fact asked about, unless its words name another fact better.
      const alone = fits.length === 1 && qs.filter((q) => q.unit === best.q.unit).length === 1 && !claimed.has(best.q);
      // A bare count of months or years ("连续3个月") is named by its unit alone.
      // Alone, it still needs two of the fact's character pairs: "首单销售额" shares only 销售 with
      // "成套重大技术装备的首套销售价格", too little to say it is that price.
      const named = namesOf(def).some((n) => overlap(phraseOf(n, canon), ctx[best.i]) * phraseOf(n, canon).size >= 2 - 1e-9);
      if (best.score >= 0.25 || (alone && (named || def.type === "months" || def.type === "years"))) out.set(def.key, { key: def.key, value: best.q.value, raw: best.q.raw, turn });
    }
    // Interest the asker did not state, from the loan and its rate it did state.
    for (const def of defs) {
      if (def.type !== "money" || !INTEREST.test(def.label) || out.get(def.key)?.turn === turn) continue;
      const owed = interestOf(typed, qs);
      if (owed) out.set(def.key, { key: def.key, value: owed.value, raw: owed.raw, turn });
    }
  });
  return [...out.values()];
}

/**
 * The names a figure goes by: its label, and for a compiled figure the other names its documents give
 * it (`phrases`, mined at ingest: 成交价 for 首台套产品销售价格).
 */
function namesOf(def: FactDef): readonly string[] {
  if (!def.compiled || def.type === "boolean" || def.type === "text" || !def.phrases?.length) return [def.label];
  return [def.label, ...def.phrases.filter((p) => p !== def.label)];
}

/** A figure that is a loan's interest. */
const INTEREST = /利息$/;
const LOAN = /(?:贷款|借款|融资|贷了|借了)(?:金额|本金|额)?(?:为|是|共|约)?$/;
const RATE = /(?:利率|年利率|基准利率|年化利率)(?:为|是|按|约)?$/;
const TERM = /(?:期限|贷款期限|借款期限)(?:为|是)?$/;

/**
 * A year's interest (or the term's, under a year) from the principal and the rate the asker gave:
 * "贷款2000万元、期限1年…基准利率4.35%" → 87万元. Undefined unless both are said, each by its own words.
 */
function interestOf(t: string, qs: readonly Quantity[]): { value: number; raw: string } | undefined {
  const loan = qs.find((q) => q.unit === "yuan" && !q.perUnit && LOAN.test(leftOf(t, q.start)));
  const rate = qs.find((q) => q.unit === "percent" && RATE.test(leftOf(t, q.start)));
  if (!loan || !rate) return undefined;
  const term = qs.find((q) => q.unit === "months" && TERM.test(leftOf(t, q.start)));
  const share = term && term.value < 12 ? term.value / 12 : 1;
  return { value: Math.round(loan.value * (rate.value / 100) * share), raw: `${loan.raw}×${rate.raw}` };
}

/** Whether the text says `min` or more consecutive characters of the label. */
function saysStretch(t: string, label: string, min: number): boolean {
  const l = label.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, "");
  for (let i = 0; i + min <= l.length; i++) if (t.includes(l.slice(i, i + min))) return true;
  return false;
}

/**
 * Whether the asker said the statement with other words in its middle: the longest start and end of
 * the statement that the text says, with something said between them that shares nothing with
 * what the statement has there.
 */
export function contradicts(label: string, text: string): boolean {
  const l = label.replace(/的/g, "");
  const t = text.replace(/的/g, "");
  let pre = 0;
  let at = -1;
  for (let k = l.length - 1; k >= 2; k--) {
    const i = t.indexOf(l.slice(0, k));
    if (i >= 0) {
      pre = k;
      at = i + k;
      break;
    }
  }
  if (at < 0) return false;
  for (let k = l.length - pre - 1; k >= 2; k--) {
    const j = t.indexOf(l.slice(l.length - k), at);
    if (j < 0) continue;
    const mid = l.slice(pre, l.length - k);
    const said = t.slice(at, j);
    return mid.length > 0 && said.length > 0 && ![...said].some((ch) => mid.includes(ch));
  }
  return false;
}

/** The character pairs of a statement that its close siblings (sharing most pairs with it) lack. */
function distinctive(def: FactDef, booleans: readonly FactDef[], canon: Canon): Set<string> {
  const mine = phraseOf(def.label, canon);
  const out = new Set<string>();
  for (const other of booleans) {
    if (other.key === def.key) continue;
    const theirs = phraseOf(other.label, canon);
    if (overlap(mine, theirs) < 0.6) continue;
    for (const p of mine) if (!theirs.has(p)) out.add(p);
  }
  return out;
}

/**
 * Facts that differ in a word or two (第一年实到外资 / 第二年实到外资): a number is this one's only when its
 * words say what sets this one apart. "第一年实到外资400万美元" is not the 第二年's, and a bare "实到外资1800万美元"
 * is neither year's: the asker is asked which, rather than given three years from one figure.
 */
function otherSibling(def: FactDef, facts: readonly FactDef[], ctx: Set<string>, canon: Canon): boolean {
  const mine = phraseOf(def.label, canon);
  for (const other of facts) {
    if (other.key === def.key || other.type !== def.type) continue;
    const theirs = phraseOf(other.label, canon);
    if (overlap(mine, theirs) < 0.6) continue;
    const own = [...mine].filter((p) => !theirs.has(p));
    // A fact whose words all sit inside the other's (研发投入 / 项目研发投入) is the general one, not a sibling.
    if (own.length && !own.some((p) => ctx.has(p))) return true;
  }
  return false;
}

/** "我们不是国家高新技术企业": the phrase's nearest mention is preceded by a negation. */
function negated(t: string, phrase: string, canon: Canon): boolean {
  const p = canon(phrase);
  // The mention is the longest part of the phrase the asker wrote: in "设备购置…，不是进口设备" the
  // statement 购置国际进口设备 is mentioned as 进口设备, not as the 购置 of another fact.
  let at = -1;
  for (let len = p.length; len >= 2 && at < 0; len--) for (let i = 0; i + len <= p.length && at < 0; i++) at = t.indexOf(p.slice(i, i + len));
  if (at < 0) return false;
  let s = at;
  while (s > 0 && at - s < 6 && !BREAK.test(t[s - 1])) s--;
  // A shortened mention leaves the verb before it (还没[纳入]联网直报平台): the statement reader's polarity knows those verbs.
  return NEGATION.test(t.slice(s, at).replace(/(?:也|还|并|都|均|尚)$/, "")) || /不是|并非|不属于|没有/.test(t.slice(s, at)) || polarity(t.slice(Math.max(0, at - 10), at), "") === "negated";
}

/** The facts bound, as profile entries. */
export const boundProfile = (bound: readonly Bound[]): Profile => Object.fromEntries(bound.map((b) => [b.key, b.value]));
