import type { Cond, Formula, Leaf } from "../../core/rules/schema.js";
import { findQuantities, normalizeSameLength, parseChineseNumber, type Quantity } from "../../core/text/numbers.js";
import { keyOf, type FactSpec } from "./facts.js";
import { factPhrase, usable } from "./phrase.js";
import { areaRentOf } from "./area-rent.js";
import { headBands, perActUnit, perHeadPeriod } from "./per-head.js";
import { parts, type Span } from "./segments.js";
import { APPLICANT_NOUN, AWARD_AFTER, AWARD_BEFORE, CAP_BEFORE, CMP_AFTER, CMP_BEFORE, CONVERTED, COST_NOUN, EVALUATIVE, NO_FIGURE, NOT_A_CONDITION, OTHER_PARTY, PAY_VERB_FIGURE, PERSON_KIND, FEE_CEILING, FEE_RATE_BASE, PERIOD_YEARS, REWARD, STEP_WORDS, UPTO_RATE, YEAR_ON_YEAR } from "./words.js";

/**
 * One money provision read from one sentence: the formula and conditions it
 * states, with facts named by the sentence's own phrases. Pure. A sentence the
 * recogniser cannot read in full gives `undefined` — never a guess.
 */
/** What a sentence takes from the draft before it: the banded fact, or a tier table's bands. */
export type Inherit = FactSpec & { bands?: { from?: number; fromIncl: boolean; to?: number; toIncl: boolean }[]; quotedFrom?: number };

/** The banded fact of a single band, or the bands of a tier table (only for 上述标准). */
export function inheritOf(d: Draft | undefined): Inherit | undefined {
  if (!d) return undefined;
  if (d.band) return d.band.base;
  if (d.amount.kind !== "tiers") return undefined;
  const base = d.amount.base;
  const spec = d.facts.find((f) => keyOf(f) === base);
  return spec ? { ...spec, quotedFrom: d.span.start, bands: d.amount.tiers.map((t) => ({ ...(t.from !== undefined ? { from: t.from } : {}), fromIncl: t.fromIncl, ...(t.to !== undefined ? { to: t.to } : {}), toIncl: t.toIncl })) } : undefined;
}

export interface Draft {
  span: Span;
  amount: Formula;
  conditions: Leaf[];
  facts: FactSpec[];
  /** 单一档位 "X（含）至Y的，奖励Z": neighbours with the same base merge into one tier table. */
  band?: { base: FactSpec; from?: number; fromIncl: boolean; to?: number; toIncl: boolean; amount?: number; rate?: number; rateBase?: string; upTo?: true };
  target?: string;
  payment?: { label: string; percent: number }[];
  notes?: string[];
  /** How the award is shared between payees, told beside it. */
  told?: string[];
  /** Which years of the award the rule covers ("前2年", "其后3年（第3至5年）"), told beside it. */
  years?: string;
  /** Drafts of one provision joined by 或: the applicant gets one of them. */
  alternative?: string;
  /** Provision sentences this draft reads, when more than one (a ladder of bands). */
  sentences?: number;
  /** A ceiling on what a body may charge the applicant (担保费率不超过1%), not an award. */
  fee?: true;
}

export interface Ctx {
  text: string;
  /** Same-length normalised text: offsets are the clause's. */
  n: string;
  span: Span;
  qs: Quantity[];
  parts: Span[];
  facts: FactSpec[];
  /** The subject of the part before, for a part that names none ("获得授权后资助8000元/件"). */
  subject?: string;
  /** The fact the part before was conditional on, for a part whose band names none ("100万-200万美元奖励20万元"). */
  banded?: string;
  /** Requirements told to the applicant but not computed. */
  notes?: string[];
  /** The banded fact of the sentence before, for a threshold that names none ("500万美元以上的，…"). */
  inherit?: FactSpec;
  /** The bands of the tier table before, for a list "达到上述标准的，分别…" that restates none. */
  above?: Inherit;
  /** Set when the sentence holds a threshold the recogniser cannot name: it must stay quote-only. */
  flags?: { unread: boolean };
  /** Thresholds conditionFor could not name, for conditionsOf to settle. */
  unnamed?: Set<Quantity>;
}

/** "每家每年最多不超过10万元" is a ceiling, not a price per 年: a price sits right after its 每X or before /X. */
// "每家给予50万元" / "每项给予不超过100万元" pay each applicant (or project) once; "给予每个10万元"
// and "按20万元/家" price each one counted. A 每年/每月 before a ceiling is a period, not a price.
const isPer = (q: Quantity) => q.perUnit === true && (q.raw.includes("/") || !/^(?:年|月)$/.test(q.measure ?? ""));
// "每项给予20万元" pays every item the applicant has, not the applicant once: only 每家/每户 (or a named
// applicant, 每个企业) is the applicant itself.
const PER_APPLICANT = /每(?:(?:家|户)(?:企业|单位|机构)?|(?:个|项)(?:企业|单位|机构))(?:每个项目|每个)?(?:企业|单位|机构)?(?:给予|奖励|补助|补贴|资助|一次性|最高|不超过|最多)+$/;

/** The sentence's quantities, offsets in the clause, with per-applicant figures read as plain amounts. */
export function quantitiesOf(n: string, span: Span): Quantity[] {
  return findQuantities(n.slice(span.start, span.end)).map((q) => {
    const at = { ...q, start: q.start + span.start, end: q.end + span.start };
    // "每年实施不超过10个项目，每项给予…": the programme's projects, one an applicant: 每项 is each applicant's.
    const quota = at.measure === "项" && /(?:实施|支持|遴选|资助|立项|扶持|评选|择优)[^，,；;。]{0,8}\d+\s*个?(?:项目|项)/.test(n.slice(span.start, at.start));
    if (at.perUnit && !at.raw.includes("/") && /^(?:家|户|项|个|机构|企业|单位|项目)$/.test(at.measure ?? "") && (quota || PER_APPLICANT.test(n.slice(Math.max(0, at.start - 14), at.start)))) {
      delete at.perUnit;
      delete at.measure;
    }
    return at;
  });
}

/** A reading context over one span of a clause; `n` is the clause's normalised text when already made. */
export const ctxOf = (text: string, span: Span, n = normalizeSameLength(text)): Ctx => ({ text, n, span, qs: quantitiesOf(n, span), parts: parts(text, span), facts: [] });
export const isMoney = (q: Quantity) => q.unit === "yuan" && !isPer(q);
const isThresholdUnit = (q: Quantity) => (q.unit === "yuan" && !q.perUnit) || q.unit === "usd" || q.unit === "count" || q.unit === "percent" || q.unit === "years";

/** The words of the comma part before `at`. */
export function before(c: Ctx, at: number, limit = 40): string {
  const p = parts(c.text, c.span).find((x) => x.start <= at && at <= x.end);
  const from = Math.max(p ? p.start : c.span.start, at - limit);
  return c.n.slice(from, at);
}
export const after = (c: Ctx, at: number, len = 8) => c.n.slice(at, Math.min(c.span.end, at + len));

export function spec(c: Ctx, s: FactSpec): string {
  if (!c.facts.some((f) => keyOf(f) === keyOf(s))) c.facts.push(s);
  return keyOf(s);
}

function typeOf(q: Quantity): FactSpec["type"] {
  return q.unit === "yuan" ? "money" : q.unit === "usd" ? "usd" : q.unit === "percent" ? "percent" : q.unit === "years" ? "years" : q.unit === "months" ? "months" : "count";
}

function specFor(q: Quantity, phrase: string): FactSpec {
  const t = typeOf(q);
  // "销售额同比增长达到10%": a rate of change keeps its head word, or the name is a fragment (销售额同比).
  if (t === "percent" && /同比$/.test(phrase)) phrase = `${phrase}增长`;
  return { phrase, type: t, ...(t === "count" && q.measure ? { measure: q.measure } : {}) };
}

/** A figure right after a ceiling word is a cap, not the award. */
export const isCap = (c: Ctx, q: Quantity) => {
  const post = after(c, q.end);
  // "不超过500万元（含）的": a threshold the sentence is conditional on, not a ceiling.
  if (/^(?:[(（]含[)）])?的(?:[，,]|部分)/.test(post)) return false;
  return CAP_BEFORE.test(before(c, q.start, 16)) || /^(?:人民币)?(?:以内|为上限|封顶)/.test(post);
};
const isAward = (c: Ctx, q: Quantity) => AWARD_BEFORE.test(before(c, q.start, 16)) || AWARD_AFTER.test(after(c, q.end, 10));

/** A number compared with: 达到3000万元以上 / 面积在300平方米以上 / 不低于500万元. */
export function comparison(c: Ctx, q: Quantity): { op: Leaf["op"]; word: string } | undefined {
  const pre = before(c, q.start, 12);
  const post = after(c, q.end, 6);
  // 不超过N年 / 最长不超过N个月 bound a payment period, and 不超过N万元 is a cap: neither is a threshold.
  if (/不超过$|不高于$|不多于$|最长$|不得超过$|不得高于$|不能超过$|不应超过$/.test(pre) && q.unit !== "count") return undefined;
  // "每年实施不超过10个项目" limits the programme, not the applicant.
  if (/不超过$|不多于$/.test(pre)) return undefined;
  const a = CMP_AFTER.exec(post)?.[0] ?? "";
  const b = CMP_BEFORE.exec(pre)?.[0] ?? "";
  // "到位注册资本1.7亿元人民币的，给予…": a figure the applicant reaches.
  if (!a && !b && /^(?:人民币)?的[，,]/.test(post) && q.unit !== "percent") return { op: "gte", word: "达到" };
  if (!a && !b) return undefined;
  // 以上、以下、以内 include the number itself (民法典第一千二百五十九条); 不满、超过 do not.
  if (/以下|以内/.test(a)) return { op: /不含/.test(post) ? "lt" : "lte", word: a };
  if (/不满$/.test(b)) return { op: "lt", word: b };
  if (/低于|不足|少于/.test(b) && !/不低于|不少于/.test(b)) return { op: "lt", word: b };
  if (/超过|突破|高于|大于/.test(b) && !a) return { op: "gt", word: b };
  if (a || /达到|达|不低于|不少于|满|超过|突破/.test(b)) return { op: "gte", word: `${b}${a}` };
  // "比上年度增加20%的机构": a growth the applicant reaches.
  if (q.unit === "percent" && /(?:增长|增加)$/.test(b)) return { op: "gte", word: b };
  return undefined;
}

function conditionFor(c: Ctx, q: Quantity, used: Set<Quantity>): Leaf | undefined {
  if (used.has(q) || !isThresholdUnit(q) || q.window || (isMoney(q) && isCap(c, q))) return undefined;
  // "企业投入不少于政府财政投入的200%": a ratio between two amounts, told to the applicant, never computed.
  if (q.unit === "percent" && /(?:不少于|不低于|达到)[^，,；;。]{1,20}的$/.test(before(c, q.start, 30))) {
    const p = parts(c.text, c.span).find((x) => x.start <= q.start && q.end <= x.end);
    if (p) (c.notes ??= []).push(c.text.slice(p.start, p.end));
    used.add(q);
    return undefined;
  }
  const cmp = comparison(c, q);
  if (!cmp) return undefined;
  // "每超过1亿元" / "每连续租满1年": a step, not a threshold; without it the award would be a one-off.
  const step = /每[^，,；;。、]{0,6}$/.test(before(c, q.start, 8));
  const prev = c.qs.filter((x) => x.end <= q.start && !x.window).at(-1);
  let words = before(c, q.start);
  if (prev && prev.end > q.start - words.length) words = c.n.slice(prev.end, q.start).replace(/^[^且并和及、]*[且并和及、]/, "");
  let phrase = step ? "" : factPhrase(words);
  if (!step && !usable(phrase)) phrase = c.banded ?? (c.inherit?.type === typeOf(q) ? c.inherit.phrase : "");
  // "出口额300万美元…以上，且增长10%以上": a bare growth rate is the growth of the figure named before it.
  const named = c.facts.at(-1);
  if (!step && !usable(phrase) && q.unit === "percent" && /(?:增长|增速|增幅)$/.test(words) && named && named.type !== "percent") phrase = `${named.phrase}增长`;
  // "业务收入达500万元，且比上年度增加20%": "比上年度增加" names no figure; it is the growth of the one before.
  if (!step && q.unit === "percent" && /^(?:比|较)上一?年度?(?:增长|增加)?$|^同比(?:增长|增加)?$/.test(phrase) && named && named.type !== "percent") phrase = `${named.phrase}增长`;
  if (!usable(phrase)) {
    // Dropping a threshold would make a conditional award unconditional (unless conditionsOf finds its fact).
    c.unnamed?.add(q);
    return undefined;
  }
  const s = specFor(q, phrase);
  const word = (CMP_BEFORE.exec(before(c, q.start, 12))?.[0] ?? "").replace(/^(?:在|为)/, "");
  return { fact: spec(c, s), op: cmp.op, value: q.value, word: cmp.word, label: `${phrase}${phrase.endsWith(word) || (/增长$/.test(phrase) && /^(?:增长|增加)$/.test(word)) ? "" : word}${q.raw}${CMP_AFTER.exec(after(c, q.end, 6))?.[0] ?? ""}`.replace(/\s+/g, "") };
}

/** Whatever of the sentence is a condition and not part of the formula. */
export function conditionsOf(c: Ctx, used: Set<Quantity>): Leaf[] {
  const out: Leaf[] = [];
  for (const q of c.qs) {
    let l = conditionFor(c, q, used);
    // "达3亿元（含）以上，5亿以下的": the second bound names no fact; it is the first one's.
    const prev = out.at(-1);
    if (!l && prev && !used.has(q) && isThresholdUnit(q) && prev.fact.endsWith(`:${q.unit === "usd" ? "美元" : q.unit === "yuan" ? "元" : "%"}`)) {
      const cmp = comparison(c, q);
      if (cmp && (cmp.op === "lt" || cmp.op === "lte") && !usable(factPhrase(before(c, q.start)))) l = { fact: prev.fact, op: cmp.op, value: q.value, word: cmp.word, label: `${prev.label.replace(/[\d.]+.*$/, "")}${q.raw}${cmp.word}` };
    }
    if (l) {
      out.push(l);
      used.add(q);
    } else if (c.unnamed?.has(q) && c.flags) c.flags.unread = true;
  }
  return [...categoryConditions(c), ...out];
}

/**
 * "首次认定为国家高新技术企业的，给予…" / "对新列入省级名录的，…": a statement about the applicant
 * the award depends on. It becomes a yes/no fact named by the document's words; unknown stays
 * unknown (the asker is asked), a stated "不是" rules the award out.
 */
function categoryConditions(c: Ctx): Leaf[] {
  const out: Leaf[] = [];
  const first = c.qs.find((q) => q.unit === "yuan" || q.unit === "percent");
  const end = first ? first.start : c.span.end;
  for (const p of parts(c.text, c.span)) {
    if (p.start > end) break;
    let raw = c.n.slice(p.start, Math.min(p.end, end)).trim();
    // "年度荣获省级表彰的优秀企业，一次性给予…": the part that pays names whom it pays.
    if (p.end > end) {
      const lead = /^(.*?)(?:一次性|再)?(?:给予|奖励|资助|补贴|补助)/.exec(raw);
      if (!lead || !/荣获|获评|认定为|评为|列入|入选|获得/.test(lead[1])) continue;
      raw = `${lead[1].replace(/[，,\s]+$/, "")}的`;
    }
    // "年度荣获国家级表彰的优秀企业，一次性给予…": a recognition names whom the award is for, 的 or not.
    if (!/的$/.test(raw) && /荣获|获评|认定为|评为|列入|入选/.test(raw)) raw = `${raw}的`;
    if (!/的$/.test(raw) || c.qs.some((q) => q.start >= p.start && q.end <= Math.min(p.end, end))) continue;
    if (!/认定|列入|评为|获得|获批|入选|首次|新获|被|取得|通过|成功|获评|批准|纳入|首获|创建/.test(raw)) continue;
    const phrase = raw
      .replace(/^(?:第[一二三四五六七八九十百零]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])\s*/, "")
      .replace(/^(?:对于|对|凡是|凡|经|在|如|若)/, "")
      .replace(/[“”"《》]/g, "")
      .replace(/的$/, "")
      // "获得授权后每件再资助…": the price's 每件 is not part of the statement.
      .replace(/每(?:件|项|个|台|套|人|家|次)$/, "");
    if (phrase.length < 4 || phrase.length > 30 || !usable(phrase)) continue;
    const key = spec(c, { phrase, type: "boolean" });
    out.push({ fact: key, op: "eq", value: true, label: phrase });
  }
  return out;
}

/** A whom-clause that names the applicant and nothing more: no condition of its own. */
const ANYONE = /^(?:(?:符合|满足)[^，,]{0,8}?(?:条件|要求|标准)(?:的)?)?(?:(?:各类)?(?:企业|单位|机构|项目|个人|申报主体|申请人|主体|市场主体|创新主体|企事业单位))?$/;

/**
 * "对创新主体达规纳统的可给予10万元", "对新入选的国家级双跨平台给予1000万元": whom the award is for,
 * when it states no figure. Read or not by the readers above, it is never dropped: an award to
 * everyone would be told to every asker.
 */
export function whomOf(text: string, span: Span): string | undefined {
  const n = normalizeSameLength(text);
  const first = findQuantities(n.slice(span.start, span.end)).find((q) => q.unit === "yuan" || q.unit === "percent");
  const lead = n.slice(span.start, first ? span.start + first.start : span.end);
  const m = /(?:^|[，,；;：:])\s*(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:对于|对|凡是|凡)([^，,；;。：:]{2,40}?)(?:的)?\s*(?:[，,][^，,；;。\d]{1,10}?){0,2}?(?:[，,]\s*)?(?:可|可以|均|将|再|经[^，,]{0,10}后)?(?:按照|按|一次性|分别|择优|最高|最高可)?(?:给予|奖励|资助|补贴|补助|予以)/.exec(lead);
  if (!m) return undefined;
  const phrase = m[1].replace(/[“”"《》\s]/g, "").replace(/的$/, "");
  // "对…人员提供数额不同的误工补助": a sentence of what is done for someone, not whom an award is for.
  if (/提供|开展|鼓励|实施|推动|引导|加快|加强/.test(phrase)) return undefined;
  // "对…增加的成本，给予每件1元": what is paid for, not whom.
  if (/\d/.test(phrase) || !usable(phrase) || ANYONE.test(phrase) || NOT_A_CONDITION.test(phrase) || EVALUATIVE.test(phrase) || COST_NOUN.test(phrase) || /(?:成本|损失|支出)$/.test(phrase)) return undefined;
  if (phrase.length < 3 || phrase.length > 30) return undefined;
  return phrase;
}

/** Caps in the sentence, by scope: 每年最高… is per year, 累计/总额/三年 is for the whole. */
/** "…其中市级补助资金每年不超过1000万元": a figure about one share of the award, not the award. */
const ofAShare = (c: Ctx, q: Quantity) => /其中[^，,；;。]*$/.test(c.n.slice(c.span.start, q.start));

export function caps(c: Ctx, used: Set<Quantity>): { cap?: Quantity; yearly?: Quantity; total?: Quantity } {
  const out: { cap?: Quantity; yearly?: Quantity; total?: Quantity } = {};
  for (const q of c.qs) {
    if (!isMoney(q) || used.has(q) || !isCap(c, q)) continue;
    if (ofAShare(c, q)) continue;
    const pre = before(c, q.start, 16);
    if (/每年|年度|每家每年|每个年度/.test(pre)) out.yearly ??= q;
    else if (/累计|总额|合计|总计|[二两三四五]年/.test(pre)) out.total ??= q;
    else out.cap ??= q;
    used.add(q);
  }
  return out;
}

const RATE_BASE = /(按(?:照)?|给予|予以|享受|不超过|不高于)(?:其|企业|不超过|不高于|最高)*([^，,；;。%]{1,40}?)的?$/;

/** The fact a rate applies to: "按其实际投资额的20%" → 实际投资额; "给予融资总额1%的补贴" → 融资总额. */
function rateBase(c: Ctx, q: Quantity): string | undefined {
  const pre = before(c, q.start, 44);
  const m = RATE_BASE.exec(pre);
  // "对其租金给予50%的补助": the base is named before the verb.
  // A table cell under 补贴标准 that opens with the rate: "实缴月租金的80%，最高2000元/月".
  const opening = /^\s*(?:\d{1,2}\s+)?([^，,；;。：:\d]{2,16}?)的\s*$/.exec(c.n.slice(c.span.start, q.start));
  if (!m && opening && usable(factPhrase(opening[1])) && !/奖励|补助|补贴|资助/.test(opening[1])) return factPhrase(opening[1]);
  if (!m || (/^(?:给予|予以)$/.test(m[1]) && !usable(factPhrase(m[2])))) {
    const lead = /(?:对|按)(?:其)?([^，,；;。]{2,30}?)(?:给予|予以)(?:不超过|不高于|最高)?$/.exec(pre);
    const p = lead ? factPhrase(lead[1]) : "";
    return usable(p) && !/奖励|补助|补贴|资助/.test(p) ? p : undefined;
  }
  if (!m || /奖励|补助|补贴|资助|合计|两项/.test(m[2])) return undefined;
  // "两项合计最多不超过…的20%" limits other awards; it pays nothing itself.
  if (/^不/.test(m[1]) && /合计|两项|累计|总额|最多|总和/.test(pre.slice(Math.max(0, m.index - 10), m.index))) return undefined;
  // "占股比例不超过20%": a limit on a share, not a rate of some amount.
  if (/^不/.test(m[1]) && /比例$|比重$|占比$/.test(pre.slice(0, m.index))) return undefined;
  const p = factPhrase(m[2].replace(/^(?:不超过|不高于|最高)/, ""));
  // "根据购置发票一次性给予总额的三分之一": a bare 总额 is the total of what the sentence goes by.
  if (GENERIC_TOTAL.test(p)) {
    const by = /(?:根据|依据|按照|凭)(?:其)?([^，,；;。]{2,10}?)(?=一次性|分期|分年|给予|予以)/.exec(pre);
    const named = by ? factPhrase(by[1]) : "";
    return usable(named) ? `${named}${p}` : undefined;
  }
  return usable(p) ? p : undefined;
}

const GENERIC_TOTAL = /^(?:总额|金额|总金额|总价|价款)$/;

function periodYears(c: Ctx): number | undefined {
  const m = PERIOD_YEARS.exec(c.n.slice(c.span.start, c.span.end));
  if (!m) return undefined;
  const v = parseChineseNumber(m[1]);
  return v && v > 0 && v <= 20 ? v : undefined;
}

// ---------------------------------------------------------------------------
// Shapes, most specific first.

/** Bands before 分别: "300万美元、500万美元…1亿美元以上" (lower bounds) or explicit "X-Y（不含）、Y-Z、Z以上". */
function bandsOf(c: Ctx, left: Quantity[]): { from?: number; fromIncl: boolean; to?: number; toIncl: boolean }[] | undefined {
  if (left.length < 2) return undefined;
  const seps = left.slice(1).map((q, i) => c.n.slice(left[i].end, q.start));
  const isRange = (s: string) => /^\s*(?:[(（]不?含[)）])?\s*(?:以上)?\s*[-~～—–至到]\s*$/.test(s);
  const isList = (s: string) => /^\s*(?:[(（]不?含[)）])?\s*(?:以上|以下)?\s*(?:的)?[、,，和及或]\s*$/.test(s) || /^\s*[、]\s*$/.test(s);
  if (seps.some(isRange)) {
    // Explicit ranges, possibly ending with an open "Z以上".
    const out: { from?: number; fromIncl: boolean; to?: number; toIncl: boolean }[] = [];
    let i = 0;
    while (i < left.length) {
      const q = left[i];
      const incl = (x: Quantity) => c.n.slice(x.end, x.end + 5);
      if (i + 1 < left.length && isRange(seps[i])) {
        const r = left[i + 1];
        const fromNote = /[(（]不含[)）]/.test(c.n.slice(q.end - 4, q.end + 4)) ? false : true;
        const toNote = /^(?:[(（]含[)）])/.test(incl(r)) || /[(（]含[)）]$/.test(r.raw) ? true : false;
        out.push({ from: q.value, fromIncl: fromNote, to: r.value, toIncl: toNote });
        i += 2;
      } else {
        const post = incl(q);
        if (/^(?:[(（]含[)）])?(?:及以上|以上)/.test(post) || /以上/.test(c.n.slice(q.end, q.end + 6))) out.push({ from: q.value, fromIncl: !/不含/.test(post), toIncl: false });
        else if (/^(?:[(（]含[)）])?(?:以下|以内)/.test(post)) out.push({ to: q.value, toIncl: /含|以内/.test(post), fromIncl: true });
        else return undefined;
        i += 1;
      }
      if (i < left.length && i > 0 && !isList(seps[i - 1]) && !isRange(seps[i - 1])) return undefined;
    }
    return out;
  }
  if (!seps.every(isList)) return undefined;
  // Lower bounds only: each band runs to the next higher one, whichever order the list is written in
  // ("首次突破1000亿元、500亿元…10亿元" counts down).
  const values = left.map((q) => q.value);
  const up = values.every((v, i) => i === 0 || v > values[i - 1]);
  const down = values.every((v, i) => i === 0 || v < values[i - 1]);
  if (!up && !down) return undefined;
  // "突破/超过/高于1000亿元、500亿元" are strict lower bounds; "达到…以上" include the figure.
  const strict = /(?:突破|超过|高于|大于)\s*$/.test(before(c, left[0].start, 6));
  return left.map((q, i) => {
    const next = up ? left[i + 1] : left[i - 1];
    return { from: q.value, fromIncl: !strict, ...(next ? { to: next.value } : {}), toIncl: strict };
  });
}

/**
 * Category names before 分别 ("国家级、省级、市级和区级…的", "3A、4A、5A级", "专利金奖、专利优秀奖"):
 * each list item yields its level word; the first item's is its last, the others' their first.
 */
const LEVEL = /(?:国家|国际|全国|省|市|区|县)级?|[1-5]A级?|[一二三四五]星级?|特级|[一二三]级|甲级|乙级|金奖|银奖|铜奖|优秀奖|一等奖|二等奖|三等奖/g;

/** Levels are written with and without 级 ("3A、4A、5A级"); an option is one spelling of each. */
const levelWord = (w: string) => (/^(?:国家|国际|全国|省|市|区|县)$/.test(w) ? `${w}级` : w.replace(/^([1-5]A|[一二三四五]星)级?$/, "$1级"));

function categoriesOf(text: string, count: number): string[] | undefined {
  const t = text.replace(/[的，,\s]+$/, "");
  const run = [...t.matchAll(/[\p{Script=Han}A-Za-z0-9“”（）()]+(?:[、和及][\p{Script=Han}A-Za-z0-9“”（）()]+)+/gu)].at(-1);
  const items = run ? run[0].split(/[、和及]/).filter(Boolean) : [];
  if (items.length === count) {
    const out: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const found = [...items[i].matchAll(LEVEL)].map((m) => m[0]);
      const w = i === 0 ? found.at(-1) : found[0];
      if (!w) break;
      // A bare 省/市 would match any place name the asker writes; the document means the level.
      out.push(levelWord(w));
    }
    if (out.length === count && new Set(out).size === out.length) return out;
  }
  // "获评国家级、省级制造业与互联网融合…的" has two levels though its list has five items: the levels
  // of the last comma part, a bare 国家/省/市 only as a list item ("省、市级"; 景区 and "国家3A" are not).
  const last = t.split(/[，,；;：:]/).at(-1) ?? "";
  const found = [...last.matchAll(LEVEL)].filter((m) => !/^(?:国家|国际|全国|省|市|区|县)$/.test(m[0]) || /^[、和及与]/.test(last.slice(m.index + m[0].length))).map((m) => levelWord(m[0]));
  return found.length === count && new Set(found).size === found.length ? found : undefined;
}

/** Where a list of two or more amounts joined by 、 starts ("给予奖励2万元、5万元"), when no 分别 says so. */
function listStart(c: Ctx): number {
  const money = c.qs.filter((q) => isMoney(q) && !isCap(c, q));
  for (let i = 0; i + 1 < money.length; i++) if (/^\s*[、]\s*$/.test(c.n.slice(money[i].end, money[i + 1].start))) return Math.max(c.span.start, money[i].start - 1);
  return -1;
}

/** The last run of `n` figures of one unit joined by 、 before `k` ("达到10%、16%、22%、28%以上"). */
function listBefore(c: Ctx, k: number, n: number): Quantity[] | undefined {
  const left = c.qs.filter((q) => q.end <= k && isThresholdUnit(q) && !q.window);
  for (let end = left.length; end >= n; end--) {
    const run = left.slice(end - n, end);
    if (!run.every((q) => q.unit === run[0].unit)) continue;
    const joined = run.slice(1).every((q, i) => /^\s*(?:[(（]不?含[)）])?\s*(?:以上|以下)?\s*[、,，和及或]\s*$/.test(c.n.slice(run[i].end, q.start)));
    if (joined && !/^\s*[、]/.test(c.n.slice(run[n - 1].end, run[n - 1].end + 2))) return run;
  }
  return undefined;
}

function respectively(c: Ctx): Draft | undefined {
  let k = c.n.indexOf("分别", c.span.start);
  if (k < 0 || k >= c.span.end) k = listStart(c);
  if (k < 0 || k >= c.span.end) return undefined;
  const right = c.qs.filter((q) => q.start > k);
  const amounts = right.filter((q) => isMoney(q) && !isCap(c, q));
  const rates = right.filter((q) => q.unit === "percent");
  const used = new Set<Quantity>();
  // The values after 分别 form one list: money or rates, joined by 、.
  const mixed = mixedTiers(c, k, amounts, rates);
  if (mixed) return mixed;
  const values = amounts.length >= 2 && (rates.length === 0 || amounts[0].start < rates[0].start) ? amounts : rates.length >= 2 ? rates : undefined;
  if (!values) return undefined;
  const joined = values.slice(1).every((q, i) => /^[\s、,，和及]*(?:人民币)?$/.test(c.n.slice(values[i].end, q.start)));
  if (!joined) return undefined;
  values.forEach((q) => used.add(q));
  const { cap, total, yearly } = caps(c, used);
  const capQ = cap ?? total ?? yearly;
  const left = c.qs.filter((q) => q.end <= k && isThresholdUnit(q) && q.unit !== "percent" && !q.window);
  let sameUnit = left.filter((q) => q.unit === left[0]?.unit);
  let bands = sameUnit.length ? bandsOf(c, sameUnit) : undefined;
  // "销售额3亿元以上的批发企业，增长达到10%、16%、22%、28%以上的，分别按…10%、20%、30%、40%": the list
  // paired with the values is the run of as many figures right before 分别; the figures before it are conditions.
  if (!bands || bands.length !== values.length) {
    const run = listBefore(c, k, values.length);
    const b = run ? bandsOf(c, run) : undefined;
    if (run && b && b.length === values.length) {
      sameUnit = run;
      bands = b;
    }
  }
  if (bands && bands.length === values.length) {
    sameUnit.forEach((q) => used.add(q));
    const basePhrase = factPhrase(before(c, sameUnit[0].start));
    if (!usable(basePhrase)) return undefined;
    const base = spec(c, specFor(sameUnit[0], basePhrase));
    let rateBaseKey: string | undefined;
    if (values === rates) {
      const rp = rateBase(c, rates[0]) ?? basePhrase;
      rateBaseKey = spec(c, { phrase: rp, type: "money" });
    }
    const tiers = bands.map((b, i) => ({ ...b, ...(values === amounts ? { amount: values[i].value } : { rate: values[i].value }) }));
    const conditions = conditionsOf(c, used);
    return {
      span: c.span,
      amount: { kind: "tiers", base, ...(rateBaseKey && rateBaseKey !== base ? { rateBase: rateBaseKey } : {}), tiers, ...(capQ ? { cap: capQ.value } : {}) } as Formula,
      conditions,
      facts: c.facts,
    };
  }
  // "建设一批…" is not a figure the list depends on.
  if (values === amounts && !left.some((q) => /\d/.test(q.raw) || comparison(c, q))) {
    const cats = categoriesOf(c.n.slice(c.span.start, k), values.length);
    if (!cats) return undefined;
    const tail = c.n.slice(c.span.start, k);
    // "每年按照省、市两个等级分别补助1万元、1.5万元" is a yearly sum: a lookup would pay it once.
    if (/每年|每月/.test(tail)) return undefined;
    // The last level as written ("市服务业…" for 市级), for the words that follow it.
    const last = cats.at(-1)!;
    const bare = last.replace(/级$/, "");
    const at = tail.lastIndexOf(last) >= 0 ? tail.lastIndexOf(last) + last.length : tail.lastIndexOf(bare) >= 0 ? tail.lastIndexOf(bare) + bare.length : 0;
    const after = tail.slice(at);
    // "省、市级数字经济产业示范项目（企业）、数字化车间…": the thing graded is the one the last level names.
    const own = factPhrase(after.replace(/[的，,]+$/, "").split(/[、，,]/)[0]);
    const subject = (usable(own) ? own : factPhrase(after.replace(/[的，,]+$/, ""))) || "级别";
    const fact = spec(c, { phrase: usable(subject) ? (/级别$/.test(subject) ? subject : `${subject}级别`) : "认定级别", type: "text", options: cats });
    return { span: c.span, amount: { kind: "lookup", fact, options: cats.map((value, i) => ({ value, amount: values[i].value })) }, conditions: conditionsOf(c, used), facts: c.facts };
  }
  return undefined;
}

/**
 * "200万-500万（不含）美元、500万-1000万（不含）美元、1000万美元以上的，分别按人民币30万元、50万元、
 * 实到外资额的8‰折合人民币给予奖励": bands paid a sum each, the last a rate of a named base (in 美元
 * when 折合人民币 follows, converted at the asker's rate). Only amounts then one rate, one per band.
 */
function mixedTiers(c: Ctx, k: number, amounts: Quantity[], rates: Quantity[]): Draft | undefined {
  if (!amounts.length || rates.length !== 1) return undefined;
  const r = rates[0];
  const last = amounts.at(-1)!;
  if (r.start < last.end || !/^\s*[、,，]\s*(?:按)?[^，,；;。、\d]{1,12}?的\s*$/.test(c.n.slice(last.end, r.start))) return undefined;
  if (!amounts.slice(1).every((q, i) => /^[\s、,，和及]*(?:人民币)?$/.test(c.n.slice(amounts[i].end, q.start)))) return undefined;
  const left = c.qs.filter((q) => q.end <= k && isThresholdUnit(q) && q.unit !== "percent" && !q.window);
  const sameUnit = left.filter((q) => q.unit === left[0]?.unit);
  // "第二年实到外资达到上述标准的，分别按…": the bands of the table before, on this sentence's own fact.
  const restated = !left.length && c.above?.bands ? /([^，,；;。]{2,20}?)(?:达到|符合|满足)上述(?:标准|档次|条件)/.exec(c.n.slice(c.span.start, k)) : null;
  const bands = sameUnit.length ? bandsOf(c, sameUnit) : restated ? c.above!.bands : undefined;
  if (!bands || bands.length !== amounts.length + 1) return undefined;
  const basePhrase = factPhrase(restated ? restated[1] : before(c, sameUnit[0].start));
  const ratePhrase = rateBase(c, r);
  if (!usable(basePhrase) || !ratePhrase) return undefined;
  const used = new Set<Quantity>([...amounts, r, ...sameUnit]);
  const converted = CONVERTED.test(c.n.slice(r.end, r.end + 8));
  const baseSpec: FactSpec = restated ? { phrase: basePhrase, type: c.above!.type, ...(c.above!.measure ? { measure: c.above!.measure } : {}) } : specFor(sameUnit[0], basePhrase);
  const base = spec(c, baseSpec);
  // "实到外资…、实到外资额的8‰": the rate's base is the banded fact when one names the other.
  const bare = (p: string) => p.replace(/的|额$/g, "");
  const rateType = converted ? "usd" : "money";
  const same = baseSpec.type === rateType && (bare(basePhrase).endsWith(bare(ratePhrase)) || bare(ratePhrase).endsWith(bare(basePhrase)));
  const rb = same ? base : spec(c, { phrase: ratePhrase, type: rateType });
  const { cap, total, yearly } = caps(c, used);
  // "每个项目三年奖励累计不超过300万元" limits the years together: told, not a cap on this year's award.
  const spanning = total && /[二两三四五]年/.test(before(c, total.start, 16)) ? total : undefined;
  const capQ = cap ?? (spanning ? undefined : total) ?? yearly;
  const notes = spanning ? [c.text.slice(c.parts.find((x) => x.start <= spanning.start && spanning.end <= x.end)!.start, spanning.end)] : [];
  const tiers = bands.map((b, i) => ({ ...b, ...(i < amounts.length ? { amount: amounts[i].value } : { rate: r.value }) }));
  return {
    // The restated bands are written in the sentence before: the quote starts there.
    span: restated && c.above!.quotedFrom !== undefined ? { start: c.above!.quotedFrom, end: c.span.end } : c.span,
    amount: { kind: "tiers", base, ...(rb !== base ? { rateBase: rb } : {}), tiers, ...(capQ ? { cap: capQ.value } : {}), ...(converted ? { fx: "usdRate" } : {}) } as Formula,
    conditions: conditionsOf(c, used),
    facts: c.facts,
    ...(notes.length ? { notes } : {}),
  };
}

const RANGE_BETWEEN = /^\s*(?:[-~～—–至到]|以上(?:至|到)?)\s*$/;

function amountRange(c: Ctx): Draft | undefined {
  const money = c.qs.filter(isMoney);
  for (let i = 0; i + 1 < money.length; i++) {
    const a = money[i];
    const b = money[i + 1];
    if (!RANGE_BETWEEN.test(c.n.slice(a.end, b.start))) continue;
    if (!/^\s*(?:以下|以内)?/.test(c.n.slice(b.end, b.end + 3))) continue;
    if (!(b.value > a.value)) continue;
    // A range of amounts is an award only when the sentence pays; "投资额50万-100万" is a band.
    const pre = before(c, a.start, 14);
    if (!REWARD.test(pre + c.n.slice(b.end, b.end + 8)) && !/给予|安排|额度|资助|奖励|补助/.test(pre)) continue;
    if (/投资|金额|收入|营业|销售|产值|出口|进口|额$/.test(pre.slice(-4))) continue;
    // "实际支付费用50万元-100万元给予20%的补贴": a range the pay verb comes after is a band of the base.
    if (!/给予|安排|资助|奖励|补助|补贴/.test(pre) && /^\s*(?:的[，,]?)?\s*(?:一次性)?(?:给予|予以|按)/.test(c.n.slice(b.end, b.end + 8))) continue;
    const used = new Set([a, b]);
    return { span: c.span, amount: { kind: "range", min: a.value, max: b.value }, conditions: conditionsOf(c, used), facts: c.facts };
  }
  return undefined;
}

function rateRange(c: Ctx): Draft | undefined {
  const rates = c.qs.filter((q) => q.unit === "percent");
  for (let i = 0; i + 1 < rates.length; i++) {
    const a = rates[i];
    const b = rates[i + 1];
    if (!/^\s*[-~～—–至到]\s*$/.test(c.n.slice(a.end, b.start)) || !(b.value > a.value)) continue;
    const phrase = rateBase(c, a);
    if (!phrase) return undefined;
    const used = new Set([a, b]);
    const { cap, total } = caps(c, used);
    const base = spec(c, { phrase, type: "money" });
    return { span: c.span, amount: { kind: "rateRange", base, min: a.value, max: b.value, ...((cap ?? total) ? { cap: (cap ?? total)!.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
  }
  return undefined;
}

const STEP = /每(满|实现|超过|超出)\s*(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)\s*(万|亿)?\s*(人次|人|件|家|个|台|元|万元|平方米|吨|次)/;

function perStep(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  const m = STEP.exec(text);
  if (!m) return undefined;
  const at = c.span.start + m.index;
  const base = /^\d/.test(m[2]) ? Number(m[2]) : parseChineseNumber(m[2]);
  if (!base) return undefined;
  const step = base * (m[3] === "万" ? 1e4 : m[3] === "亿" ? 1e8 : 1) * (m[4] === "万元" ? 1e4 : 1);
  const money = c.qs.filter((q) => q.start >= at + m[0].length && q.unit === "yuan");
  if (!money.length) return undefined;
  const used = new Set<Quantity>(c.qs.filter((q) => q.start >= at && q.end <= at + m[0].length + 2));
  const amount = money[0];
  used.add(amount);
  const isMoneyStep = m[4] === "元" || m[4] === "万元";
  // "超过1.7亿元的，每超过1亿元，给予100万元": steps above the threshold the sentence states, on its
  // fact; a 每超过 with no stated threshold of the same kind does not say where the steps start.
  let from: Quantity | undefined;
  if (/^超/.test(m[1])) {
    from = c.qs.filter((q) => q.end <= at && !used.has(q) && (isMoneyStep ? isMoney(q) || (q.unit === "yuan" && !q.perUnit) : q.unit === "count") && /(?:超过|超出|高于)$/.test(before(c, q.start, 6))).at(-1);
    if (!from || !usable(factPhrase(before(c, from.start)))) return undefined;
  }
  const { cap, total, yearly } = caps(c, used);
  const capQ = cap ?? total ?? yearly;
  const phrase = from ? factPhrase(before(c, from.start)) : factPhrase(before(c, at)) || (m[4] === "人" || m[4] === "人次" ? "人数" : "数量");
  const key = spec(c, isMoneyStep ? { phrase, type: "money" } : { phrase: usable(phrase) ? phrase : `${m[4]}数`, type: "count", measure: m[4] });
  return { span: c.span, amount: { kind: "perStep", base: key, step, amount: amount.value, ...(from ? { from: from.value } : {}), ...(capQ ? { cap: capQ.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
}

const TIMES = /按(?:照)?(?:其)?([^，,；;。]{1,20}?)的\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十])\s*倍/;

function multiple(c: Ctx): Draft | undefined {
  const m = TIMES.exec(c.n.slice(c.span.start, c.span.end));
  if (!m) return undefined;
  const times = /^\d/.test(m[2]) ? Number(m[2]) : parseChineseNumber(m[2]);
  const phrase = factPhrase(m[1]);
  if (!times || !usable(phrase)) return undefined;
  const used = new Set<Quantity>(c.qs.filter((q) => q.unit === "times"));
  const { cap, total, yearly } = caps(c, used);
  const capQ = cap ?? total ?? yearly;
  const base = spec(c, { phrase, type: "money" });
  return { span: c.span, amount: { kind: "multiple", base, times, ...(capQ ? { cap: capQ.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
}

const INTEREST_YEARS = /(?:给予|贴息)\s*(\d+|[一二两三四五六七八九十])\s*年|(\d+|[一二两三四五六七八九十])\s*年的?(?:贷款)?贴息/;

/**
 * 贷款贴息: "按年利率6%给予两年的贷款贴息" pays the loan's interest at that rate, for each year of the
 * span; "按其申请当笔贷款基准利率的100%…贴息" pays a share of the interest at the benchmark rate,
 * which the asker states (the benchmark is not in the document). A share of the interest itself
 * ("按贷款利息的50%") is a plain rate.
 */
function interest(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  if (!/贴息/.test(text)) return undefined;
  const rates = c.qs.filter((q) => q.unit === "percent" && !comparison(c, q));
  if (rates.length !== 1) return undefined;
  const q = rates[0];
  const pre = before(c, q.start, 30);
  let phrase = "";
  if (/(?:年)?利率(?:为)?$/.test(pre) && !/基准利率$|LPR$|市场报价利率$/.test(pre)) {
    if (!/贷款/.test(text)) return undefined;
    phrase = "贷款金额";
  } else {
    const m = /按(?:照)?(?:其)?([^，,；;。按]{0,24}?利率)(?:计算的利息(?:总额)?)?的$/.exec(pre);
    const p = m ? factPhrase(m[1]) : "";
    if (!usable(p)) return undefined;
    phrase = `按${p}计算的利息`;
  }
  const used = new Set<Quantity>([q]);
  const y = INTEREST_YEARS.exec(text);
  const yearsRaw = y ? (y[1] ?? y[2]) : undefined;
  const years = yearsRaw ? parseChineseNumber(yearsRaw) : periodYears(c);
  for (const x of c.qs) if (x.unit === "years" && x.value === years) used.add(x);
  const { cap, total, yearly } = caps(c, used);
  const base = spec(c, { phrase, type: "money" });
  const conditions = conditionsOf(c, used);
  if (years && years > 0 && years <= 20) {
    return {
      span: c.span,
      amount: { kind: "perPeriod", period: "年", base, rate: q.value, maxPeriods: years, ...((cap ?? yearly) ? { periodCap: (cap ?? yearly)!.value } : {}), ...(total ? { totalCap: total.value } : {}) },
      conditions,
      facts: c.facts,
    };
  }
  const capQ = cap ?? yearly ?? total;
  return { span: c.span, amount: { kind: "rate", base, rate: q.value, ...(capQ ? { cap: capQ.value } : {}) }, conditions, facts: c.facts };
}

const PAY_VERB = /抵用|抵扣|补助|补贴|资助|报销|奖励|给予|支持|减免|承担/;

/**
 * Progressive bands in one sentence: "全年低于5000元的服务可全额抵用，超过5000元部分抵用50%，全年合计
 * 不超过5万元". The first band is what lies below the first threshold (全额 = 100%), each later one
 * "超过A元(至B元)(的)部分…R%". Bands must run from 0 without a gap; the 部分 of the upper bands is
 * what makes it progressive, not a tier of the whole.
 */
function progressive(c: Ctx): Draft | undefined {
  const bands: { from?: number; to?: number; rate: number; q: Quantity[] }[] = [];
  let phrase = "";
  for (const p of c.parts) {
    const qs = c.qs.filter((q) => q.start >= p.start && q.end <= p.end);
    const money = qs.filter((q) => q.unit === "yuan" && !q.perUnit && !isCap(c, q));
    const rates = qs.filter((q) => q.unit === "percent");
    const t = c.n.slice(p.start, p.end);
    if (money.length === 0 || rates.length > 1 || !PAY_VERB.test(t)) continue;
    const a = money[0];
    const post = c.n.slice(a.end, p.end);
    const pre = before(c, a.start, 8);
    if (!bands.length) {
      // The lowest band: "低于5000元的服务可全额抵用" / "100万元（含）以下的部分按80%补助".
      if (money.length !== 1 || !(/(?:低于|不超过|不足|不满)$/.test(pre) || /^(?:[(（]含[)）])?(?:及)?(?:以下|以内)/.test(post))) return undefined;
      const r = /全额/.test(post) ? 100 : rates[0]?.value;
      if (r === undefined) return undefined;
      const own = factPhrase(before(c, a.start).replace(/(?:低于|不超过|不足|不满)$/, ""));
      const noun = /^(?:[(（]含[)）])?(?:及)?(?:以下|以内)?的(?:部分)?(\p{Script=Han}{2,8}?)(?:可|按|给予|全额|部分|[，,])/u.exec(post)?.[1];
      phrase = usable(own) && !/^(?:全年|每年|年度|当年)$/.test(own) ? own : noun ? (/(?:费|额|金|款|资|入|出|用)$/.test(noun) ? noun : `${noun}费用`) : "";
      if (!usable(phrase)) return undefined;
      bands.push({ to: a.value, rate: r, q: [a, ...rates] });
      continue;
    }
    // An upper band: "超过5000元部分抵用50%" / "超过100万元至500万元的部分按50%".
    if (rates.length !== 1 || !/(?:超过|超出|高于)$/.test(pre)) return undefined;
    const b = money[1];
    if (money.length > 2 || (b && !/^\s*(?:[(（]含[)）])?\s*(?:至|到|不超过|[-~～—])\s*$/.test(c.n.slice(a.end, b.start)))) return undefined;
    if (!/^[^，,]*?部分/.test(c.n.slice((b ?? a).end, rates[0].start))) return undefined;
    const prev = bands.at(-1)!;
    if (prev.to !== a.value) return undefined;
    bands.push({ from: a.value, ...(b ? { to: b.value } : {}), rate: rates[0].value, q: [a, ...(b ? [b] : []), rates[0]] });
    if (!b) break;
  }
  if (bands.length < 2 || bands.at(-1)!.to !== undefined) return undefined;
  const used = new Set<Quantity>(bands.flatMap((b) => b.q));
  if (c.qs.some((q) => !used.has(q) && (q.unit === "percent" || (isMoney(q) && !isCap(c, q))))) return undefined;
  const { cap, total, yearly } = caps(c, used);
  // "同一企业一次性申领不超过3万元…全年合计不超过5万元": the sum over the year caps the award; a ceiling
  // of another scope is told, not computed.
  const capQ = total ?? yearly ?? cap;
  const others = [cap, total, yearly].filter((q): q is Quantity => !!q && q !== capQ);
  const notes = others.map((q) => {
    const p = c.parts.find((x) => x.start <= q.start && q.end <= x.end)!;
    return c.text.slice(p.start, p.end);
  });
  const base = spec(c, { phrase, type: "money" });
  return {
    span: c.span,
    amount: { kind: "marginal", base, bands: bands.map((b) => ({ ...(b.from !== undefined ? { from: b.from } : {}), ...(b.to !== undefined ? { to: b.to } : {}), rate: b.rate })), ...(capQ ? { cap: capQ.value } : {}) },
    conditions: conditionsOf(c, used),
    facts: c.facts,
    ...(notes.length ? { notes } : {}),
  };
}

/** "1:1的配套" / "按1:0.5比例配套": the matched sum per 1 of the base. */
const MATCH_RATIO = /(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)\s*(?:的)?(?:比例)?(?:给予|进行|予以)?(?:资金)?配套/;
/** The matched sum, named by the sentence: 除享受X外 / 按X / 对X…(按). */
const MATCH_BASE = [/除(?:享受|获得|争取到?)?(?:的)?([^，,；;。]{2,30}?)(?:以)?外[^；;。]*$/, /(?:按|依)(?:照)?(?:其)?([^，,；;。按]{2,30}?)(?:的)?(?:按|给予|予以|进行)*(?:照)?$/, /对(?:其)?(?:获得的)?([^，,；;。]{2,30}?)(?:按|给予|予以)+(?:照)?$/];

/**
 * 区政府给予1:1的配套补贴 / 对企业自筹资金按1:0.5给予配套: a multiple of another sum (an award
 * of another level, the enterprise's own spend) named by the sentence. With no such sum named,
 * the ratio is of nothing the asker can state: quote-only.
 */
function matching(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  const m = MATCH_RATIO.exec(text);
  if (!m) return undefined;
  const one = Number(m[1]);
  const times = Number(m[2]) / one;
  if (!(one > 0) || !(times > 0) || times > 10) return undefined;
  const lead = text.slice(0, m.index);
  let phrase = "";
  for (const re of MATCH_BASE) {
    const b = re.exec(lead);
    const p = b ? factPhrase(b[1]) : "";
    if (usable(p) && !/政府|部门|管委会/.test(p)) {
      phrase = p;
      break;
    }
  }
  if (!phrase) return undefined;
  const at = c.span.start + m.index;
  const used = new Set<Quantity>(c.qs.filter((q) => q.start >= at && q.end <= at + m[0].length));
  if (c.qs.some((q) => !used.has(q) && (q.unit === "percent" || (q.unit === "yuan" && !isCap(c, q))))) return undefined;
  const { cap, total, yearly } = caps(c, used);
  const capQ = cap ?? total ?? yearly;
  const base = spec(c, { phrase, type: "money" });
  return { span: c.span, amount: { kind: "multiple", base, times, ...(capQ ? { cap: capQ.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
}

function rate(c: Ctx): Draft | undefined {
  const rates = c.qs.filter((q) => q.unit === "percent" && !comparison(c, q));
  if (rates.length !== 1) return undefined;
  const q = rates[0];
  const pre = before(c, q.start, 44);
  const used = new Set<Quantity>([q]);
  const { cap, total, yearly } = caps(c, used);
  const text = c.n.slice(c.span.start, c.span.end);
  // 超出额/超出部分: only what exceeds a threshold counts.
  if (/超出额|超出部分|超过部分|增量部分/.test(c.n.slice(q.start - 8, q.start))) {
    const th = c.qs.find((x) => x.start < q.start && isMoney(x) && /超过|超出|增长/.test(before(c, x.start, 8)));
    if (!th) return undefined;
    used.add(th);
    const phrase = factPhrase(before(c, th.start));
    if (!usable(phrase)) return undefined;
    const base = spec(c, { phrase, type: "money" });
    return { span: c.span, amount: { kind: "excess", base, threshold: th.value, rate: q.value, ...((cap ?? yearly ?? total) ? { cap: (cap ?? yearly ?? total)!.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
  }
  // "…资金规模达到2000万元的，按其资金规模1%…；达到5000万元的，按不超过1.5%的比例": a rate with no base
  // after a band of the sentence before is of that band's fact.
  const phrase = rateBase(c, q) ?? (c.inherit && c.inherit.type === "money" && /按(?:照)?(?:不超过|不高于|最高)?$/.test(pre) && conditionsOf({ ...c, facts: [...c.facts] }, new Set(used)).some((l) => l.fact === keyOf(c.inherit!)) ? c.inherit.phrase : undefined) ?? bandedBase(c, q);
  if (!phrase) return undefined;
  const share = feeShareOf(c, q, phrase, used);
  if (share) return share;
  // "分别按人民币15万元、25万元、实到外资额的6‰": the rate is one item of a list whose bands this
  // sentence does not state; read alone it would pay every band the rate.
  if (/分别/.test(text) && c.qs.some((x) => isMoney(x) && !isCap(c, x) && x.end <= q.start && /^\s*[、，,]/.test(c.n.slice(x.end, x.end + 2)))) return undefined;
  const converted = CONVERTED.test(c.n.slice(q.end, q.end + 8));
  const upTo = UPTO_RATE.test(pre.slice(-(pre.length - (pre.lastIndexOf("按") >= 0 ? pre.lastIndexOf("按") : 0)))) || undefined;
  const years = periodYears(c);
  // "购置费150万元-200万元 给予购置费的15%": a range of the base is a band, both ends conditions.
  const ranges = rangeConditions(c);
  for (const x of c.qs) if (ranges.some((l) => l.value === x.value && isThresholdUnit(x))) used.add(x);
  const conditions = [...ranges, ...conditionsOf(c, used)];
  // "资金规模达到2000万元…，按不超过其投资鹿城区企业资金规模1%": the rate's base is the threshold's fact,
  // whether or not the document writes 的 in it.
  const bare = (p: string) => p.replace(/的/g, "");
  const same = c.facts.find((f) => f.type === (converted ? "usd" : "money") && bare(f.phrase) === bare(phrase));
  const base = same ? keyOf(same) : spec(c, { phrase, type: converted ? "usd" : "money" });
  // "实缴月租金的80%，最高2000元/月，补贴期不超过2年": a monthly ceiling makes the award monthly.
  const monthly = c.qs.find((x) => x.unit === "yuan" && !used.has(x) && ((x.perUnit && x.measure === "月" && CAP_BEFORE.test(before(c, x.start, 8))) || (!x.perUnit && /每月(?:最高|不超过|最多)$/.test(before(c, x.start, 8)))));
  if (monthly && !cap && !yearly) {
    used.add(monthly);
    return {
      span: c.span,
      amount: { kind: "perPeriod", period: "月", base, rate: q.value, periodCap: monthly.value, ...(years ? { maxYears: years } : {}), ...(total ? { totalCap: total.value } : {}) },
      conditions: conditionsOf(c, used),
      facts: c.facts,
    };
  }
  if (years && /每年|年度|补贴期限|补助期限/.test(text)) {
    return {
      span: c.span,
      amount: { kind: "perPeriod", period: "年", base, rate: q.value, maxPeriods: years, ...((cap ?? yearly) ? { periodCap: (cap ?? yearly)!.value } : {}), ...(total ? { totalCap: total.value } : {}) },
      conditions,
      facts: c.facts,
    };
  }
  // "每家奖励50万元，不高于其…投入资金的50%": the award figure is the ceiling, the rate a second one.
  const award = !cap && !yearly && !total ? c.qs.find((x) => isMoney(x) && !used.has(x) && isAward(c, x) && !ofAShare(c, x)) : undefined;
  if (award) used.add(award);
  const capQ = cap ?? yearly ?? total ?? award;
  // "达到2000万元的，按1%…；达到5000万元的，按1.5%…": one threshold on a money fact is a band, and
  // neighbouring bands of the same fact and base are one scale (only the highest reached counts).
  const money = conditions.filter((l) => typeof l.value === "number" && c.facts.find((f) => keyOf(f) === l.fact)?.type === (converted ? "usd" : "money"));
  const lo = (money.length === 1 || money.length === 2) && (money[0].op === "gte" || money[0].op === "gt") ? money[0] : undefined;
  const loSpec = lo && c.facts.find((f) => keyOf(f) === lo.fact);
  const hi = money.length === 2 && lo && (money[1].op === "lte" || money[1].op === "lt") && money[1].fact === lo.fact ? money[1] : undefined;
  const single = money.length === 1 || !!hi;
  const band = loSpec && single && !capQ && !converted ? { band: { base: loSpec, from: lo!.value as number, fromIncl: lo!.op === "gte", ...(hi ? { to: hi.value as number } : {}), toIncl: hi?.op === "lte", rate: q.value, rateBase: base, ...(upTo ? { upTo: true as const } : {}) } } : {};
  return {
    span: c.span,
    amount: { kind: "rate", base, rate: q.value, ...(capQ ? { cap: capQ.value } : {}), ...(upTo ? { upTo: true } : {}), ...(converted ? { fx: "usdRate" } : {}) },
    conditions,
    facts: c.facts,
    ...band,
  };
}

/**
 * "实际支付费用100万元以上给予30%的补贴" / "…50万元-100万元给予20%的补贴": a table row that pays a bare
 * rate right after its band is a rate of the banded amount.
 */
function bandedBase(c: Ctx, q: Quantity): string | undefined {
  if (!/(?:给予|予以)$/.test(before(c, q.start, 4))) return undefined;
  const first = c.qs.find((x) => x.end <= q.start && isMoney(x) && !isCap(c, x));
  if (!first || c.qs.some((x) => x !== first && x.end <= q.start && isMoney(x) && !RANGE_BETWEEN.test(c.n.slice(first.end, x.start)))) return undefined;
  const p = factPhrase(before(c, first.start));
  return usable(p) && !/奖励|补助|补贴|资助/.test(p) ? p : undefined;
}

/**
 * "按展位费的70%给予…扶持不超过6个标准展位": a share of a fee paid per thing, for at most N of
 * them. The capped count must name what the fee is for (展位费 → 标准展位), or it is another limit.
 */
function feeShareOf(c: Ctx, rateQ: Quantity, fee: string, used: Set<Quantity>): Draft | undefined {
  if (!/费$/.test(fee) || fee.length < 2) return undefined;
  const stem = fee.slice(0, -1).slice(-2);
  for (const q of c.qs) {
    if (q.unit !== "count" || !q.measure || used.has(q) || q.start < rateQ.end) continue;
    if (!/(?:不超过|不高于|最多|最高|上限为?)$/.test(before(c, q.start, 10))) continue;
    const noun = /^[\p{Script=Han}]{1,10}/u.exec(c.n.slice(q.end, c.span.end))?.[0].replace(/(?:的|为|以内|为限|封顶)+$/, "") ?? "";
    if (!noun.includes(stem) || !Number.isInteger(q.value) || q.value <= 0) continue;
    // A money ceiling as well would be dropped: feeShare has none.
    if (c.qs.some((x) => x.unit === "yuan")) return undefined;
    used.add(q);
    const unit = `${q.measure}${noun}`;
    const feeKey = spec(c, { phrase: `每${unit}的${fee}`, type: "money" });
    const units = spec(c, { phrase: `${noun}数`, type: "count", measure: q.measure });
    return { span: c.span, amount: { kind: "feeShare", rate: rateQ.value, fee: feeKey, units, maxUnits: q.value, unit }, conditions: conditionsOf(c, used), facts: c.facts };
  }
  return undefined;
}

const MEASURE = /^(?:平方米|人次|学时|件|台|个|单|次|人|家|项|份|套|张|亩|吨|户|辆|名|所|座|篇|部|条|批|场|位|款|艘|只|头|间|处|株|箱|公斤|千克)$/;

/**
 * 每件资助1000元 / 0.3元/件 / 每台给予采购方购买价30%的补贴，最高不超过500元/台, with the
 * sentence's caps: per year (每个网点每年最多…: per each of those when they are not the applicant)
 * and in total.
 */
/** One step of a schedule of yearly rates: 前两年100% / 后三年50% / 第一年100%. */
const YEAR_STEP = /(前|后|第)\s*([一二两三四五六七八九十\d]+)\s*(?:个)?(年|个月)(?:内)?(?:给予|按|补贴|补助|奖励|享受|的)*\s*(\d+(?:\.\d+)?)\s*%/g;

/**
 * "给予最长五年的房租补贴，其中前两年100%、后三年50%": a rate of a yearly base that changes with the
 * year. Every figure of the sentence must be a step, its span, a ceiling or a condition.
 */
function yearSchedule(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  const found = [...text.matchAll(YEAR_STEP)];
  if (found.length < 2 || new Set(found.map((m) => m[3])).size !== 1) return undefined;
  const steps: { periods: number; rate: number }[] = [];
  let next = 1;
  for (const m of found) {
    const k = parseChineseNumber(m[2]);
    if (!k || k <= 0) return undefined;
    if (m[1] === "第") {
      if (k !== next) return undefined;
      steps.push({ periods: 1, rate: Number(m[4]) });
      next += 1;
    } else {
      if ((m[1] === "前") !== (steps.length === 0)) return undefined;
      steps.push({ periods: k, rate: Number(m[4]) });
      next += k;
    }
  }
  const span = next - 1;
  const period = found[0][3] === "年" ? "年" : "月";
  // "最长五年" / "五年" said before the steps must agree with them.
  const stated = /(?:最长|共|连续)?([一二两三四五六七八九十\d]+)(?:个)?(?:年|个月)(?:的)?[^，,；;。]{0,8}(?:补贴|补助|奖励|扶持)/.exec(text.slice(0, found[0].index));
  if (stated && parseChineseNumber(stated[1]) !== span) return undefined;
  const used = new Set<Quantity>();
  const inStep = (q: Quantity) => found.some((m) => q.start >= c.span.start + m.index! && q.end <= c.span.start + m.index! + m[0].length);
  for (const q of c.qs) if (inStep(q) || (stated && q.start >= c.span.start + stated.index && q.end <= c.span.start + stated.index + stated[0].length)) used.add(q);
  // The base: "按…的" before the first rate, else the thing the 补贴 is of ("房租补贴" → 年房租).
  const firstRate = c.qs.find((q) => q.unit === "percent" && inStep(q));
  const named = firstRate ? rateBase(c, firstRate) : undefined;
  const things = [...text.slice(0, found[0].index).matchAll(/([\p{Script=Han}]{2,4}?)(?:补贴|补助)/gu)];
  const thing = things.at(-1) ?? /^[^，,；;。]{0,4}?([\p{Script=Han}]{2,4}?)(?:补贴|补助)/u.exec(text.slice(found.at(-1)!.index! + found.at(-1)![0].length));
  const noun = named ?? (thing ? thing[1].replace(/^(?:给予|的|年)+/, "") : "");
  if (!usable(noun)) return undefined;
  const base = spec(c, { phrase: named ? noun : `年${noun}`, type: "money" });
  const { cap, total, yearly } = caps(c, used);
  const conditions = conditionsOf(c, used);
  if (c.qs.some((q) => (q.unit === "yuan" || q.unit === "percent") && !used.has(q))) return undefined;
  const totalCap = total ?? cap;
  return {
    span: c.span,
    amount: { kind: "perPeriod", period, base, steps, maxPeriods: span, ...(yearly ? { periodCap: yearly.value } : {}), ...(totalCap ? { totalCap: totalCap.value } : {}) } as Formula,
    conditions,
    facts: c.facts,
  };
}

/** Measure words a price may be per, beyond those a quantity reads right after its 每. */
const PER_MARKER = /每\s*(?:新增|增加|新入驻|新引进|新落户|新设立|新设|新认定|新招用|多|引进|带动|吸纳|招用|安置)?\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)?\s*(人次|平方米|公斤|千克|艘|台|套|人|名|家|项|件|亩|吨|个|户|辆|张|只|头|座|份|部|篇|条|批|场|次|位|款|间|所|处|株|箱)/g;
/** Whom a 每家/每个 is, when it is the applicant itself (每家企业最高50万元): a cap per applicant, not a price. */
const APPLICANT_AFTER = /^(?:企业|单位|机构|项目|主体|申报主体|申报单位|申请人|申请单位|法人|市场主体|创新主体|[^，,；;。]{0,6}(?:企业|单位|机构))/;

interface Marker {
  n: number;
  measure: string;
  at: number;
  end: number;
  /** 每新入驻1家: what happens to each unit counted. */
  verb: string;
}

/** The 每<measure> that prices `q`, in the words of its sentence before it: its count per price and measure. */
function perMarker(c: Ctx, q: Quantity): Marker | undefined {
  const from = c.span.start;
  const words = c.n.slice(from, q.start);
  let found: Marker | undefined;
  for (const m of words.matchAll(PER_MARKER)) {
    const rest = words.slice(m.index + m[0].length);
    // A period (每年/每月) or a later figure of money between them makes it another provision's.
    if (/[；;。]/.test(rest) || /\d\s*(?:万|亿)?\s*元/.test(rest)) continue;
    const counted = m[1] !== undefined || /^每\s*\p{Script=Han}/u.test(m[0]) && !/^每\s*[家个户项]/.test(m[0]);
    if (!counted && /^(?:家|个|户|项)$/.test(m[2]) && (APPLICANT_AFTER.test(rest) || /^(?:给予|奖励|补助|补贴|资助|一次性|最高|不超过|最多)/.test(rest))) continue;
    if (/^(?:年|月)/.test(rest)) continue;
    const n = m[1] ? parseChineseNumber(m[1]) ?? 0 : 1;
    const verb = /^每\s*(\p{Script=Han}*?)\s*(?:\d|[一二两三四五六七八九十百千]|$)/u.exec(m[0].slice(0, m[0].length - m[2].length))?.[1] ?? "";
    found = { n, measure: m[2], at: from + m.index, end: from + m.index + m[0].length, verb };
  }
  return found;
}

/**
 * "单台（套）产品最高50万元，每家企业年度奖励最高200万元": a ceiling per unit counted, then the
 * applicant's own ceilings. The award is at most the count times the unit ceiling, within those.
 */
const UNIT_CEILING = /单(台|套|个|项|件|辆|艘|座|部|款|人|名)(?:[（(][^）)]{1,3}[)）])?([^，,；;。\d]{0,8}?)(?:补贴|奖励|补助|资助)?(?:最高|不超过|最多)(?:给予|奖励|补助|补贴|资助|可达)*$/;
function unitCeiling(c: Ctx): Draft | undefined {
  const money = c.qs.filter((q) => q.unit === "yuan" && !q.perUnit);
  const q = money.find((x) => UNIT_CEILING.test(before(c, x.start, 20)));
  if (!q) return undefined;
  const m = UNIT_CEILING.exec(before(c, q.start, 20))!;
  const measure = m[1];
  // "单个项目/单个企业最高…" bounds what one applicant gets: a ceiling, not a price per unit counted.
  if (/^(?:个|项|家)$/.test(measure) && /^(?:项目|企业|单位|机构|主体|创新主体|申报主体|申报单位|法人|市场主体|园区|基地|平台)/.test(m[2])) return undefined;
  const used = new Set<Quantity>([q]);
  const rest = c.qs.filter((x) => x !== q && (x.unit === "yuan" || x.unit === "percent"));
  // Only the applicant's own ceilings may follow; any other figure is a provision this does not read.
  const { cap, total, yearly } = caps({ ...c, qs: c.qs.filter((x) => x !== q) }, used);
  if (rest.some((x) => !used.has(x))) return undefined;
  const thing = m[2].replace(/^的/, "");
  const lead = c.n.slice(c.span.start, q.start);
  const named = usable(thing) ? new RegExp(`([^，,；;。对]{0,10}${thing})`).exec(lead.slice(0, lead.lastIndexOf(m[0]) >= 0 ? lead.lastIndexOf(m[0]) : lead.length)) : null;
  let phrase = named ? factPhrase(named[1].replace(/^(?:企业|单位)/, "")) : thing;
  if (!usable(phrase)) phrase = `${measure}数`;
  const count = spec(c, { phrase, type: "count", measure });
  const conditions = conditionsOf(c, used);
  const yearlyCap = yearly ?? (cap && /年度|每年/.test(before(c, cap.start, 12)) ? cap : undefined);
  const totalCap = total ?? (cap && cap !== yearlyCap ? cap : undefined);
  return {
    span: c.span,
    amount: { kind: "perUnit", count, unit: measure, amount: q.value, upTo: true, ...(yearlyCap ? { yearlyCap: yearlyCap.value } : {}), ...(totalCap ? { totalCap: totalCap.value } : {}) },
    conditions,
    facts: c.facts,
  };
}

function perUnit(c: Ctx, marker?: Marker): Draft | undefined {
  const markerAt = marker?.at;
  const per = c.qs.filter((q) => q.unit === "yuan" && isPer(q) && q.measure && !isCap(c, q));
  let q: Quantity | undefined;
  let measure: string;
  let priced: { rate: Quantity; price: string; unitCap?: Quantity } | undefined;
  if (per.length === 1) {
    q = per[0];
    measure = q.measure!;
  } else if (per.length === 0) {
    // "每台给予采购方购买价30%的补贴，最高不超过500元/台": a share of each one's price.
    const rates = c.qs.filter((x) => x.unit === "percent" && !comparison(c, x));
    if (rates.length !== 1) return undefined;
    const m = /每(平方米|台|个|件|套|辆|张|部|座|项|份|批|款)[^，,；;。\d]{0,12}$/.exec(before(c, rates[0].start, 16));
    const price = m ? rateBase(c, rates[0]) : undefined;
    if (!m || !price) return undefined;
    // A period or a ceiling of another scope ("补贴期限3年，单套设备最高补贴100万元") is not read here.
    if (periodYears(c) || c.qs.some((x) => isMoney(x))) return undefined;
    measure = m[1];
    priced = { rate: rates[0], price, unitCap: c.qs.find((x) => x.unit === "yuan" && x.perUnit && x.measure === measure && isCap(c, x)) };
  } else return undefined;
  if (!MEASURE.test(measure)) return undefined;
  const used = new Set<Quantity>(q ? [q] : [priced!.rate, ...(priced!.unitCap ? [priced!.unitCap] : [])]);
  const { cap, total, yearly } = caps(c, used);
  const at0 = q ? q.start : priced!.rate.start;
  // The thing counted: the words between 每<measure> and the price ("每件进口件1元"), else those
  // before 每<measure> (or before the price, for "8000元/件").
  const k = markerAt ?? c.n.lastIndexOf(`每${measure}`, at0);
  const at = k >= c.span.start && (markerAt !== undefined || at0 - k < 12) ? k : at0;
  const between0 = q && at === k ? factPhrase(c.n.slice(marker ? marker.end : k + 1 + measure.length, q.start).split(/[，,]/)[0].replace(/(?:给予|奖励|资助|补贴|补助|一次性|最高|不超过|按|再)+/g, "")) : "";
  // "每新入驻1家规上企业": the units counted are those the verb says (新入驻的规上企业).
  const between = marker?.verb && usable(between0) ? `${marker.verb}${between0}` : marker?.verb && !usable(between0) ? `${marker.verb}${measure === "人" ? "人数" : ""}` : between0;
  // Award words are cut before the phrase is: "提交PCT专利申请取得国际检索报告后资助" must not lose its head to the length cut.
  const awardless = (p: string) => p.replace(/^(?:提交|申报)(?=.{4})/, "").replace(/(?:后)?(?:再|额外)?(?:资助|奖励|补贴|补助|给予)+$/, "").replace(/(?<=.{3})后$/, "");
  let phrase = usable(between) && !/(?:资助|奖励|补贴|补助)$/.test(between) ? between : awardless(factPhrase(awardless(before(c, at).replace(/(?:给予|按|对)[^，,]*$/, (m) => (m.length > 12 ? "" : m)))));
  // "对于首次申请发明专利的单位，前5件额外给予2000元/件": the first N are paid, of the thing the applicant is named by.
  const first = /前\s*(\d+|[一二两三四五六七八九十])\s*(件|项|个|台|套|人|家)[^，,；;。\d]{0,6}$/.exec(before(c, q ? q.start : at, 14));
  const maxUnits = first && first[2] === measure ? (/^\d/.test(first[1]) ? Number(first[1]) : parseChineseNumber(first[1])) : undefined;
  if (maxUnits) for (const x of c.qs) if (x.unit === "count" && x.value === maxUnits && x.end <= (q ? q.start : at) && x.start >= (q ? q.start : at) - 14) used.add(x);
  const prevParts = parts(c.text, c.span).filter((p) => p.end <= at);
  const prevPhrase = prevParts.length ? awardless(factPhrase(c.n.slice(prevParts.at(-1)!.start, prevParts.at(-1)!.end))) : "";
  if (maxUnits && usable(prevPhrase)) phrase = prevPhrase.replace(/的?(?:单位|企业|个人|机构|申请人)$/, "");
  if (!usable(phrase)) phrase = prevPhrase;
  phrase = awardless(phrase);
  // "申请美国、日本、欧盟发明专利，获得授权后资助40000元/件": the event is of the thing named before it.
  if (!c.subject && /^(?:获得|取得)/.test(phrase) && usable(prevPhrase) && !/(?:获得|取得|授权)/.test(prevPhrase)) phrase = `${prevPhrase.replace(/^申请/, "")}${phrase}`;
  if (c.subject && (!usable(phrase) || /^(?:获得|申请|取得|提交|经)/.test(phrase))) phrase = `${c.subject}${usable(phrase) ? phrase : ""}`;
  // "补贴标准：每人1000元": the field's label names no thing counted.
  phrase = phrase.replace(/^(?:补贴|补助|奖励|资助|支持|扶持|奖补)?标准$/, "");
  if (!usable(phrase)) phrase = `${measure}数`;
  // "每个网点每年最多补贴3万元": the yearly cap is per outlet, and so is the count it caps.
  const each = yearly ? /每(个|家|处|座|所)?(\p{Script=Han}{1,6}?)每年/u.exec(before(c, yearly.start, 16)) : null;
  const perEach = each && !APPLICANT_NOUN.test(each[2]) ? { key: spec(c, { phrase: `${each[2]}数`, type: "count", measure: each[1] ?? "个" }), unit: `${each[1] ?? "个"}${each[2]}` } : undefined;
  if (perEach) phrase = `每${perEach.unit}每年${phrase}`;
  const count = spec(c, { phrase, type: "count", measure });
  const years = yearly ? periodYears(c) : undefined;
  const price = priced ? spec(c, { phrase: `每${measure}的${priced.price}`, type: "money" }) : undefined;
  // "获得授权后资助8000元/件": the statement names the very event counted; a count of them says it.
  const counted = (l: Leaf) => l.value === true && typeof l.label === "string" && l.label.length >= 4 && phrase.includes(l.label.replace(/后$/, ""));
  const conditions = conditionsOf(c, used);
  const own = conditions.filter(counted).map((l) => l.fact);
  if (own.length) c.facts = c.facts.filter((f) => !own.includes(keyOf(f)) || keyOf(f) === count);
  return {
    span: c.span,
    amount: {
      kind: "perUnit",
      count,
      unit: measure,
      ...(q ? { amount: q.value } : { rate: priced!.rate.value, price, ...(priced!.unitCap ? { unitCap: priced!.unitCap.value } : {}) }),
      ...(yearly ? { yearlyCap: yearly.value } : {}),
      ...((total ?? cap) ? { totalCap: (total ?? cap)!.value } : {}),
      ...(years ? { maxYears: years } : {}),
      ...(maxUnits ? { maxUnits } : {}),
      ...(perEach ? { perEach: perEach.key, eachUnit: perEach.unit } : {}),
    },
    conditions: conditions.filter((l) => !counted(l)),
    facts: c.facts,
  };
}

/** 一次性补助5万元，每运营满1年再给予补助2万元，最长不超过3年: a one-off sum, then one per year of operation. */
function oncePlusRecurring(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  const y = YEAR_ON_YEAR.exec(text);
  const maxYears = periodYears(c);
  if (!y || !maxYears) return undefined;
  const at = c.span.start + y.index;
  const money = c.qs.filter(isMoney);
  const once = money.filter((q) => q.end <= at);
  const rec = money.filter((q) => q.start >= at + y[0].length);
  if (once.length !== 1 || !rec.length || !/一次性/.test(before(c, once[0].start, 10))) return undefined;
  if (money.length !== 2 || c.qs.some((q) => q.unit === "percent")) return undefined;
  const used = new Set<Quantity>([once[0], rec[0], ...c.qs.filter((q) => q.unit === "years" && q.start >= at && q.end <= at + y[0].length)]);
  const verb = /每(运营|经营|营业|使用|运行)/.exec(y[0])?.[1] ?? "运营";
  const years = spec(c, { phrase: `${verb}年数`, type: "years" });
  return { span: c.span, amount: { kind: "onceplusRecurring", once: once[0].value, recurring: rec[0].value, years, maxYears }, conditions: conditionsOf(c, used), facts: c.facts };
}

/** 给予20万元一次性奖励 / 最高不超过100万元的资助, with the sentence's thresholds as conditions. */
function fixedOrCap(c: Ctx): Draft | undefined {
  const used = new Set<Quantity>();
  const conditions = conditionsOf(c, used);
  const money = c.qs.filter((q) => isMoney(q) && !used.has(q));
  if (money.length !== 1) return undefined;
  const q = money[0];
  if (c.qs.some((x) => x.unit === "percent" && !used.has(x))) return undefined;
  // "每平方米每月最高20元" prices an area per month: not readable as one award.
  if (/每[^，,。；;\d]{1,4}每(?:月|年)/.test(before(c, q.start, 14))) return undefined;
  const text = c.n.slice(c.span.start, c.span.end);
  if (!pays(c.n, c.span)) return undefined;
  const cap = isCap(c, q);
  if (!isAward(c, q) && !(cap && /给予|奖励|补助|补贴|资助/.test(text))) return undefined;
  // "各类扶持资金总额不超过500万元": a limit on everything the document pays, not an award.
  if (cap && /享受|各类|合计|累计/.test(before(c, q.start, 30)) && !/给予/.test(before(c, q.start, 30))) return undefined;
  used.add(q);
  const band = bandOf(c, conditions);
  const notes = c.notes?.length ? { notes: c.notes } : {};
  // "每月给予10万元的奖励": an amount per month (or year) of qualifying time.
  const per = /每\s*(月|年)(?:度)?(?:给予|奖励|补贴|补助|发放|安排)*$/.exec(before(c, q.start, 10));
  if (per && !cap) {
    // "每人每月3000元": per head as well as per month; without the head count it would pay one person's.
    if (/每(?:人|名)/.test(before(c, q.start, 12))) return undefined;
    const period = per[1] as "月" | "年";
    const max = period === "月" ? /(?:最长|不超过|最多)\s*(\d+)\s*个月/.exec(text) : /(?:最长|不超过|最多|连续)\s*(\d+)\s*年/.exec(text);
    const periods = spec(c, { phrase: period === "月" ? "月数" : "年数", type: period === "月" ? "months" : "years" });
    return { span: c.span, amount: { kind: "perPeriod", period, amount: q.value, periods, ...(max ? { maxPeriods: Number(max[1]) } : {}) }, conditions, facts: c.facts, ...notes };
  }
  if (isCap(c, q)) {
    // "按其实际投入给予主办方不超过50万元的奖励": the award is what was spent, up to the ceiling.
    const m = /按(?:照)?(?:其)?([^，,；;。%\d]{2,24}?)(?:给予|予以)[^，,；;。\d]{0,12}(?:[，,][^，,；;。\d]{0,10})?$/.exec(c.n.slice(Math.max(c.span.start, q.start - 44), q.start));
    const phrase = m ? factPhrase(m[1]) : "";
    const base = usable(phrase) && COST_NOUN.test(phrase) ? spec(c, { phrase, type: "money" }) : undefined;
    return { span: c.span, amount: { kind: "upTo", cap: q.value, ...(base ? { base } : {}) }, conditions, facts: c.facts, ...notes };
  }
  // A recurring amount the period reading did not take is not a one-off award either.
  if (q.perUnit && /^(?:年|月)$/.test(q.measure ?? "")) return undefined;
  // "每艘钢制渔船减船转产补助2万元", "每50公斤粮食补助5元": a price per unit counted, its 每 further from the
  // figure than a quantity's own 每. Paid once, it would be one unit's price told as the whole award.
  const marker = perMarker(c, q);
  if (marker) {
    if (marker.n !== 1) return undefined;
    const priced = { ...c, qs: c.qs.map((x) => (x === q ? { ...x, perUnit: true, measure: marker.measure } : x)) };
    return perUnit(priced, marker);
  }
  const draft: Draft = { span: c.span, amount: { kind: "fixed", amount: q.value, once: true }, conditions, facts: c.facts, ...notes };
  if (band) draft.band = { ...band, amount: q.value };
  return draft;
}

/** A single band "X（含）至Y的，奖励Z" as conditions on one fact; neighbours may merge into a table. */
function bandOf(c: Ctx, conditions: Leaf[]): Omit<NonNullable<Draft["band"]>, "amount"> | undefined {
  if (!conditions.length || conditions.some((l) => l.fact !== conditions[0].fact)) return undefined;
  const base = c.facts.find((f) => keyOf(f) === conditions[0].fact);
  if (!base || conditions.length > 2) return undefined;
  const lo = conditions.find((l) => l.op === "gte" || l.op === "gt");
  const hi = conditions.find((l) => l.op === "lt" || l.op === "lte");
  return {
    base,
    ...(lo ? { from: lo.value as number } : {}),
    fromIncl: lo?.op !== "gt",
    ...(hi ? { to: hi.value as number } : {}),
    toIncl: hi?.op === "lte",
  };
}

/** "1亿（含）至5亿元的": a range threshold is two conditions on the same fact. */
function rangeConditions(c: Ctx): Leaf[] {
  const out: Leaf[] = [];
  const qs = c.qs.filter((q) => isThresholdUnit(q) && q.unit !== "percent");
  for (let i = 0; i + 1 < qs.length; i++) {
    const a = qs[i];
    const b = qs[i + 1];
    const between = c.n.slice(a.end, b.start);
    if (!/^\s*(?:[(（]不?含[)）])?\s*(?:以上)?\s*[-~～—–至到]\s*$/.test(between) || a.unit !== b.unit) continue;
    const post = c.n.slice(b.end, b.end + 8);
    if (REWARD.test(c.n.slice(Math.max(c.span.start, a.start - 6), a.start)) && !/的|企业|项目/.test(post)) continue;
    let phrase = factPhrase(before(c, a.start));
    if (!usable(phrase) && c.banded) phrase = c.banded;
    if (!usable(phrase)) continue;
    const key = spec(c, specFor(a, phrase));
    const fromIncl = !/不含/.test(between);
    const toIncl = /^(?:[(（]含[)）])/.test(post) || /[(（]含[)）]$/.test(b.raw);
    out.push({ fact: key, op: fromIncl ? "gte" : "gt", value: a.value, word: fromIncl ? "(含)以上" : "以上(不含)", label: `${phrase}${a.raw}${fromIncl ? "（含）" : ""}以上` });
    out.push({ fact: key, op: toIncl ? "lte" : "lt", value: b.value, word: toIncl ? "(含)以下" : "以下(不含)", label: `${phrase}不足${b.raw}` });
    i++;
  }
  return out;
}

/** Read one sentence. */
export function recognise(text: string, span: Span): Draft | undefined {
  return recogniseAll(text, span)[0];
}

/**
 * Read one sentence; a sentence that lists several awards ("申请费资助1000元/件，获得授权后资助8000元/件")
 * is read part by part, each part named with the subject of the part before it when it has none.
 */
export function recogniseAll(text: string, span: Span, inherit?: Inherit): Draft[] {
  const n = normalizeSameLength(text);
  const ps = parts(text, span);
  const alt = alternativesOf(text, span, ps, inherit) ?? amountSchedule(text, span) ?? categoryRates(text, span) ?? categoryAmounts(text, span) ?? yearSplit(text, span) ?? perFullYear(text, span) ?? perHeadPeriod(text, span) ?? headBands(text, span) ?? perActUnit(text, span);
  if (alt) return alt;
  // Awards in different comma parts with no 分别 list joining them are separate provisions.
  const c: Ctx = { text, n, span, qs: quantitiesOf(n, span), parts: ps, facts: [] };
  const awards = c.qs.filter((q) => q.unit === "yuan" && (isPer(q) || (isAward(c, q) && !isCap(c, q))));
  const partsWithAward = new Set(awards.map((q) => ps.findIndex((p) => p.start <= q.start && q.end <= p.end)));
  const listed = /分别/.test(n.slice(span.start, span.end)) || listStart(c) >= 0;
  // A step ("每实现2000万元，给予2万元") is one provision across its parts, and a part inside
  // brackets ("（获…费用减缓的，职务发明每件资助1000元）") is an exception, not an award of its own.
  const stepped = STEP.test(n.slice(span.start, span.end)) || STEP_WORDS.test(n.slice(span.start, span.end)) || YEAR_ON_YEAR.test(n.slice(span.start, span.end));
  // "（获国家知识产权局费用减缓的，不再给予资助）" pays nothing: only an award inside brackets joins the parts.
  const bracketed = ps.slice(0, -1).some((p) => bracketDepth(n, span.start, p.end) > 0 && awards.some((q) => bracketDepth(n, span.start, q.start) > 0 && q.start >= p.start));
  if (awards.length >= 2 && partsWithAward.size >= 2 && !listed && !stepped && !bracketed && ps.length >= 2) {
    const out: Draft[] = [];
    let subject = "";
    let banded: string | undefined;
    let pending: { conditions: Leaf[]; facts: FactSpec[]; start: number } | undefined;
    for (const p of ps) {
      const d = recogniseOne(text, p, subject, banded, inherit);
      if (!d) {
        // "200万美元以上的，…另奖励20万元": a part with only a threshold conditions the award after it.
        const t = thresholdsOnly(text, p, banded);
        if (t) pending = { ...t, start: p.start };
        // "…按3元/月•平方米给予补助，对首次“小升规”企业，按2元/月•平方米…": a new whom-clause after an
        // award names who the next award is for; read apart, that award would be everyone's.
        else if (out.length && /^\s*(?:对于|对|凡)/.test(n.slice(p.start, p.end)) && !/\d/.test(n.slice(p.start, p.end))) {
          out.length = 0;
          break;
        }
        // "（获…费用减缓的，不再给予资助）" right after an award is its exception: quoted with it.
        else if (out.length && bracketDepth(n, span.start, p.start) > 0 && !/\d/.test(n.slice(p.start, p.end))) out[out.length - 1].span = { start: out[out.length - 1].span.start, end: p.end };
      } else if (pending) {
        d.conditions = [...pending.conditions, ...d.conditions];
        d.facts.push(...pending.facts);
        d.span = { start: pending.start, end: d.span.end };
        const lo = pending.conditions.find((l) => l.op === "gte" || l.op === "gt");
        const base = lo && pending.facts.find((f) => keyOf(f) === lo.fact);
        // "面积100-200亩的，奖励1万元，200至300亩的奖励2万元…": a range opens the table as well as a floor does.
        const hi = lo && pending.conditions.find((l) => (l.op === "lt" || l.op === "lte") && l.fact === lo.fact && typeof l.value === "number");
        const ranged = hi && pending.conditions.length === 2 ? { to: hi.value as number, toIncl: hi.op === "lte" } : pending.conditions.length === 1 ? { toIncl: false } : undefined;
        if (base && d.amount.kind === "fixed" && ranged) d.band = { base, from: lo.value as number, fromIncl: lo.op === "gte", ...ranged, amount: d.amount.amount };
        pending = undefined;
      }
      if (d) out.push(d);
      const numeric = d?.conditions.find((l) => typeof l.value === "number");
      if (numeric) banded = d!.facts.find((f) => keyOf(f) === numeric.fact)?.phrase ?? banded;
      const own = factPhrase(n.slice(p.start, p.end).replace(/[\d.]+(?:万|亿)?元.*$/, ""));
      if (usable(own) && !/资助|奖励|补贴|补助|总额/.test(own)) subject = own;
      // "国内发明专利申请进入实质审查后每件资助3000元，获得授权后每件再资助12000元": the thing counted
      // before is what the later event is of.
      else if (d?.amount.kind === "perUnit") {
        const thing = (d.facts.find((f) => keyOf(f) === (d.amount as { count: string }).count)?.phrase ?? "").split(/申请|进入|获得|取得|提交|授权/)[0];
        if (usable(thing)) subject = thing;
      }
    }
    if (out.length) return out;
  }
  const d = recogniseOne(text, span, "", undefined, inherit);
  return d ? [d] : [];
}

/**
 * "按其固定资产投资额的10%给予投资补助，或按年利率6%给予两年的贷款贴息补助": two ways of paying one
 * provision, the applicant gets one of them. Each is read on its own; the second is quoted from the
 * sentence start so that whom it is for stays in its quote. Both must read, and the words before
 * the first must hold no figure (they are the shared conditions), or the sentence is not split.
 */
function alternativesOf(text: string, span: Span, ps: Span[], inherit?: Inherit): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const k = ps.findIndex((p, i) => i > 0 && /^\s*或(?:者)?(?:按|给予|予以|一次性)/.test(n.slice(p.start, p.end)));
  if (k < 0 || ps.slice(k + 1).some((p) => /^\s*或/.test(n.slice(p.start, p.end)))) return undefined;
  const left = recogniseOne(text, { start: span.start, end: ps[k - 1].end }, "");
  const at = ps[k].start + (/^\s*或者/.test(n.slice(ps[k].start)) ? n.indexOf("或者", ps[k].start) + 2 - ps[k].start : n.indexOf("或", ps[k].start) + 1 - ps[k].start);
  const right = recogniseOne(text, { start: at, end: span.end }, "", undefined, inherit);
  if (!left || !right) return undefined;
  // The shared lead: the parts before the one the first award's figure sits in.
  const figure = findQuantities(n.slice(span.start, ps[k - 1].end)).find((q) => q.unit === "yuan" || q.unit === "percent");
  const lead = figure ? n.slice(span.start, span.start + figure.start) : "";
  if (/\d/.test(lead.replace(/[^，,]*$/, ""))) return undefined;
  const shared = left.conditions.filter((l) => typeof l.value === "boolean");
  right.conditions = [...shared, ...right.conditions];
  right.facts.push(...left.facts.filter((f) => shared.some((l) => l.fact === keyOf(f))));
  right.span = { start: span.start, end: span.end };
  const group = `或${span.start}`;
  // One provision sentence, read as two rules: the report counts the sentence once.
  left.sentences = 0;
  for (const d of [left, right]) {
    d.alternative = group;
    d.notes = [...(d.notes ?? []), "本条所列两种支持方式只享受其一"];
  }
  return [left, right];
}

/**
 * "购置国际进口设备、列入市级和省级以上技改重点项目的，分别按实际投资额的10%、12%、15%补助": rates by
 * categories that are not levels. Each category is a yes/no statement named by its list item (a
 * bare level borrows the words the last item grades: 列入市级 → 列入市级技改重点项目), each rate a rule
 * of its own; one applies (the highest the applicant qualifies for). The list must hold exactly as
 * many items as rates, and nothing else in the sentence may carry a figure.
 */
function categoryRates(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const k = n.indexOf("分别", span.start);
  if (k < 0 || k >= span.end) return undefined;
  const qs = quantitiesOf(n, span);
  const rates = qs.filter((q) => q.unit === "percent");
  if (rates.length < 2 || qs.some((q) => q.start < k || (q.unit !== "percent" && !(q.unit === "yuan" && CAP_BEFORE.test(n.slice(Math.max(span.start, q.start - 12), q.start)))))) return undefined;
  if (!rates.slice(1).every((q, i) => /^\s*[、,，和及]\s*$/.test(n.slice(rates[i].end, q.start)))) return undefined;
  const lead = n.slice(span.start, k).replace(/[，,\s]+$/, "");
  const m = /(?:^|[，,：:])(?:对|凡|对于)?([^，,：:]+?)的$/.exec(lead);
  if (!m) return undefined;
  const items = m[1].split(/[、和及与]/).map((x) => x.trim()).filter(Boolean);
  if (items.length !== rates.length) return undefined;
  // Level lists (国家级、省级…) are lookups, read by `respectively`.
  if (items.every((x) => new RegExp(`^(?:${LEVEL.source})`).test(x))) return undefined;
  const levelAt = (x: string) => new RegExp(`(?:${LEVEL.source})(?:以上|及以上)?`).exec(x);
  const lastLevel = levelAt(items.at(-1)!);
  const tail = lastLevel ? items.at(-1)!.slice(lastLevel.index + lastLevel[0].length) : "";
  const names = items.map((x, i) => {
    const lv = levelAt(x);
    // "列入市级" names only a level: it grades what the last item names.
    if (lv && lv.index + lv[0].length === x.length && tail) return `${x}${tail}`;
    // "省级以上技改重点项目" takes the verb of the item before ("列入").
    if (i > 0 && lv && lv.index === 0) {
      const verb = /^([^级]{1,3}?)(?=(?:国家|国际|全国|省|市|区|县)级?)/.exec(items[i - 1])?.[1];
      if (verb) return `${verb}${x}`;
    }
    return x;
  });
  if (names.some((x) => !usable(x) || x.length > 24) || new Set(names).size !== names.length) return undefined;
  const out: Draft[] = [];
  for (const [i, q] of rates.entries()) {
    const c: Ctx = { text, n, span, qs, parts: parts(text, span), facts: [] };
    const phrase = rateBase(c, rates[0]);
    if (!phrase) return undefined;
    const base = spec(c, { phrase, type: "money" });
    const used = new Set<Quantity>(rates);
    const { cap, total, yearly } = caps(c, used);
    const capQ = cap ?? total ?? yearly;
    const statement = spec(c, { phrase: names[i], type: "boolean" });
    out.push({
      span,
      amount: { kind: "rate", base, rate: q.value, ...(capQ ? { cap: capQ.value } : {}) },
      conditions: [{ fact: statement, op: "eq", value: true, label: names[i] }],
      facts: c.facts,
      alternative: `类${span.start}`,
      ...(i > 0 ? { sentences: 0 } : {}),
    });
  }
  return out;
}

/**
 * "前2年按其缴纳税收地方留成部分的80%给予奖励，后3年按50%给予奖励": a rate that changes with the year.
 * One per-year rule for each period, the base named once; anything else with a figure (a cap aside)
 * leaves the sentence to its quote.
 */
function yearSplit(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const qs = quantitiesOf(n, span);
  const years = qs.filter((q) => q.unit === "years" && /[前后]$/.test(n.slice(Math.max(span.start, q.start - 1), q.start)));
  const rates = qs.filter((q) => q.unit === "percent");
  if (years.length !== 2 || rates.length !== 2) return undefined;
  const [y1, y2] = years;
  const [r1, r2] = rates;
  if (n[y1.start - 1] !== "前" || n[y2.start - 1] !== "后" || !(y1.end <= r1.start && r1.end <= y2.start && y2.end <= r2.start)) return undefined;
  const c: Ctx = { text, n, span, qs, parts: parts(text, span), facts: [] };
  const phrase = rateBase(c, r1);
  if (!phrase) return undefined;
  const base = spec(c, { phrase, type: "money" });
  const used = new Set<Quantity>([...years, ...rates]);
  const { cap, yearly, total } = caps(c, used);
  const conditions = conditionsOf(c, used);
  if (qs.some((q) => !used.has(q)) || (cap && !yearly && !total)) return undefined;
  return [
    [y1, r1],
    [y2, r2],
  ].map(([y, r], i) => ({
    span,
    amount: { kind: "perPeriod", period: "年", base, rate: r.value, maxPeriods: y.value, ...(yearly ? { periodCap: yearly.value } : {}), ...(total ? { totalCap: total.value } : {}) },
    conditions,
    facts: c.facts,
    years: i === 0 ? `前${y.raw}` : `其后${y.raw}（第${y1.value + 1}至${y1.value + y.value}年）`,
    ...(i > 0 ? { sentences: 0 } : {}),
  }));
}

const SCHEDULE_TOTAL = /(?:共|合计|总计|累计|总额)(?:给予|奖励|补助|补贴|资助|拨付)?\s*$/;
const SCHEDULE_ITEM = /第([一二三四五六七八九十\d]+)(年|期|次|批)(?:度)?[，,]?\s*(?:再)?(?:给予|奖励|补助|补贴|资助|拨付|兑现|发放)?\s*$/;

/**
 * "分三年共给予60万元奖励，第一年给予30万元，第二年给予20万元，第三年给予10万元": one award of a
 * total paid in instalments that add up to it. The total is the amount; the instalments are its
 * stages. Instalments that do not add up to the total, or any other figure, leave the sentence alone.
 */
function amountSchedule(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const qs = quantitiesOf(n, span);
  const c: Ctx = { text, n, span, qs, parts: parts(text, span), facts: [] };
  const total = qs.find((q) => isMoney(q) && SCHEDULE_TOTAL.test(before(c, q.start, 8)));
  if (!total) return undefined;
  const items = qs
    .filter((q) => isMoney(q) && q.start > total.end)
    .map((q) => ({ q, m: SCHEDULE_ITEM.exec(before(c, q.start, 12)) }))
    .filter((x): x is { q: Quantity; m: RegExpExecArray } => !!x.m);
  if (items.length < 2) return undefined;
  const ordinals = items.map(({ m }) => parseChineseNumber(m[1]));
  if (ordinals.some((o, i) => o !== i + 1)) return undefined;
  const sum = items.reduce((a, { q }) => a + Math.round(q.value * 100), 0);
  if (sum !== Math.round(total.value * 100)) return undefined;
  const used = new Set<Quantity>([total, ...items.map((x) => x.q)]);
  // "分三年": the count of instalments, said in words, is no figure of its own.
  for (const q of qs) if (!used.has(q) && (q.unit === "years" || q.unit === "count") && q.value === items.length && q.end <= total.start) used.add(q);
  const conditions = conditionsOf(c, used);
  if (qs.some((q) => !used.has(q))) return undefined;
  const unit = items[0].m[2];
  return [
    {
      span,
      amount: { kind: "staged", stages: items.map(({ q, m }) => ({ label: `第${m[1]}${unit}`, amount: q.value, upTo: false })), totalCap: total.value },
      conditions,
      facts: c.facts,
    },
  ];
}

const FULL_YEAR = /每(?:连续)?((?:租|运营|经营|入驻|服务|工作)?满)1年(?:的)?[，,]?(?:再)?(?:给予|补贴|奖励|补助|资助)/;
const YEARS_LIMIT = /(?:累计|最长|最多|补贴期限|期限)(?:不超过|不得超过)?$/;

/**
 * "每连续租满1年补贴6000元，累计不超过3年": an amount for each full year, up to N years. The count of
 * years is the asker's (连续租满几年); a sentence with any other figure stays quote-only.
 */
function perFullYear(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const m = FULL_YEAR.exec(n.slice(span.start, span.end));
  if (!m) return undefined;
  const qs = quantitiesOf(n, span);
  const c: Ctx = { text, n, span, qs, parts: parts(text, span), facts: [] };
  const at = span.start + m.index;
  const one = qs.find((q) => q.unit === "years" && q.value === 1 && q.start > at && q.start < at + m[0].length);
  const amount = qs.find((q) => isMoney(q) && q.start >= at + m[0].length - 2 && q.start - (at + m[0].length) <= 8);
  const limit = qs.find((q) => q.unit === "years" && q !== one && q.start > (amount?.end ?? Infinity) && YEARS_LIMIT.test(before(c, q.start, 8)));
  if (!one || !amount || !limit) return undefined;
  const used = new Set<Quantity>([one, amount, limit]);
  const conditions = conditionsOf(c, used);
  if (qs.some((q) => !used.has(q))) return undefined;
  const what = factPhrase(`${/连续/.test(m[0]) ? "连续" : ""}${m[1].replace(/满$/, "")}满年数`);
  const periods = spec(c, { phrase: usable(what) ? what : "满年数", type: "years" });
  return [{ span, amount: { kind: "perPeriod", period: "年", amount: amount.value, periods, maxPeriods: limit.value }, conditions, facts: c.facts }];
}

/** How many brackets are open at `at`. */
function bracketDepth(n: string, from: number, at: number): number {
  let d = 0;
  for (let i = from; i < at; i++) {
    if (n[i] === "(" || n[i] === "（") d++;
    else if ((n[i] === ")" || n[i] === "）") && d > 0) d--;
  }
  return d;
}

/**
 * A sentence with a threshold the recogniser cannot name, or a step it cannot compute
 * ("每超过1亿元…"), stays quote-only: any draft of it would pay the wrong amount.
 */
function recogniseOne(text: string, span: Span, subject: string, banded?: string, inherit?: Inherit): Draft | undefined {
  const flags = { unread: false };
  const d = readOne(text, span, subject, banded, inherit, flags);
  if (!d || flags.unread) return undefined;
  // "每新设一家连锁门店，给予1万元" is a price per store set up: per unit, it pays each; any other draft would not.
  if (d.amount.kind !== "perStep" && d.amount.kind !== "perUnit" && STEP_WORDS.test(normalizeSameLength(text).slice(span.start, span.end))) return undefined;
  return d;
}

/** "奖励各街道10万元", "给予园区运营方10万元": the award goes to another party than the applicant. */
export function otherParty(sentence: string): string | undefined {
  for (const m of sentence.matchAll(/(?:给予|奖励|补助|补贴|资助|奖补|拨付)(?:给)?(?:各)?(\p{Script=Han}{2,8}?)(?=一次性|不超过|最高|最多|按|每|\d|[一二两三四五六七八九十百千]+(?:万|亿)?元|[，,])/gu))
    if (OTHER_PARTY.test(m[1])) return m[1];
  return undefined;
}

/**
 * The span names a payment: an award noun, or the pay verb with a figure ("给予购置费的15%") in a table
 * row that names no award noun anywhere; a comma part of a sentence that does is no provision of its own.
 */
function pays(n: string, span: Span): boolean {
  const own = n.slice(span.start, span.end);
  if (REWARD.test(own)) return true;
  if (!PAY_VERB_FIGURE.test(own)) return false;
  let a = span.start;
  while (a > 0 && !/[。；;\n]/.test(n[a - 1])) a--;
  let b = span.end;
  while (b < n.length && !/[。；;\n]/.test(n[b])) b++;
  return !REWARD.test(n.slice(a, b));
}

function readOne(text: string, span: Span, subject: string, banded: string | undefined, inherit: Inherit | undefined, flags: { unread: boolean }): Draft | undefined {
  const n = normalizeSameLength(text);
  // An award to another party is never offered to the applicant: quote-only, for review.
  if (otherParty(n.slice(span.start, span.end))) {
    flags.unread = true;
    return undefined;
  }
  const local = quantitiesOf(n, span);
  const c: Ctx = { text, n, span, qs: local, parts: parts(text, span), facts: [], subject, ...(banded ? { banded } : {}), ...(inherit && !inherit.bands ? { inherit } : {}), ...(inherit?.bands ? { above: inherit } : {}), flags, unnamed: new Set() };
  const sentence = n.slice(span.start, span.end);
  if (!pays(n, span)) return undefined;
  if (MATCH_RATIO.test(sentence)) return matching(c);
  if (!c.qs.some((q) => q.unit === "yuan" || q.unit === "percent" || q.unit === "times")) {
    if (NO_FIGURE.test(sentence)) return { span, amount: { kind: "unspecified", note: "文件未规定具体金额（一事一议或择优），以主管部门核定为准" }, conditions: [], facts: [] };
    return undefined;
  }
  const shapes = [yearSchedule, respectively, perStep, oncePlusRecurring, multiple, rateRange, amountRange, areaRentOf, unitCeiling, perHeadsOf, perUnit, progressive, interest, rate];
  for (const shape of shapes) {
    const d = shape(c);
    if (d) return d;
  }
  // Ranges as conditions ("营业收入5亿（含）至10亿元的，给予200万元"), then a single amount.
  const ranges = rangeConditions(c);
  if (ranges.length) {
    const rest = { ...c, qs: c.qs.filter((q) => !ranges.some((l) => l.value === q.value && isThresholdUnit(q))) };
    const d = fixedOrCap(rest);
    if (d) {
      const key = ranges[0].fact;
      const base = c.facts.find((f) => keyOf(f) === key)!;
      const lo = ranges[0];
      const hi = ranges[1];
      d.conditions = [...ranges, ...d.conditions];
      if (d.amount.kind === "fixed" && ranges.length === 2) d.band = { base, from: lo.value as number, fromIncl: lo.op === "gte", to: hi.value as number, toIncl: hi.op === "lte", amount: d.amount.amount };
      return d;
    }
    return undefined;
  }
  return fixedOrCap(c);
}

export type { Cond };

/** A sentence that only states thresholds (申报条件): its conditions, for a qualification rule. */
export function thresholdsOnly(text: string, span: Span, banded?: string): { conditions: Leaf[]; facts: FactSpec[] } | undefined {
  const n = normalizeSameLength(text);
  const qs = quantitiesOf(n, span);
  if (!qs.length) return undefined;
  const c: Ctx = { text, n, span, qs, parts: parts(text, span), facts: [], ...(banded ? { banded } : {}) };
  const ranges = rangeConditions(c);
  const used = new Set<Quantity>(qs.filter((q) => ranges.some((l) => l.value === q.value)));
  const conditions = [...ranges, ...conditionsOf(c, used)];
  return conditions.length ? { conditions, facts: c.facts } : undefined;
}

/**
 * Fee ceilings, one per "…不超过R%" of the sentence: "对单户担保金额500万元及以下的…收取的担保费率原则上
 * 不超过1%，对单户担保金额500万元以上的…不超过1.5%". Each piece keeps its own band of the amount guaranteed;
 * a 担保费率 is a rate of that amount, a 收费 of what the sentence names (承担风险责任的0.3%).
 */
export function feeCeilings(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const found = [...n.slice(span.start, span.end).matchAll(FEE_CEILING)];
  if (!found.length) return undefined;
  const out: Draft[] = [];
  let from = span.start;
  for (const m of found) {
    const end = span.start + m.index + m[0].length;
    while (from < end && /[，,；;\s]/.test(n[from])) from++;
    const piece: Span = { start: from, end };
    from = end;
    const flags = { unread: false };
    const c: Ctx = { ...ctxOf(text, piece, n), subject: "", flags, unnamed: new Set() };
    const q = c.qs.find((x) => x.unit === "percent" && x.end === end);
    if (!q) return undefined;
    const used = new Set<Quantity>([q]);
    const conditions = conditionsOf(c, used);
    if (flags.unread) return undefined;
    let base: string;
    if (m[2]) {
      const phrase = factPhrase(m[2]);
      if (!usable(phrase)) return undefined;
      // "承担风险责任的0.3%": the amount of the liability borne.
      base = spec(c, { phrase: /(?:额|金|费|款|资|本|值|价|入|出)$/.test(phrase) ? phrase : `${phrase}金额`, type: "money" });
    } else {
      const guaranteed = c.facts.find((f) => f.type === "money" && f.phrase.endsWith(FEE_RATE_BASE));
      base = guaranteed ? keyOf(guaranteed) : spec(c, { phrase: FEE_RATE_BASE, type: "money" });
    }
    out.push({ span: piece, amount: { kind: "rate", base, rate: q.value, upTo: true }, conditions, facts: c.facts, fee: true });
  }
  // "500万元及以下…1%，500万元以上…1.5%": beside its complement, 以上 leaves the shared bound out.
  for (const d of out) {
    for (const l of d.conditions) {
      if (l.op !== "gte" || typeof l.value !== "number") continue;
      if (out.some((o) => o !== d && o.conditions.some((k) => k.fact === l.fact && k.op === "lte" && k.value === l.value))) l.op = "gt";
    }
  }
  return out;
}

/**
 * "…人才发放住房补贴，其中本科生2万元，硕士研究生4万元，博士研究生6万元": after the award, 其中 lists what
 * each kind of applicant gets. One rule per kind, the lead's conditions on each; the asker is one kind.
 */
function categoryAmounts(text: string, span: Span): Draft[] | undefined {
  const n = normalizeSameLength(text);
  const k = n.indexOf("其中", span.start);
  if (k < 0 || k >= span.end) return undefined;
  const lead: Span = { start: span.start, end: k };
  const leadText = n.slice(lead.start, lead.end);
  if (!REWARD.test(leadText) || !/(?:给予|发放|享受|奖励|补贴|补助)[^，,；;。]{0,10}[，,：:]?\s*$/.test(leadText)) return undefined;
  const leadCtx: Ctx = { ...ctxOf(text, lead, n), flags: { unread: false }, unnamed: new Set() };
  if (leadCtx.qs.some((q) => q.unit === "yuan" || q.unit === "percent")) return undefined;
  const items: { name: string; q: Quantity }[] = [];
  let at = k + 2;
  for (const piece of n.slice(k + 2, span.end).split(/[，,、；;]/)) {
    const start = at;
    at += piece.length + 1;
    const t = piece.trim();
    if (!t) continue;
    const qs = quantitiesOf(n, { start, end: start + piece.length });
    const m = /^([^\d，,]{2,12}?)(?:为|给予|补贴|奖励|补助)?$/.exec(n.slice(start, qs[0]?.start ?? start).trim());
    if (qs.length !== 1 || qs[0].unit !== "yuan" || qs[0].perUnit || !m || n.slice(qs[0].end, start + piece.length).trim()) return undefined;
    items.push({ name: m[1], q: qs[0] });
  }
  if (items.length < 2 || items.some((x) => !usable(x.name)) || new Set(items.map((x) => x.name)).size !== items.length) return undefined;
  const leadConds = conditionsOf(leadCtx, new Set());
  if (leadCtx.flags?.unread) return undefined;
  // "对新引进落户工作的…人才发放住房补贴": whom the award is for stays a condition of every kind.
  if (/^\s*(?:对于|对|凡)/.test(leadText) && !leadConds.length) {
    const whom = /^\s*(?:对于|对|凡是|凡)([^，,；;。]{2,40}?)的?(?:发放|给予|奖励|补贴|补助|享受)/.exec(leadText)?.[1].replace(/[“”"《》\s]/g, "");
    if (!whom || !usable(whom) || whom.length > 30 || /\d/.test(whom)) return undefined;
    leadConds.push({ fact: spec(leadCtx, { phrase: whom, type: "boolean" }), op: "eq", value: true, label: whom });
  }
  return items.map(({ name, q }, i) => {
    const c: Ctx = { text, n, span, qs: [q], parts: parts(text, span), facts: [...leadCtx.facts] };
    const statement = spec(c, { phrase: name, type: "boolean" });
    return {
      span,
      amount: { kind: "fixed", amount: q.value, once: true },
      conditions: [...leadConds, { fact: statement, op: "eq", value: true, label: name }],
      facts: c.facts,
      alternative: `类${span.start}`,
      ...(i > 0 ? { sentences: 0 } : {}),
    } as Draft;
  });
}

/**
 * "按博士学位人员每人8万元、硕士学位人员每人5万元的标准，给予…补贴，每个研发机构每年补贴最高不超过500万元":
 * a price per head for each kind of person named before it, summed, then capped.
 */
function perHeadsOf(c: Ctx): Draft | undefined {
  return perHeadsByPrice(c) ?? kindsPerYear(c);
}

/**
 * "对…新引进的全日制应届博士、硕士，连续3年每年分别给予5000元、3000元的生活补贴": a list of kinds of person,
 * then 分别 a sum for each, every year of the span. Paid per head: the asker states how many of each.
 */
function kindsPerYear(c: Ctx): Draft | undefined {
  const text = c.n.slice(c.span.start, c.span.end);
  const m = /([^，,；;。的]{2,30})[，,]\s*连续\s*(\d+|[一二两三四五])\s*年每年分别(?:给予|奖励|补贴|资助)?/.exec(text);
  if (!m) return undefined;
  const years = parseChineseNumber(m[2]);
  const kinds = m[1].split(/[、和及与]/).map((x) => x.trim());
  const after = c.span.start + m.index + m[0].length;
  const amounts = c.qs.filter((q) => q.start >= after && q.unit === "yuan" && (!q.perUnit || q.measure === "年"));
  if (!years || kinds.length < 2 || amounts.length < kinds.length) return undefined;
  const list = amounts.slice(0, kinds.length);
  if (!list.slice(1).every((q, i) => /^\s*[、,，和及]\s*$/.test(c.n.slice(list[i].end, q.start)))) return undefined;
  // Every figure of the sentence is one of the list's: a cap or another award would be left unread.
  if (amounts.length !== kinds.length || c.qs.some((q) => q.unit === "percent")) return undefined;
  if (kinds.some((k) => !usable(k) || !PERSON_KIND.test(k) || /\d/.test(k))) return undefined;
  const used = new Set<Quantity>(list);
  const terms = kinds.map((k, i) => ({ count: spec(c, { phrase: `${k}人数`, type: "count", measure: "人" }), amount: list[i].value, unit: "人" }));
  if (new Set(terms.map((t) => t.count)).size !== terms.length) return undefined;
  return { span: c.span, amount: { kind: "perHeads", terms, years }, conditions: conditionsOf(c, used), facts: c.facts };
}

function perHeadsByPrice(c: Ctx): Draft | undefined {
  const heads = c.qs.filter((q) => q.unit === "yuan" && q.perUnit && (q.measure === "人" || q.measure === "名") && /每(?:人|名)\s*$/.test(before(c, q.start, 3)));
  if (heads.length < 2) return undefined;
  const terms: { count: string; amount: number; unit: string }[] = [];
  for (const [i, q] of heads.entries()) {
    // The words between the figure before and this one's 每人 name the kind: "、硕士学位人员".
    const words = c.n.slice(i === 0 ? c.span.start : heads[i - 1].end, q.start).replace(/每(?:人|名)\s*$/, "");
    if (i > 0 && !/^\s*[、，,和及与]/.test(words)) return undefined;
    const name = factPhrase(words.replace(/^\s*[、，,和及与]\s*/, "").replace(/^.*?按(?:照)?/, ""));
    if (!usable(name) || /\d/.test(name) || name.length > 16) return undefined;
    terms.push({ count: spec(c, { phrase: `${name}人数`.replace(/人数人数$/, "人数"), type: "count", measure: q.measure! }), amount: q.value, unit: q.measure! });
  }
  if (new Set(terms.map((t) => t.count)).size !== terms.length) return undefined;
  const used = new Set<Quantity>(heads);
  const { cap, yearly, total } = caps(c, used);
  const capQ = cap ?? yearly ?? total;
  return { span: c.span, amount: { kind: "perHeads", terms, ...(capQ ? { cap: capQ.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts };
}
