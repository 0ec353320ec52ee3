import { parseChineseNumber, type Quantity } from "../../core/text/numbers.js";
import { factPhrase, usable } from "./phrase.js";
import { before, caps, comparison, conditionsOf, ctxOf, isCap, spec, type Ctx, type Draft } from "./recognise.js";
import type { Span } from "./segments.js";

/**
 * Awards counted by heads (or other units of one measure), read from one sentence. Pure; each
 * reader gives `undefined` unless every figure of the sentence is part of what it reads.
 */

/** Only award words (and 标准/为) may stand between a 每X and its price. */
const PRICE_GAP = /^(?:的)?(?:可)?(?:给予|奖励|补贴|补助|资助|发放|一次性|标准为|按|为|最高|不超过)*$/;
/** Steps over a growing figure are not heads counted once: 每增加1人 / 每新设一家 / 每满10人. */
const STEP_VERB = /^(?:增加|新增|新设|多|超过|超出|满|实现|连续)/;

/** The thing the heads are, from the part before ("对引进的高端人才，每人每月…" → 引进的高端人才人数). */
function headsPhrase(c: Ctx, at: number, measure: string): string {
  const p = c.parts.find((x) => x.start <= at && at <= x.end);
  const prev = c.parts.filter((x) => x.end <= (p?.start ?? at)).at(-1);
  const own = factPhrase(c.n.slice(p?.start ?? c.span.start, at));
  const lead = prev ? factPhrase(c.n.slice(prev.start, prev.end)) : "";
  const who = usable(own) ? own : usable(lead) ? lead : "";
  const phrase = who ? `${who.replace(/(?:人数|数量|数)$/, "")}${measure}数` : `${measure}数`;
  return usable(phrase) ? phrase : `${measure}数`;
}

/**
 * "对引进的高端人才，每人每月给予3000元生活补贴，补贴期限不超过6个月": an amount per head per
 * period, for the heads and the periods the asker states, the periods at most N.
 */
export function perHeadPeriod(text: string, span: Span): Draft[] | undefined {
  const c = ctxOf(text, span);
  const m = /每(人|名)每(月|年)/.exec(c.n.slice(span.start, span.end));
  if (!m) return undefined;
  const at = span.start + m.index;
  const period = m[2] as "月" | "年";
  const q = c.qs.find((x) => x.unit === "yuan" && x.start >= at + m[0].length && PRICE_GAP.test(c.n.slice(at + m[0].length, x.start)));
  if (!q || isCap(c, q)) return undefined;
  const rest = c.n.slice(q.end, span.end);
  const lim = (period === "月" ? /(?:最长|不超过|最多|期限为?|期限)\s*(\d+|[一二两三四五六七八九十]+)\s*个?月/ : /(?:最长|不超过|最多|期限为?|期限)\s*(\d+|[一二两三四五六七八九十]+)\s*年/).exec(rest);
  const max = lim ? parseChineseNumber(lim[1]) : undefined;
  if (!max || !Number.isInteger(max) || max <= 0) return undefined;
  const limQ = c.qs.find((x) => x.start >= q.end + lim!.index && x.value === max && (x.unit === "months" || x.unit === "years"));
  if (!limQ) return undefined;
  const used = new Set<Quantity>([q, limQ]);
  const { total } = caps(c, used);
  const conditions = conditionsOf(c, used);
  if (c.qs.some((x) => !used.has(x))) return undefined;
  const heads = spec(c, { phrase: headsPhrase(c, at, "人"), type: "count", measure: "人" });
  const periods = spec(c, period === "月" ? { phrase: "补贴月数", type: "months" } : { phrase: "补贴年数", type: "years" });
  return [{ span, amount: { kind: "perPeriod", period, amount: q.value, heads, headUnit: "人", periods, maxPeriods: max, ...(total ? { totalCap: total.value } : {}) }, conditions, facts: c.facts }];
}

const COUNTED = "人|名|个|家|件|户|台|套";

/**
 * "招用3人以下的按每人2000元给予补贴，4人以上的每增加1人给予3000元，总额最高不超过3万元": a sum per
 * head up to N, and another for each head after, with the ceiling of the whole. The upper band must
 * start right after the lower one (4人以上 after 3人以下 for a whole count, or 超过3人), and both must
 * count in one measure.
 */
export function headBands(text: string, span: Span): Draft[] | undefined {
  const c = ctxOf(text, span);
  const counts = c.qs.filter((q) => q.unit === "count" && q.measure && new RegExp(`^(?:${COUNTED})$`).test(q.measure));
  if (counts.length < 2) return undefined;
  const a = counts[0];
  const m = a.measure!;
  const lowCmp = comparison(c, a);
  if (!lowCmp || lowCmp.op !== "lte") return undefined;
  const pa = c.parts.find((x) => x.start <= a.start && a.end <= x.end)!;
  const x = c.qs.find((q) => q.unit === "yuan" && q.perUnit && q.measure === m && q.start > a.end && q.end <= pa.end && !isCap(c, q));
  if (!x) return undefined;
  const b = counts.find((q) => q.start > x.end && q.measure === m);
  if (!b) return undefined;
  const highCmp = comparison(c, b);
  if (!highCmp) return undefined;
  const adjacent = (highCmp.op === "gte" && b.value === a.value + 1 && Number.isInteger(a.value)) || (highCmp.op === "gt" && b.value === a.value);
  if (!adjacent) return undefined;
  const pb = c.parts.find((p) => p.start <= b.start && b.end <= p.end)!;
  // The upper band's price: "每增加1人给予3000元" or "按每人3000元".
  const step = counts.find((q) => q.start > b.end && q.end <= pb.end && q.value === 1 && q.measure === m && /每(?:增加|新增|多)$/.test(before(c, q.start, 4)));
  const y = c.qs.find((q) => q.unit === "yuan" && q.start > (step ?? b).end && q.end <= pb.end && !isCap(c, q) && (step ? !q.perUnit : q.perUnit === true && q.measure === m));
  if (!y) return undefined;
  const used = new Set<Quantity>([a, x, b, y, ...(step ? [step] : [])]);
  const { cap, total, yearly } = caps(c, used);
  const capQ = total ?? cap ?? yearly;
  if (c.qs.some((q) => !used.has(q))) return undefined;
  const own = factPhrase(before(c, a.start));
  const phrase = usable(own) && /数$/.test(own) ? own : usable(`${own}${m}数`) ? `${own}${m}数` : `${m}数`;
  const base = spec(c, { phrase, type: "count", measure: m });
  return [{ span, amount: { kind: "marginal", base, unit: m, bands: [{ to: a.value, each: x.value }, { from: a.value, each: y.value }], ...(capQ ? { cap: capQ.value } : {}) }, conditions: conditionsOf(c, used), facts: c.facts }];
}

/** "且培训人员的比例限定在企业员工总数的15%以内": the units paid are at most a share of another count. */
const SHARE = /(?:比例|人数|数量)(?:应|须)?(?:限定在|控制在|不超过|不得超过|不高于)([^，,；;。]{2,20}?)的\s*$/;

/**
 * "每培训1人给予2000元培训补贴，每年最多不超过10万元(，且培训人员的比例限定在企业员工总数的15%以内)":
 * a price for each head an act counts, with the sentence's ceilings and share limit. A step over a
 * growing figure (每增加1人, 每新设一家) is not this shape.
 */
export function perActUnit(text: string, span: Span): Draft[] | undefined {
  const c = ctxOf(text, span);
  const m = new RegExp(`每(\\p{Script=Han}{1,4}?)(?:1|一)(${COUNTED})`, "u").exec(c.n.slice(span.start, span.end));
  if (!m || STEP_VERB.test(m[1]) || /^(?:个|家|年|月|项)/.test(m[1])) return undefined;
  const at = span.start + m.index;
  const one = c.qs.find((q) => q.unit === "count" && q.value === 1 && q.start > at && q.end <= at + m[0].length);
  const q = c.qs.find((x) => x.unit === "yuan" && x.start >= at + m[0].length && PRICE_GAP.test(c.n.slice(at + m[0].length, x.start)));
  if (!q || isCap(c, q) || (q.perUnit && q.measure !== m[2])) return undefined;
  const used = new Set<Quantity>([q, ...(one ? [one] : [])]);
  let share: { of: string; percent: number } | undefined;
  for (const r of c.qs.filter((x) => x.unit === "percent")) {
    const s = SHARE.exec(before(c, r.start, 30));
    const phrase = s ? factPhrase(s[1]) : "";
    if (!s || !usable(phrase) || share || !/^(?:以内|以下)?/.test(c.n.slice(r.end, r.end + 2))) return undefined;
    share = { of: spec(c, { phrase, type: "count", measure: m[2] }), percent: r.value };
    used.add(r);
  }
  const { cap, total, yearly } = caps(c, used);
  const conditions = conditionsOf(c, used);
  if (c.qs.some((x) => !used.has(x))) return undefined;
  const verb = factPhrase(m[1]);
  const count = spec(c, { phrase: usable(`${verb}${m[2]}数`) ? `${verb}${m[2]}数` : `${m[2]}数`, type: "count", measure: m[2] });
  return [
    {
      span,
      amount: {
        kind: "perUnit",
        count,
        unit: m[2],
        amount: q.value,
        ...(yearly ? { yearlyCap: yearly.value } : {}),
        ...((total ?? cap) ? { totalCap: (total ?? cap)!.value } : {}),
        ...(share ? { shareOf: share.of, sharePercent: share.percent } : {}),
      },
      conditions,
      facts: c.facts,
    },
  ];
}
