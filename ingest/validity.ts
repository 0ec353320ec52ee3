import { addMonthsMinusOneDay, addYearsMinusOneDay, DATE_PATTERN, isoDate, parseDate, smallNumber } from "./dates.js";

/**
 * When a document is in force, read from the wordings documents use. Start,
 * end and duration are found separately (they may sit in one sentence, in
 * either order, or in different articles) and then combined:
 *   自2017年1月1日起施行，有效期5年 · 本办法有效期三年，自…起施行 · 自…起执行，暂定2年 ·
 *   有效期至/到/截至… · 自发布/印发之日起施行 (the document's own date) · 试行两年 ·
 *   有效期为…至… · 执行期为2019—2021年 · a title period "(2021~2023年)", "“十四五”".
 * Every date comes with the sentence it was read from, verbatim.
 */
export interface Validity {
  validFrom?: string;
  validTo?: string;
  /** The main sentence the validity was read from (start, else end), verbatim. */
  validityQuote?: string;
  /** Every sentence read, in document order, verbatim. */
  validityQuotes?: string[];
  /** Takes effect on its publication date ("自发布之日起施行"), which may be unknown. */
  effectiveOnPublication?: boolean;
  /** The period comes from the title ("(2021~2023年)"), not from a stated effective date. */
  validityFromTitle?: boolean;
  /** Earlier documents this one repeals ("同时废止《…》"), as named. */
  repeals?: string[];
  /** Periods that belong to one measure, card or round, not to the document: for those clauses. */
  measurePeriods?: { validFrom?: string; validTo?: string; quote: string }[];
  /** The period is a campaign's or an application round's (活动时间/申报时间/受理时间). */
  validityFromCampaign?: boolean;
}

/** A campaign notice's window: 活动时间：2024年5月1日至6月30日, 申报时间为…—…, 受理时间…至…止 (the end may omit its year). */
const CAMPAIGN = /(?:活动时间|活动期间|申报时间|受理时间|申报期限|受理期限|填报时间|申请时间)(?:为|是|[:：])?(?:自)?(\d{4})年(\d{1,2})月(\d{1,2})日[^至到—－\-~～]{0,6}?(?:[至到—－\-~～]|起至)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/;

/** The window of a campaign or application round the document announces, if it states one. */
export function campaignPeriod(text: string): { from: string; to: string; quote: string } | undefined {
  for (const sentence of sentencesOf(text)) {
    const m = CAMPAIGN.exec(flat(sentence));
    if (!m) continue;
    const from = isoDate(+m[1], +m[2], +m[3]);
    const to = isoDate(+(m[4] ?? m[1]), +m[5], +m[6]);
    if (from && to && to >= from) return { from, to, quote: sentence };
  }
  return undefined;
}

/** A period of some people's or things' window ("2021年1月1日至2021年12月31日期间新招用"), not of the document. */
const WINDOW_AFTER = /^(?:止)?(?:期间|以来|内|之间)/;

const D = DATE_PATTERN.replace(/\\s\*/g, "");
/** Counts documents write durations with: 5, 五, 两, 十二. */
const N = "(\\d{1,2}|[一二两三四五六七八九十]{1,3})";
const VERB = "(?:正式)?(?:施行|实施|执行|生效|试行|实行)";
const PUB = "(?:发布|印发|公布|颁布|下发|签发|发文|公告)";
/** The document speaking of itself: 本办法, 本政策措施, 本实施意见, 本通知. */
const SELF = /本(?:[\u4e00-\u9fa5]{0,8}?)(?:办法|意见|政策|方案|通知|细则|规定|措施|计划|规划|条例|决定|指引|规则|决议|公告|目录|标准|纲要)/;

const START_DATE = new RegExp(`(?:(?:自|从|于)(${D})(?:起|开始)?|(${D})起)${VERB}`);
const START_PUB = new RegExp(`(?:自|从)${PUB}之日起${VERB}`);
/** A period given as two dates: 有效期为…至…, 自…起至…止, 执行期限：…—…. */
const RANGE = new RegExp(`(?:有效期|执行期|实施期|试行期|期限|有效期限|执行期限|实施期限|适用期|适用于|执行时间|实施时间|自)(?:为|是|:|：)?(?:自)?(${D})(?:起)?(?:至|到|—|－|-|~|～)(${D})(?:止)?`);
/** The end alone: 有效期至…, 执行至…止, 至…废止. */
const END = new RegExp(`(?:有效期(?:限)?(?:为)?(?:至|到|截至|截止(?:到|至)?)|(?:执行|实施|施行|有效)(?:期限)?(?:至|到|截至))(${D})(?:止)?|至(${D})(?:止|废止|失效)`);
/** Years only: 执行期为2019—2021年, 有效期2021-2023年. */
const YEAR_RANGE = /(?:有效期|执行期|实施期|试行期|期限|有效期限|执行期限|实施期限)(?:为|是|:|：)?(\d{4})年?(?:至|到|—|－|-|~|～)(\d{4})年/;
/** A duration: 有效期5年, 有效期为三年, 暂定两年, 试行期两年, 试行2年, 三年有效期, 有效期6个月. */
const DURATION = new RegExp(`(?:有效期(?:限)?|暂定|试行期?|暂行|执行期?|实施期)(?:为|是|暂定)?${N}(年|个月)|(?:暂定)?${N}(年|个月)(?:有效期|试行期)`);
const REPEAL = /(?:同时|予以|即行|一并)?(?:废止|停止执行|不再执行)/;

/** Sentences of a text with their verbatim source, at 。；; and line breaks. */
function sentencesOf(text: string): string[] {
  return (text.match(/[^。；;\n]+[。；;]?/g) ?? []).map((s) => s.trim()).filter(Boolean);
}

const flat = (s: string) => s.replace(/[\s\u3000]+/g, "");

function durationEnd(from: string, m: RegExpExecArray): string | undefined {
  const n = smallNumber(m[1] ?? m[3]);
  const unit = m[2] ?? m[4];
  if (!n) return undefined;
  return unit === "年" ? addYearsMinusOneDay(from, n) : addMonthsMinusOneDay(from, n);
}

/** A plan's own period in its title: "(2021~2023年)", "（2022—2025年）", "(20222025年)", "“十四五”". */
export function titlePeriod(title: string | undefined): { from: string; to: string; quote: string } | undefined {
  if (!title) return undefined;
  const p = /[（(](\d{4})\s*(?:[~～\-—–－至到]+\s*)?(\d{4})\s*年?[)）]/.exec(title);
  if (p && +p[2] >= +p[1] && +p[2] - +p[1] <= 10) return { from: `${p[1]}-01-01`, to: `${p[2]}-12-31`, quote: p[0] };
  const plan = /[“"]?(十三五|十四五|十五五)[”"]?/.exec(title);
  if (plan) {
    const start = { 十三五: 2016, 十四五: 2021, 十五五: 2026 }[plan[1] as "十三五" | "十四五" | "十五五"];
    return { from: `${start}-01-01`, to: `${start + 4}-12-31`, quote: `“${plan[1]}”` };
  }
  return undefined;
}

/** Titles an earlier document is named by in a repeal sentence, without its number. */
function repealedTitles(sentence: string): string[] {
  const at = sentence.search(REPEAL);
  if (at < 0) return [];
  return [...sentence.slice(0, at).matchAll(/《([^《》]{4,80})》/g)].map((m) => m[1].trim());
}

export function extractValidity(text: string, published: string | undefined, title: string | undefined): Validity {
  let from: { date?: string; quote: string; onPublication: boolean } | undefined;
  let to: { date: string; quote: string } | undefined;
  let duration: { m: RegExpExecArray; quote: string } | undefined;
  /** Every sentence stating a start, an end or a period, to quote even when an earlier one gave the dates. */
  const stated: string[] = [];
  const repeals: string[] = [];
  const measures: NonNullable<Validity["measurePeriods"]> = [];
  const sentences = sentencesOf(text);
  // Cards of a guide each state their own "有效期：…至…": when two or more differ, none is the document's.
  const cardRanges = new Set<string>();
  for (const sentence of sentences) {
    const f = flat(sentence);
    const r = !SELF.test(f) && /^(?:[\d.．、（()）一二三四五六七八九十]*)(?:有效期|执行期|实施期|执行期限)/.test(f) ? RANGE.exec(f) : null;
    if (r) cardRanges.add(`${r[1]}~${r[5]}`);
  }
  const cards = cardRanges.size >= 2;

  for (const sentence of sentences) {
    const f = flat(sentence);
    repeals.push(...repealedTitles(sentence));
    // Dates of other things ("对2019年1月1日起新设立的企业") are not the document's: it must speak of itself.
    const self = SELF.test(f);
    const own = self || /^(?:[\d.．、（()）一二三四五六七八九十]*)(?:自|从|有效期|执行期|实施期|试行期)/.test(f);
    if (!own) continue;
    const range = RANGE.exec(f);
    // A measure's or a card's own period goes on its clauses, not on the document.
    if (range && !self && (cards || WINDOW_AFTER.test(f.slice(range.index + range[0].length)))) {
      const a = parseDate(range[1]);
      const b = parseDate(range[5]);
      measures.push({ ...(a ? { validFrom: a } : {}), ...(b ? { validTo: b } : {}), quote: sentence });
      continue;
    }
    if (range) {
      const a = parseDate(range[1]);
      const b = parseDate(range[5]);
      if (a && b && !from) from = { date: a, quote: sentence, onPublication: false };
      if (b && !to) to = { date: b, quote: sentence };
    }
    const years = YEAR_RANGE.exec(f);
    if (years && +years[2] >= +years[1]) {
      if (!from) from = { date: `${years[1]}-01-01`, quote: sentence, onPublication: false };
      if (!to) to = { date: `${years[2]}-12-31`, quote: sentence };
    }
    const start = START_DATE.exec(f);
    const startDate = start ? parseDate(start[1] ?? start[5]) : undefined;
    const onPub = START_PUB.test(f);
    if (!from && startDate) from = { date: startDate, quote: sentence, onPublication: false };
    else if (!from && onPub) from = { ...(published ? { date: published } : {}), quote: sentence, onPublication: true };
    const end = END.exec(f);
    if (end && !to) {
      const d = parseDate(end[1] ?? end[5]);
      // "自2019年1月1日起至…" was read by RANGE; an END inside a START sentence is the same period.
      if (d && (!startDate || d > startDate)) to = { date: d, quote: sentence };
    }
    const dur = DURATION.exec(f);
    if (dur && !duration) duration = { m: dur, quote: sentence };
    if (range || years || startDate || onPub || end || dur) stated.push(sentence);
  }

  const out: Validity = {};
  const quotes: string[] = [];
  if (from) {
    if (from.date) out.validFrom = from.date;
    if (from.onPublication) out.effectiveOnPublication = true;
    quotes.push(from.quote);
  }
  if (to) {
    out.validTo = to.date;
    quotes.push(to.quote);
  } else if (duration && from?.date) {
    const end = durationEnd(from.date, duration.m);
    if (end) {
      out.validTo = end;
      quotes.push(duration.quote);
    }
  } else if (duration && !from && published) {
    // "本办法试行两年" with no start: a document takes effect when issued.
    const end = durationEnd(published, duration.m);
    if (end) {
      Object.assign(out, { validFrom: published, validTo: end });
      quotes.push(duration.quote);
    }
  }
  // A campaign notice ("活动时间：…至…", "申报时间…") with no period of its own is in force for its window.
  const campaign = !from && !to && !duration && title && /(?:通知|通告|公告|活动|申报|受理)/.test(title) ? campaignPeriod(text) : undefined;
  if (campaign) {
    Object.assign(out, { validFrom: campaign.from, validTo: campaign.to, validityFromCampaign: true });
    quotes.push(campaign.quote);
  }
  const p = out.validTo ? undefined : titlePeriod(title);
  if (p && !from && !out.validFrom) {
    Object.assign(out, { validFrom: p.from, validTo: p.to, validityFromTitle: true });
    quotes.push(p.quote);
  } else if (p && (!out.validFrom || out.validFrom <= p.to)) {
    // Stated start, no stated end: the plan's period ends the title's last year.
    Object.assign(out, { validTo: p.to, validityFromTitle: true });
    quotes.push(p.quote);
  }
  // The sentences the dates came from lead, other statements of the period follow; a title period stays last.
  const fromTitle = out.validityFromTitle ? quotes.pop() : undefined;
  const uniq = [...new Set([...quotes, ...stated, ...(fromTitle ? [fromTitle] : [])])];
  if (uniq.length) {
    out.validityQuote = uniq[0];
    out.validityQuotes = uniq;
  }
  if (repeals.length) out.repeals = [...new Set(repeals)];
  if (measures.length) out.measurePeriods = measures;
  return out;
}

/** Titles compared as documents write them differently: brackets, spaces, "(试行)" kept. */
export const titleKey = (t: string) => t.normalize("NFKC").replace(/[\s《》“”"]/g, "").replace(/[（(]/g, "(").replace(/[）)]/g, ")");

export interface RepealLink {
  docId: string;
  /** The repealing document. */
  by: string;
  /** The day the repealing document takes effect, when known: the earlier one's first day out of force. */
  from?: string;
}

/** "同时废止《…》": which documents of the corpus the others repeal. */
export function linkRepeals(docs: readonly { id: string; title: string; docNumber?: string; validFrom?: string; repeals?: string[] }[]): RepealLink[] {
  const byTitle = new Map(docs.map((d) => [titleKey(d.title), d.id]));
  const out: RepealLink[] = [];
  for (const d of docs) {
    for (const t of d.repeals ?? []) {
      const id = byTitle.get(titleKey(t));
      if (!id || id === d.id) continue;
      out.push({ docId: id, by: d.id, ...(d.validFrom ? { from: d.validFrom } : {}) });
    }
  }
  return out;
}

/** Mark repealed documents in place (corpus-level: the repealing document may be in another file). */
export function applyRepeals<T extends { id: string; title: string; validFrom?: string; repeals?: string[]; supersededBy?: string; supersededFrom?: string }>(docs: T[]): void {
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const link of linkRepeals(docs)) {
    const d = byId.get(link.docId)!;
    d.supersededBy = link.by;
    if (link.from) d.supersededFrom = link.from;
  }
}
