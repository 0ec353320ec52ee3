import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import type { FactDef } from "../../core/facts/registry.js";
import { leaves } from "../../core/rules/conditions.js";
import { checkRule, unusedFigures } from "../../core/rules/provenance.js";
import { Rule, type Cond, type Leaf } from "../../core/rules/schema.js";
import { findQuantities, normalizeSameLength } from "../../core/text/numbers.js";
import { withDocumentAliases } from "./aliases.js";
import { defOf, keyOf, nameFacts, type FactSpec } from "./facts.js";
import { hash } from "./ids.js";
import { costShareOf } from "./cost-share.js";
import { isShareSplit, paymentOf } from "./payment.js";
import { knownFacts, type Resolve } from "./known.js";
import { applyCountLimit, countLimitOf } from "./limits.js";
import { joinItemScales } from "./items.js";
import { ladderOf } from "./marginal.js";
import { feeCeilings, inheritOf, recogniseAll, thresholdsOnly, whomOf, type Draft } from "./recognise.js";
import { parts, sentences, type Span } from "./segments.js";
import { awardConditions, nameYears, readItems, readStatement, scopedLine, type Statement } from "./statements.js";
import { CAP_BEFORE, NO_FIGURE, PAY_VERB_FIGURE, RATE_MODIFIER, REWARD } from "./words.js";

/**
 * The clause-to-rule compiler: every money provision of every clause becomes a
 * rule in the curated rules' schema, with `origin: compiled`. Pure. A provision
 * it cannot read in full is counted as quote-only and yields no rule; a rule
 * that fails the provenance check (quote verbatim, every number in the quote)
 * is refused and reported.
 */

export interface CompileReport {
  /** Sentences that state a money provision. */
  provisions: number;
  compiled: number;
  quoteOnly: number;
  /** Quote-only provisions, for review: clause id and sentence. */
  unread: { clauseId: string; text: string }[];
  /** Rules refused by the provenance check, with the reasons. */
  refused: string[];
}

export interface CompileResult {
  rules: Rule[];
  facts: FactDef[];
  report: CompileReport;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}


/** A sentence that states a sum of money, a rate, or an award with no figure. */
const FIGURE = String.raw`(?:\d(?:\.\d+)?\s*(?:万|亿)?\s*(?:元|%|‰|美元)|[一二三四五六七八九十百千]+\s*(?:万|亿)?元|百分之|[一二三四五六七八九十]分之[一二三四五六七八九]|(?:\d|[一二两三四五六七八九十])\s*倍|\d\s*[:：]\s*\d(?:\.\d+)?\s*(?:的)?(?:比例)?(?:给予|进行|予以)?(?:资金)?配套)`;
/** An award verb with a figure near it, either way round: 给予…20万元 / 20万元的奖励. */
const AWARD_NEAR = new RegExp(String.raw`(?:给予|奖励|补助|补贴|资助|贴息|配套|奖补|扶持|支持|拨付|安排|兑现|发放|抵用)[^。；;]{0,30}?${FIGURE}|${FIGURE}[^。；;]{0,12}?(?:奖励|补助|补贴|资助|配套|扶持|支持|奖补|贴息)`);
/** Development targets and procedural thresholds state figures but pay nothing. */
const NOT_AN_AWARD = /须提供|应提供|到20\d\d年|力争|目标|规模约|总规模|留取|(?:安排|设立|统筹)[^，。；]{0,8}?\d[^，。；]{0,6}?元[^，。；]{0,8}?(?:资金|经费|基金)用于/;

/** A sentence that states an award: a sum of money, a rate, or an award with no figure. */
function isMoneySentence(n: string): boolean {
  // "给予购置费的15%" in a table row under 补贴标准: the verb alone names the payment.
  if (!REWARD.test(n) && !PAY_VERB_FIGURE.test(n)) return false;
  if (NO_FIGURE.test(n)) return true;
  return AWARD_NEAR.test(n) && !NOT_AN_AWARD.test(n);
}

/** A clause's own text: its sub-items are compiled as clauses of their own. */
function ownSpan(c: Clause, byId: ReadonlyMap<string, Clause>): Span {
  if (!c.childIds.length) return { start: 0, end: c.text.length };
  const first = byId.get(c.childIds[0]);
  const at = first ? c.text.indexOf(first.text.slice(0, Math.min(12, first.text.length))) : -1;
  return { start: 0, end: at > 0 ? at : 0 };
}

const NUMBERING = /^\s*(?:第[一二三四五六七八九十百]+条|[（(]?[一二三四五六七八九十\d]+[)）、.．]|[①②③④⑤⑥⑦⑧⑨⑩])\s*/;

/** What the provision is about, in its own words: "并购海外科技型企业的项目", "鼓励外贸企业做大做强". */
function titleOf(c: Clause, doc: DocMeta | undefined): string {
  const own = c.text.replace(NUMBERING, "").replace(/^【([^】]{2,20})】/, "$1，");
  const part = own.split(/[，,。；：:]/)[0].trim().replace(/^(?:对于|对|凡)/, "").replace(/的$/, "");
  if (part.length >= 4 && part.length <= 24 && !/\d/.test(part) && !/^(?:根据|按照|按|为|在|经)/.test(part)) return part;
  const first = own.split(/[。；]/)[0].trim();
  if (first.length >= 4 && first.length <= 24 && !/\d/.test(first)) return first.replace(/[：:，,\s]+$/, "");
  const h = c.headings.at(-1)?.replace(/^\s*(?:第[一二三四五六七八九十百]+[章节条]|[（(]?[一二三四五六七八九十\d]+[)）、.．])\s*/, "").trim();
  if (h && h.length <= 30) return h;
  return `${doc?.title ?? c.docId}${c.article}`;
}

const STACKING = /^[。；;\s]*本(?:条款?|项|款|政策)(?:政策)?(?:可)?与本(?:措施|办法|政策|细则|意见|通知|规定)?((?:第[一二三四五六七八九十百]+条[、和及与]?)+)(?:规定|政策|的?支持)?(?:可|可以|允许)叠加(?:支持|享受|执行|奖励|补贴)?/;

/** "。本条款与本措施第三条可叠加支持" right after an award: the articles it stacks with, and where the sentence ends. */
export function stackingAfter(text: string, at: number): { articles: string[]; end: number } | undefined {
  const m = STACKING.exec(normalizeSameLength(text.slice(at, at + 60)));
  if (!m) return undefined;
  return { articles: m[1].match(/第[一二三四五六七八九十百]+条/g) ?? [], end: at + m[0].length };
}

/** Consecutive single bands on one fact ("1亿（含）至5亿元的，给予100万元；5亿（含）至10亿元的…") are one table. */
function mergeBands(drafts: Draft[], text: string): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const prev = out.at(-1);
    // Rate bands ("达到2000万元的，按1%…") join only bands of the same base and kind of ceiling.
    const pays = (x: Draft) => (x.band ? (x.band.rate !== undefined ? `rate:${x.band.rateBase}:${x.band.upTo ?? ""}` : "amount") : x.amount.kind === "tiers" ? (x.amount.rateBase || x.amount.tiers.some((t) => t.rate !== undefined) ? `rate:${x.amount.rateBase ?? x.amount.base}:${x.amount.upTo ?? ""}` : "amount") : "");
    if (prev && d.band && pays(prev) === pays(d) && (prev.band || (prev.amount.kind === "tiers" && prev.amount.base === keyOf(d.band.base))) && keyOf(d.band.base) === (prev.band ? keyOf(prev.band.base) : prev.amount.kind === "tiers" ? prev.amount.base : "")) {
      const tiers = prev.amount.kind === "tiers" ? prev.amount.tiers : [bandTier(prev.band!)];
      const base = keyOf(d.band.base);
      const others = (l: Leaf) => l.fact !== base;
      const rateBase = d.band.rateBase && d.band.rateBase !== base ? { rateBase: d.band.rateBase } : {};
      out[out.length - 1] = {
        span: { start: prev.span.start, end: d.span.end },
        amount: { kind: "tiers", base, ...rateBase, tiers: [...tiers, bandTier(d.band)], ...(d.band.upTo ? { upTo: true } : {}) },
        conditions: [...prev.conditions.filter(others), ...d.conditions.filter((l) => others(l) && !prev.conditions.some((p) => p.fact === l.fact))],
        facts: [...prev.facts, ...d.facts],
        // The table keeps what was told beside any of its bands.
        ...(prev.notes || d.notes ? { notes: [...(prev.notes ?? []), ...(d.notes ?? [])] } : {}),
        ...(prev.told || d.told ? { told: [...(prev.told ?? []), ...(d.told ?? [])] } : {}),
      };
      void text;
      continue;
    }
    out.push(d);
  }
  return out;
}

/**
 * A sentence that states nothing but the applicant's total ceiling ("单个企业累计补贴金额不超过1000万元"):
 * one money figure right after a ceiling word, no other figure. Its value, or undefined.
 */
function loneCeiling(sentence: string): number | undefined {
  const qs = findQuantities(sentence);
  if (qs.length !== 1 || qs[0].unit !== "yuan" || qs[0].perUnit) return undefined;
  const pre = sentence.slice(0, qs[0].start);
  if (!CAP_BEFORE.test(pre) || !/(?:单个|每个|每家|同一)(?:企业|单位|项目|机构|主体)?[^，,；;。]{0,12}(?:累计|合计|总额|总计)/.test(pre)) return undefined;
  return qs[0].value;
}

/** Drafts of this clause still without a ceiling, since the last one that has one. */
function uncapped(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (let i = drafts.length - 1; i >= 0; i--) {
    const a = drafts[i].amount;
    const capped =
      a.kind === "perUnit" ? a.totalCap !== undefined || a.yearlyCap !== undefined : a.kind === "perPeriod" ? a.periodCap !== undefined || a.totalCap !== undefined : (a as { cap?: number }).cap !== undefined;
    if (capped) break;
    if (["rate", "rateRange", "perUnit", "perPeriod", "multiple", "perStep", "excess"].includes(a.kind)) out.push(drafts[i]);
    else break;
  }
  return out;
}

function capWith(d: Draft, cap: number, end: number): void {
  const a = d.amount;
  if (a.kind === "perUnit") d.amount = { ...a, totalCap: cap };
  else if (a.kind === "perPeriod") d.amount = { ...a, totalCap: cap };
  else d.amount = { ...a, cap } as Draft["amount"];
  d.span = { start: d.span.start, end };
}

const bandTier = (b: NonNullable<Draft["band"]>) => ({
  ...(b.from !== undefined ? { from: b.from } : {}),
  fromIncl: b.fromIncl,
  ...(b.to !== undefined ? { to: b.to } : {}),
  toIncl: b.toIncl,
  ...(b.rate !== undefined ? { rate: b.rate } : { amount: b.amount }),
});

interface ClauseOut {
  drafts: Draft[];
  notes: string[];
  provisions: number;
  unread: string[];
  /** `scoped`: of one kind of applicant only ("①现代物流业：…"), an alternative, not every award's condition. */
  qualifications: { span: Span; conditions: Leaf[]; facts: FactSpec[]; scoped?: boolean }[];
}

/** A clause (or its lead) that states who may apply and on what conditions. */
const QUAL_LEAD = /申报主体|申请主体|(?:申报|申请|入库|基本|一般)条件(?=[。：:\n]|$)|(?:具备|符合|满足)的(?:条件|要求)(?=[：:])|(?:应当|应|须|需)(?:同时)?(?:符合|具备|满足)(?:下列|以下)|具备(?:下列|以下)|符合(?:下列|以下)条件|可(?:以)?[^，。；]{0,10}(?:申报|申请)[^，。；]{0,20}(?:项目|资金|政策|资格)/;
/** A lead that introduces the items below it as conditions. */
const LIST_LEAD = /(?:以下|下列)[^，,。；;]{0,8}(?:条件|要求|情形)|(?:具备|符合|满足)的(?:条件|要求)[：:]/;
/** Conditions that every award of the document is subject to. */
const DOC_CONDITIONS = /申报条件|申请条件|基本条件|一般条件|(?:申请|申报)(?:企业|项目|单位)(?:应)?(?:具备|符合|满足)的(?:条件|要求)|(?:应当|应|须|需)(?:同时)?(?:符合|具备|满足)(?:下列|以下)|符合(?:下列|以下)条件/;

/** The clause opens by stating conditions (not "参照…申报基本条件进行宣传" in its procedure). */
function qualLead(t: string): boolean {
  const head = t.slice(0, 80);
  const m = QUAL_LEAD.exec(head);
  return !!m && !/(?:参照|根据|按照|对照|依据|严格)[^，。；]{0,12}$/.test(head.slice(0, m.index));
}

/** …of 本意见/本办法 as a whole: every award of the document. */
const APPLIES_TO_ALL = /本(?:意见|办法|政策|细则|措施|规定|通知|条例)|一般条件/;

const isMoneyText = (t: string) => sentences(t).some((s) => isMoneySentence(normalizeSameLength(t.slice(s.start, s.end))));

function condOf(cs: Cond[]): Cond | undefined {
  if (!cs.length) return undefined;
  return cs.length === 1 ? cs[0] : { all: cs };
}

/** Sub-spans of a sentence that opens a second "对…的" subject with an award of its own. */
function bySubject(n: string, s: Span): Span[] {
  const ps = parts(n, s);
  // "对同一项目投资给予的奖励最高100万元" / "对一家基金每年的奖励金额最高300万元" limit the award above: not subjects.
  const subject = (t: string) => {
    const m = /^\s*(?:对于|对)([^，,]{2,}?)的(?!奖励|补助|资助|补贴|扶持|支持|资金|金额|总额)/.exec(t);
    return !!m && !/给予|奖励|补助|资助|补贴|每年|累计|最高|不超过/.test(m[1]);
  };
  const starts = ps.filter((p, i) => i > 0 && subject(n.slice(p.start, p.end))).map((p) => p.start);
  // A preamble before the first "对…的" ("鼓励…设立监测点,对设立50个以上…") belongs to it.
  if (starts.length && !isMoneySentence(n.slice(s.start, starts[0]))) starts.shift();
  if (!starts.length) return [s];
  const cuts = [s.start, ...starts, s.end];
  const out: Span[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    let e = cuts[i + 1];
    while (e > cuts[i] && /[，,\s]/.test(n[e - 1])) e--;
    out.push({ start: cuts[i], end: e });
  }
  return out.every((p) => isMoneySentence(n.slice(p.start, p.end))) ? out : [s];
}

/**
 * "对…年地方综合贡献超过100万元的各类股权投资企业…可享受：（1）…（2）…": a lead that says whom the
 * awards after it (in the same clause) are for, and on what conditions. The lead's stretch, or undefined.
 */
const LEAD_OF_AWARDS = /^(?:对于|对|凡是|凡)([^。；;]{4,}?的[^。；;：:]{2,}?)(?:均|都)?(?:可|可以)?(?:享受|享有)(?:以下|下列|如下)?(?:政策|支持|扶持|奖励|优惠)?[：:]/;
function leadOfAwards(n: string, s: Span): Span | undefined {
  const lead = n.slice(s.start, s.end);
  const at = lead.search(/(?:对于|对|凡是|凡)/);
  if (at < 0) return undefined;
  const m = LEAD_OF_AWARDS.exec(lead.slice(at));
  if (!m) return undefined;
  const start = s.start + at;
  return { start, end: start + m[0].indexOf(m[1]) + m[1].length };
}

/** The lead's conditions on a draft after it: its thresholds and whom, and the quote from the lead on. */
function withLead(text: string, d: Draft, lead: { span: Span; from: number }): void {
  const t = thresholdsOnly(text, lead.span);
  for (const l of t?.conditions ?? []) if (!d.conditions.some((x) => x.fact === l.fact)) d.conditions.push(l);
  d.facts.push(...(t?.facts ?? []));
  const w = awardConditions(text, lead.span, (t?.facts ?? []).map((f) => f.phrase), true, true);
  if (w.cond) {
    extraOf.set(d, [...(extraOf.get(d) ?? []), w.cond]);
    d.facts.push(...w.facts);
  }
  d.span = { start: Math.min(d.span.start, lead.from), end: d.span.end };
}

/**
 * "对单价在10亿元（含）以上的，资助金额最高不超过1000万元，其余项目资助金额最高不超过500万元": the
 * ceiling of the awards before it depends on a band of another fact. The band, and the two ceilings.
 */
function capsByBand(text: string, n: string, s: Span): { leaf: Leaf; facts: FactSpec[]; hit: number; rest: number; restWords: string } | undefined {
  const ps = parts(n, s);
  if (ps.length !== 3) return undefined;
  const [p0, p1, p2] = ps.map((p) => n.slice(p.start, p.end).trim());
  if (!/^(?:对于|对|凡)/.test(p0) || !/的$/.test(p0)) return undefined;
  const rest = /^(?:其余|其他|其它)[^，,]{0,6}?(?=资助|补助|奖励|补贴|支持|金额|额度|最高|不超过|不高于)/.exec(p2);
  if (!rest) return undefined;
  const t = thresholdsOnly(text, ps[0]);
  if (!t || t.conditions.length !== 1 || typeof t.conditions[0].value !== "number") return undefined;
  const cap = (p: string): number | undefined => {
    const qs = findQuantities(p).filter((q) => q.unit === "yuan");
    if (qs.length !== 1 || !CAP_BEFORE.test(p.slice(0, qs[0].start))) return undefined;
    return qs[0].value;
  };
  const hit = cap(p1);
  const other = cap(p2);
  if (hit === undefined || other === undefined || findQuantities(p1).length !== 1 || findQuantities(p2).length !== 1) return undefined;
  return { leaf: t.conditions[0], facts: t.facts, hit, rest: other, restWords: rest[0] };
}

const NEGATE: Record<string, Leaf["op"]> = { gte: "lt", gt: "lte", lte: "gt", lt: "gte" };

/** A sentence that names the awards after it, with no figure: 对列入生产资助计划的项目，给予推广资金生产资助. */
const INTRO = /^(?:对于|对|凡)[^。；;\d]{2,30}?的[^。；;\d]{0,12}[，,](?:给予|予以)[^。；;，,\d]{0,12}(?:资助|补助|奖励|补贴|扶持|支持)$/;

/** Conditions in words a draft carries beside the recogniser's leaves (any-of routes, statements). */
const extraOf = new WeakMap<Draft, Cond[]>();

/** The award sentence's conditions in words (对…的企业, 从其落户…起), beside its thresholds. */
function withWords(text: string, d: Draft): void {
  const skip = d.facts.filter((f) => f.type !== "boolean").map((f) => f.phrase);
  const w = awardConditions(text, d.span, skip);
  if (d.amount.kind === "unspecified") {
    const t = thresholdsOnly(text, d.span);
    if (t) {
      d.conditions.push(...t.conditions.filter((l) => !d.conditions.some((x) => x.fact === l.fact && x.value === l.value)));
      d.facts.push(...t.facts);
    }
  }
  d.conditions = nameYears(d.facts, d.conditions);
  if (w.cond) {
    const have = new Set(d.conditions.map((l) => l.label));
    const fresh = (l: Cond) => !("fact" in l) || ![...have].some((h) => h.includes(l.label) || l.label.includes(h));
    const add = "all" in w.cond ? w.cond.all.filter(fresh) : fresh(w.cond) ? [w.cond] : [];
    extraOf.set(d, [...(extraOf.get(d) ?? []), ...add]);
    d.facts.push(...w.facts);
  }
  // Whom the award is for, when no reader took it as a condition: dropped, the award would be everyone's.
  const whom = whomOf(text, d.span);
  const labels = [...d.conditions, ...(extraOf.get(d) ?? []).flatMap((x) => leaves(x))].map((l) => l.label).filter((l): l is string => !!l);
  // Already read: as a condition, or as the thing counted ("…设置物品投放外卖柜的，每台…").
  const said = (l: string) => whom!.includes(l) || l.includes(whom!) || sharesRun(whom!, l, 6);
  if (whom && !labels.some(said) && !d.facts.some((f) => said(f.phrase))) {
    const spec: FactSpec = { phrase: whom, type: "boolean" };
    extraOf.set(d, [...(extraOf.get(d) ?? []), { fact: keyOf(spec), op: "eq", value: true, label: whom }]);
    d.facts.push(spec);
  }
}

/** Whether two phrases share a run of `k` characters. */
function sharesRun(a: string, b: string, k: number): boolean {
  for (let i = 0; i + k <= b.length; i++) if (a.includes(b.slice(i, i + k))) return true;
  return false;
}

/** "对满足以下两类要求之一的…": the items below the sentence are its conditions. */
function addItems(d: Draft, items: Statement): void {
  if (items.cond) extraOf.set(d, [...(extraOf.get(d) ?? []), items.cond]);
  d.facts.push(...items.facts);
}

function compileClause(c: Clause, own: Span, isConditionsClause: boolean, items?: Statement): ClauseOut {
  const out: ClauseOut = { drafts: [], notes: [], provisions: 0, unread: [], qualifications: [] };
  const n = normalizeSameLength(c.text);
  let lastDraftIndex = -1;
  // Progressive bands span several sentences: read as one ladder, before the sentence reader.
  let ladder = ladderOf(c.text, own);
  let lead: { span: Span; from: number; at: number } | undefined;
  let intro: { from: number; at: number } | undefined;
  for (const s of sentences(c.text, own.start, own.end)) {
    const sentence = n.slice(s.start, s.end);
    const money = isMoneySentence(sentence);
    const leads = leadOfAwards(n, s);
    if (leads) lead = { span: leads, from: s.start, at: out.drafts.length };
    // "对列入生产资助计划的项目，给予推广资金生产资助。": no figure, it names the awards after it.
    if (!intro && INTRO.test(sentence.replace(NUMBERING, ""))) intro = { from: s.start, at: out.drafts.length };
    if (ladder && s.start >= ladder.span.start && s.end <= ladder.span.end) {
      if (money) {
        out.provisions++;
        ladder.draft.sentences = (ladder.draft.sentences ?? 0) + 1;
      }
      if (s.end === ladder.span.end) {
        out.drafts.push(ladder.draft);
        lastDraftIndex = out.drafts.length - 1;
        ladder = undefined;
      }
      continue;
    }
    const listed = items && /(?:以下|下列)[^，,。；;]{0,8}(?:条件|要求|情形)/.test(sentence) ? items : undefined;
    if (RATE_MODIFIER.test(sentence) && !/给予|奖励\d|补助\d/.test(sentence.replace(/补助比例|奖励比例|补贴比例/g, ""))) {
      out.notes.push(c.text.slice(s.start, s.end));
      continue;
    }
    const pay = paymentOf(sentence);
    // "订货合同完成后，一次性拨付…80%": nothing but the payment words carries a figure.
    const payOnly = pay && !/\d|[一二三四五六七八九十百千]+万/.test(sentence.slice(0, pay.at));
    if (pay && payOnly && lastDraftIndex >= 0) {
      // A sentence of its own that says how the award above is paid; a paragraph of its own says
      // how every award of the clause before it is paid (分期预拨…预拨总额不超过资助金额的80%…).
      const paragraph = /\n\s*$/.test(c.text.slice(Math.max(0, s.start - 8), s.start)) && !/\n/.test(n.slice(s.start, s.end));
      const paid = paragraph ? out.drafts.filter((d) => !d.payment && d.amount.kind !== "costShare" && d.amount.kind !== "unspecified") : [out.drafts[lastDraftIndex]];
      for (const d of paid) {
        d.payment = pay.shares;
        d.span = { start: d.span.start, end: s.end };
      }
      continue;
    }
    const share = /财政/.test(sentence) ? costShareOf(n, s) : undefined;
    if (share) {
      out.drafts.push({ span: s, amount: share, conditions: [], facts: [] });
      continue;
    }
    // "…奖励资金由投资基金企业及其管理企业按各50%的比例分享": how the award above is shared.
    if (lastDraftIndex >= 0 && isShareSplit(sentence)) {
      const d = out.drafts[lastDraftIndex];
      d.told = [...(d.told ?? []), c.text.slice(s.start, s.end)];
      if (money) out.provisions++;
      continue;
    }
    // "同一个人同一年度…分别不超过5件": how many units the per-unit awards before it pay.
    const limit = !money ? countLimitOf(sentence) : undefined;
    if (limit && applyCountLimit(out.drafts, limit, c.text.slice(s.start, s.end), s.end)) continue;
    // What a body may charge (担保费率原则上不超过1%): a ceiling the asker can compute, told as such.
    const fees = !money ? feeCeilings(c.text, s) : undefined;
    if (fees) {
      out.provisions += fees.length;
      for (const d of fees) out.drafts.push(d);
      lastDraftIndex = out.drafts.length - 1;
      continue;
    }
    if (!money) {
      if (isConditionsClause) {
        const t = thresholdsOnly(c.text, s);
        if (t) out.qualifications.push({ span: s, ...t, ...(scopedLine(c.text, s.start) ? { scoped: true } : {}) });
      }
      continue;
    }
    // "对A的，给予X，对B的，给予Y": two provisions in one sentence, each read on its own.
    const pieces = bySubject(n, s);
    if (pieces.length > 1) {
      for (const piece of pieces) {
        out.provisions++;
        const got = recogniseAll(c.text, piece, inheritOf(out.drafts.at(-1)));
        if (!got.length) {
          out.unread.push(c.text.slice(piece.start, piece.end));
          continue;
        }
        for (const d of got) {
          withWords(c.text, d);
          out.drafts.push(d);
        }
        out.drafts.at(-1)!.span = { start: out.drafts.at(-1)!.span.start, end: piece.end };
        lastDraftIndex = out.drafts.length - 1;
      }
      continue;
    }
    out.provisions++;
    const body: Span = pay && pay.at > 0 ? { start: s.start, end: s.start + pay.at } : s;
    // A threshold the sentence leaves unnamed is the banded fact of the award before it.
    const found = recogniseAll(c.text, body, inheritOf(out.drafts.at(-1)));
    // A ceiling that depends on a band of another fact: each award before it, once per side of the band.
    const banded = !found.length ? capsByBand(c.text, n, s) : undefined;
    const open = banded ? uncapped(out.drafts) : [];
    if (banded && open.length) {
      for (const o of open) {
        const other: Draft = { ...o, conditions: [...o.conditions], facts: [...o.facts], sentences: 1 };
        if (extraOf.has(o)) extraOf.set(other, [...extraOf.get(o)!]);
        capWith(o, banded.hit, s.end);
        o.conditions.push(banded.leaf);
        o.facts.push(...banded.facts);
        capWith(other, banded.rest, s.end);
        other.conditions.push({ ...banded.leaf, op: NEGATE[banded.leaf.op], label: `${banded.restWords}（${banded.leaf.label}以外）`, word: "其余" });
        other.facts.push(...banded.facts);
        out.drafts.splice(out.drafts.indexOf(o) + 1, 0, other);
      }
      lastDraftIndex = out.drafts.length - 1;
      continue;
    }
    // "单个企业累计补贴金额不超过1000万元，补贴期间不得转租。" after an award with no ceiling: its ceiling.
    const ceiling = !found.length ? loneCeiling(sentence) : undefined;
    const openToCap = ceiling !== undefined ? uncapped(out.drafts) : [];
    if (ceiling !== undefined && openToCap.length) {
      for (const o of openToCap) capWith(o, ceiling, s.end);
      continue;
    }
    if (!found.length) {
      out.unread.push(c.text.slice(s.start, s.end));
      continue;
    }
    // "（四）年度荣获国家级表彰的…企业，一次性给予10万元奖励，…省级…5万元": the parts before the first award are its own.
    if (found.length > 1) found[0].span = { start: Math.min(found[0].span.start, body.start), end: found[0].span.end };
    for (const d of found) withWords(c.text, d);
    if (listed) {
      for (const d of found) addItems(d, listed);
      // The quote runs on through the items, so every figure of their conditions is in it.
      found.at(-1)!.span = { start: found.at(-1)!.span.start, end: c.text.trimEnd().length };
    }
    // Several awards in one sentence: each quotes its own part, the last runs to the sentence end.
    for (const extra of found.slice(0, -1)) {
      out.drafts.push(extra);
      lastDraftIndex = out.drafts.length - 1;
    }
    const d = found.at(-1)!;
    d.span = { start: d.span.start, end: Math.max(s.end, d.span.end) };
    if (pay && pay.at > 0) d.payment = pay.shares;
    // "单项补助最高额度原则上不超过40万元" after rates: the ceiling of the awards before it.
    if (d.amount.kind === "upTo" && !d.conditions.length && !d.amount.base) {
      const open = uncapped(out.drafts);
      if (open.length) {
        for (const o of open) capWith(o, d.amount.cap, s.end);
        continue;
      }
    }
    out.drafts.push(d);
    lastDraftIndex = out.drafts.length - 1;
  }
  if (lead) for (const d of out.drafts.slice(lead.at)) withLead(c.text, d, lead);
  if (intro) for (const d of out.drafts.slice(intro.at)) d.span = { start: Math.min(d.span.start, intro.from), end: d.span.end };
  // "根据投资额分级对其管理机构给予奖励。单笔投资额…按…4%给予奖励": a bare 给予奖励 before the
  // figures of the same clause introduces them; it is no award of its own.
  const figured = (d: Draft) => d.amount.kind !== "unspecified";
  out.drafts = out.drafts.filter((d, i) => {
    if (figured(d) || !out.drafts.slice(i + 1).some(figured)) return true;
    const t = n.slice(d.span.start, d.span.end);
    if (/一事一议|择优/.test(t)) return true;
    out.provisions--;
    // "…的，根据投资额分级对其管理机构给予奖励。": it says the figures after it are its scale; their quotes start there.
    if (/分级|分档|分段|(?:按|根据)(?:以下|下列|如下)(?:标准|档次)/.test(t))
      for (const f of out.drafts.slice(i + 1)) {
        if (!figured(f)) break;
        f.span = { start: Math.min(f.span.start, d.span.start), end: f.span.end };
      }
    return false;
  });
  out.drafts = mergeBands(out.drafts, c.text);
  return out;
}

/** Compiled keys that name a hand-written fact are replaced by it, everywhere in the rule. */
function resolveKeys<T>(input: T, specs: readonly FactSpec[], resolve: Resolve): { value: T; own: FactSpec[] } {
  const map = new Map<string, string>();
  const own: FactSpec[] = [];
  for (const f of specs) {
    const known = resolve(f);
    if (known) map.set(keyOf(f), known);
    else own.push(f);
  }
  if (!map.size) return { value: input, own };
  return { value: JSON.parse(JSON.stringify(input), (_k, v: unknown) => (typeof v === "string" && map.has(v) ? map.get(v) : v)) as T, own };
}

/**
 * `aliases: false` leaves out the one step that reads across documents (a fact's other names come from
 * every document whose rules read it): ingest compiles runs of documents in parallel and adds the
 * aliases once over the merged result (mergeCompiled).
 */
export function compileCorpus(docs: readonly DocMeta[], clauses: readonly Clause[], resolve: Resolve = knownFacts(), opts: { aliases?: boolean } = {}): CompileResult {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const docById = new Map(docs.map((d) => [d.id, d]));
  const facts = new Map<string, FactDef>();
  let rules: Rule[] = [];
  const report: CompileReport = { provisions: 0, compiled: 0, quoteOnly: 0, unread: [], refused: [] };
  const qualByDoc = new Map<string, string[]>();
  const moneyByDoc = new Map<string, Rule[]>();
  const quals: { rule: Rule; clause: Clause; lead: string; isItem: boolean; scoped: boolean }[] = [];

  for (const c of clauses) {
    const own = ownSpan(c, byId);
    if (own.end <= own.start) continue;
    const isConditions = /条件/.test([...c.headings, c.text.slice(0, 30)].join(""));
    const ownText = c.text.slice(own.start, own.end);
    const kids = c.childIds.map((id) => byId.get(id)).filter((k): k is Clause => !!k);
    const items = kids.length && LIST_LEAD.test(ownText) ? readItems(ownText, kids.map((k) => k.text)) : undefined;
    const r = compileClause(c, own, isConditions, items);
    report.provisions += r.provisions;
    report.quoteOnly += r.unread.length;
    for (const u of r.unread) report.unread.push({ clauseId: c.id, text: u });
    const title = titleOf(c, docById.get(c.docId));
    const make = (i: number, draft: Omit<Draft, "amount"> & { amount: Rule["amount"]; cond?: Cond }, kind: "money" | "qualification"): Rule | undefined => {
      // "…给予2万元支持。本条款与本措施第三条可叠加支持": the stacking sentence right after the award is quoted with it.
      const stack = kind === "money" ? stackingAfter(c.text, draft.span.end) : undefined;
      const quote = c.text.slice(draft.span.start, stack?.end ?? draft.span.end);
      const input = {
        id: `c-${hash(`${c.id}#${kind}#${i}`)}`,
        docId: c.docId,
        article: c.article,
        title,
        quote,
        target: draft.target ?? "",
        conditions: condOf([...draft.conditions, ...(extraOf.get(draft as Draft) ?? []), ...(draft.cond ? [draft.cond] : [])]),
        amount: draft.amount,
        notes: [
          ...(draft.notes ?? []).map((text) => ({ text: `申请时须满足（未计入测算）：${text}` })),
          ...(draft.told ?? []).map((text) => ({ text: `分配方式（未计入测算）：${text}` })),
          ...(draft.years ? [{ text: `适用年度：${draft.years}` }] : []),
          ...(kind === "money" ? r.notes.map((text) => ({ text: `可能适用的比例调整（以条款原文为准，未计入测算）：${text}` })) : []),
        ],
        ...(draft.payment ? { payment: draft.payment } : {}),
        ...(stack ? { stacksWith: stack.articles } : {}),
        ...(draft.fee ? { charge: true as const } : {}),
        ...(draft.alternative ? { exclusiveGroup: `alt-${hash(`${c.id}#${draft.alternative}`)}` } : {}),
        origin: "compiled" as const,
      };
      // A fact named by a fragment of the sentence is renamed from its own words, or the rule is not made.
      const named = nameFacts(input, draft.facts, resolve);
      if (named.problems.length) {
        report.refused.push(...named.problems.map((p) => `${c.id}：${p}`));
        return undefined;
      }
      const resolved = resolveKeys(named.value, named.specs, resolve);
      const parsed = Rule.safeParse(resolved.value);
      if (!parsed.success) {
        report.refused.push(`${c.id}：${parsed.error.issues.map((x) => x.message).join("；")}`);
        return undefined;
      }
      const errors = checkRule(parsed.data, c.text);
      if (errors.length) {
        report.refused.push(...errors.map((e) => `${c.id}：${e}`));
        return undefined;
      }
      for (const f of resolved.own) facts.set(keyOf(f), defOf(f));
      return parsed.data;
    };
    const made = r.drafts.map((d, i) => ({ d, rule: make(i, d, "money") }));
    // Read only in part: the rules one sentence gave (one per category, year or alternative) must
    // together use every money and percent figure of it, or none is computed (quote-only, for review).
    const paying = made.flatMap(({ rule }) => (rule && rule.amount.kind !== "costShare" ? [rule] : []));
    const partial = new Set<Rule>();
    for (const rule of paying) {
      // Siblings: rules whose quote holds this one's or is held by it (上述标准 quotes the bands it reuses).
      const siblings = paying.filter((o) => o !== rule && (o.quote.includes(rule.quote) || rule.quote.includes(o.quote)));
      const left = [...new Set(unusedFigures(rule, siblings).map((q) => q.raw))];
      if (!left.length) continue;
      report.refused.push(`${c.id}：引文中的数值 ${left.join("、")} 未用于测算，只引用原文，待审核`);
      partial.add(rule);
    }
    made.forEach(({ d, rule: made1 }) => {
      const rule = made1 && !partial.has(made1) ? made1 : undefined;
      // Who pays (分担比例) is no award: it is not counted, and no condition applies to it.
      if (d.amount.kind === "costShare") {
        if (rule) rules.push(rule);
        return;
      }
      if (!rule) {
        report.quoteOnly += d.sentences ?? 1;
        return;
      }
      report.compiled += d.sentences ?? 1;
      rules.push(rule);
      moneyByDoc.set(c.docId, [...(moneyByDoc.get(c.docId) ?? []), rule]);
    });
    // A clause that states who may apply and on what conditions, and pays nothing itself.
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    // The parent's own words before its first item, not the items before this one (第六条…以下条件 under 第三章).
    const parentLead = parent ? parent.text.slice(0, Math.min(ownSpan(parent, byId).end, Math.max(0, parent.text.indexOf(c.text.slice(0, 12))))) : "";
    const isItem = !!parent && LIST_LEAD.test(parentLead) && qualLead(parentLead) && !isMoneyText(parentLead);
    if (r.provisions === 0 && (qualLead(ownText) || isItem)) {
      const st = items ?? readStatement(c.text, own);
      if (st.cond) {
        const quote = items ? c.text.trim() : ownText.trim();
        const span = { start: c.text.indexOf(quote), end: c.text.indexOf(quote) + quote.length };
        const rule = make(0, { span, conditions: [], cond: st.cond, facts: st.facts, notes: st.notes, amount: { kind: "qualification", outcome: "满足该项申报条件" } }, "qualification");
        if (rule) {
          rules.push(rule);
          quals.push({ rule, clause: c, lead: items ? ownText : ownText.slice(0, 60), isItem, scoped: leaves(st.cond).some((l) => l.fact === "entityKind") });
        }
        continue;
      }
    }
    r.qualifications.forEach(({ scoped, ...q }, i) => {
      const rule = make(i, { ...q, amount: { kind: "qualification", outcome: "满足该项申报条件" } }, "qualification");
      if (rule) {
        rules.push(rule);
        if (!scoped) qualByDoc.set(c.docId, [...(qualByDoc.get(c.docId) ?? []), rule.id]);
      }
    });
  }
  // A document's 申报条件 are general conditions of its awards: confirmed at application, and a
  // stated fact that fails one rules the award out.
  // Items that are the tiers of one award ("…给予落户奖励。1.纳税总额超过1000万元(含)的，奖励300万元;
  // 2.…") are one tier table on the list's clause.
  const items = joinItemScales(rules, byId, (c) => titleOf(c, docById.get(c.docId)));
  if (items.joined.size) {
    rules.splice(0, rules.length, ...items.rules);
    for (const [docId, money] of moneyByDoc) moneyByDoc.set(docId, [...new Set(money.map((m) => items.joined.get(m) ?? m))]);
  }
  // Sibling items that each pay a fixed sum above a threshold of the same fact ("（1）纳税总额超过1000万元…
  // （2）…超过3000万元…") are one scale: only the highest band reached counts (就高).
  const scales = new Map<string, Rule[]>();
  for (const r of rules) {
    if (r.amount.kind !== "fixed" || r.exclusiveGroup || !r.conditions || !("fact" in r.conditions)) continue;
    const cond = r.conditions;
    if ((cond.op !== "gte" && cond.op !== "gt") || typeof cond.value !== "number") continue;
    const parent = byId.get(`${r.docId}:${r.article}`)?.parentId ?? r.docId;
    push(scales, `${parent}\u0000${cond.fact}`, r);
  }
  for (const [key, group] of scales) if (group.length >= 2) for (const r of group) r.exclusiveGroup = `scale-${hash(key)}`;

  // Only within the same part of the document: a chapter's 申报条件 are its own programme's.
  // The chapter is the part the structure says (its label), so a heading whose number a copy lost counts too.
  const PART = /^\s*(?:第[一二三四五六七八九十百]+[章节]|[一二三四五六七八九十]+、)/;
  const partClause = (c: Clause | undefined): Clause | undefined => {
    // The outermost part, as the headings (root first) were read before.
    let top: Clause | undefined;
    for (let p = c?.parentId ? byId.get(c.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) if (PART.test(p.article)) top = p;
    return top;
  };
  const chapter = (c: Clause | undefined) => {
    const p = partClause(c);
    return p ? `${p.article} ${p.text.split("\n")[0].trim().slice(0, 40)}` : (c?.headings.find((h) => PART.test(h)) ?? "");
  };
  const chapterOfClause = (c: Clause) => chapter(c) || (PART.test(c.article) ? `${c.article} ${c.text.split("\n")[0].trim().slice(0, 40)}` : PART.test(c.text) ? c.text.split("\n")[0].trim() : "");
  const partOf = (r: Rule) => `${r.docId}\u0000${chapter(byId.get(`${r.docId}:${r.article}`))}`;
  for (const [docId, money] of moneyByDoc) {
    const general = (qualByDoc.get(docId) ?? []).map((id) => rules.find((r) => r.id === id)!).filter(Boolean);
    // Conditions the whole document sets: a 申报条件 chapter with no award of its own, or
    // 一般条件 of 本意见/本办法. Those of one kind of applicant (申报主体是高校的) are alternatives,
    // and items are read with their list.
    const moneyChapters = new Set(money.map((m) => chapter(byId.get(`${m.docId}:${m.article}`))));
    const lists = quals.filter((q) => q.clause.docId === docId && !q.isItem && !q.scoped && DOC_CONDITIONS.test(q.lead));
    // (a chapter of a programme whose award stayed quote-only is no 申报条件 chapter: its title says so).
    const docWide = lists.filter((q) => /条件/.test(chapterOfClause(q.clause)) && !moneyChapters.has(chapterOfClause(q.clause)));
    // A document without chapters: an award's conditions are the lists just before it
    // ("第七条 申请…的企业应具备以下条件… 第九条 …按核定后并购金额的20%给予支持"), not every list.
    const order = clauses.filter((c) => c.docId === docId);
    const at = new Map(order.map((c, i) => [c.id, i]));
    const moneyIds = new Set(money.map((m) => `${m.docId}:${m.article}`));
    const listAt = new Map(lists.map((q) => [at.get(q.clause.id)!, q]));
    // (or, when none comes before, the lists just after: "第五条 …补助… 第六条 申请…的企业应具备以下条件").
    const walk = (from: number, step: 1 | -1): typeof lists => {
      const out: typeof lists = [];
      for (let i = from + step; i >= 0 && i < order.length; i += step) {
        const q = listAt.get(i);
        if (q) out.push(q);
        else if (out.length && moneyIds.has(order[i].id)) break;
      }
      return out;
    };
    const nearestLists = (mc: Clause | undefined): typeof lists => {
      const i = mc ? at.get(mc.id) ?? 0 : 0;
      const before = walk(i, -1);
      return before.length ? before : walk(i, 1);
    };
    for (const m of money) {
      const mine = general.filter((g) => partOf(g) === partOf(m)).map((g) => g.id);
      // Confirmed at application like any general condition: an unknown one never holds the
      // amount back, a stated fact that fails one rules the award out.
      const mc = byId.get(`${m.docId}:${m.article}`);
      const ch = chapter(mc);
      const sameChapter = ch ? lists.filter((q) => chapter(q.clause) === ch && !docWide.includes(q)) : nearestLists(mc);
      const toAll = lists.filter((q) => APPLIES_TO_ALL.test(q.lead));
      const gen = [...mine, ...sameChapter.map((q) => q.rule.id), ...docWide.map((q) => q.rule.id), ...toAll.map((q) => q.rule.id)];
      if (gen.length) m.general = [...new Set(gen)];
    }
  }
  // "按三个档次给予奖励" over items 1、2、3 that state the figures: an introduction, no award of its own;
  // kept, it would tell every asker 符合条件 with no amount.
  const figured = new Set(rules.filter((r) => r.amount.kind !== "unspecified" && r.amount.kind !== "qualification").map((r) => `${r.docId}:${r.article}`));
  const figuredUnder = (id: string): boolean => !!byId.get(id)?.childIds.some((k) => figured.has(k) || figuredUnder(k));
  const intros = rules.filter((r) => r.amount.kind === "unspecified" && !/一事一议|择优/.test(r.quote) && figuredUnder(`${r.docId}:${r.article}`));
  if (intros.length) {
    report.compiled -= intros.length;
    report.provisions -= intros.length;
    rules = rules.filter((r) => !intros.includes(r));
  }
  if (opts.aliases !== false) withDocumentAliases(facts, rules, clauses);
  return { rules, facts: [...facts.values()], report };
}

/**
 * The results of compiling consecutive runs of documents (without aliases), in corpus order, as one
 * compileCorpus over all of them: rules in order, a fact defined by several runs keeps its first place
 * and the last definition (as one pass would), reports added up, then the cross-document aliases.
 */
export function mergeCompiled(parts: readonly CompileResult[], clauses: readonly Clause[]): CompileResult {
  const facts = new Map<string, FactDef>();
  const rules: Rule[] = [];
  const report: CompileReport = { provisions: 0, compiled: 0, quoteOnly: 0, unread: [], refused: [] };
  for (const p of parts) {
    for (const r of p.rules) rules.push(r);
    for (const f of p.facts) facts.set(f.key, f);
    report.provisions += p.report.provisions;
    report.compiled += p.report.compiled;
    report.quoteOnly += p.report.quoteOnly;
    report.unread.push(...p.report.unread);
    report.refused.push(...p.report.refused);
  }
  withDocumentAliases(facts, rules, clauses);
  return { rules, facts: [...facts.values()], report };
}
