import type { Quantity } from "../../core/text/numbers.js";
import { parseChineseNumber } from "../../core/text/numbers.js";
import { factPhrase, usable } from "./phrase.js";
import { after, before, caps, comparison, conditionsOf, spec, type Ctx, type Draft } from "./recognise.js";

const AREA_PRICE = /(?:每(平方米|㎡|平米)每(月|年)|每(月|年)每(平方米|㎡|平米))(?:的)?(?:租金)?(?:最高|不超过|补贴|补助|资助|给予|按)*$/;
/** "15元/平方米·月" / "3元/月•平方米": the same price written as a compound unit. */
const AREA_UNIT = /^(?:平方米|㎡|平米)$/;
const PERIOD_AFTER = /^[·•・.\/](月|年)/;
const AREA_AFTER = /^[·•・.\/](?:平方米|㎡|平米)/;

/** The period a price per area is for, or undefined when the figure is no such price. */
function pricePeriod(c: Ctx, q: Quantity): { period: "月" | "年"; upTo: boolean } | undefined {
  if (q.unit !== "yuan") return undefined;
  const m = AREA_PRICE.exec(before(c, q.start, 16));
  if (m) return { period: (m[2] ?? m[3]) as "月" | "年", upTo: /最高|不超过/.test(m[0]) };
  if (!q.perUnit || !q.raw.includes("/")) return undefined;
  const post = after(c, q.end, 4);
  const upTo = /(?:最高|不超过|最多)(?:给予|补贴|补助|按)*$/.test(before(c, q.start, 8));
  if (AREA_UNIT.test(q.measure ?? "")) {
    const p = PERIOD_AFTER.exec(post);
    return p ? { period: p[1] as "月" | "年", upTo } : undefined;
  }
  if (/^(?:月|年)$/.test(q.measure ?? "") && AREA_AFTER.test(post)) return { period: q.measure as "月" | "年", upTo };
  return undefined;
}


/**
 * 场租补贴 by area: "按照实际租用面积给予企业不超过3年的场租补贴，补贴标准为每平方米每月最高20元，企业
 * 实际支付场租低于补贴标准的，按照实际支付场租进行补贴，补贴面积不超过500平方米" / "按每月每平方米最高
 * 50元的标准予以场地补贴，补贴期限为3年，每年最高不超过300万元" / "按实际租金价格和租赁面积（人均不超过
 * 20平方米），最高给予15元/平方米·月房租补助，年补助金额不超过20万元". One price per area per period;
 * any other award figure in the sentence makes it something else. An area threshold is read only on
 * the area the sentence pays by ("对租用面积1000平方米以上的企业，按每平方米每月最高20元").
 */
export function areaRentOf(c: Ctx): Draft | undefined {
  const money = c.qs.filter((q) => q.unit === "yuan");
  const priced = money.map((q) => ({ q, p: pricePeriod(c, q) })).filter((x) => x.p);
  if (priced.length !== 1) return undefined;
  const q = priced[0].q;
  const { period, upTo: ceiling } = priced[0].p!;
  const used = new Set<Quantity>([q]);
  const text = c.n.slice(c.span.start, c.span.end);
  const isArea = (x: Quantity) => x.unit === "count" && x.measure === "平方米";
  const areaQ = c.qs.find((x) => isArea(x) && /面积(?:最高|不超过|最多|上限为?|最大)*$/.test(before(c, x.start, 12)) && /不超过|最高|最多|上限/.test(before(c, x.start, 12)));
  if (areaQ) used.add(areaQ);
  // "租赁面积（人均不超过20平方米）": the area paid is at most so much per head.
  const perHeadQ = c.qs.find((x) => isArea(x) && x !== areaQ && /人均(?:面积)?(?:不超过|最高|最多|上限为?)$/.test(before(c, x.start, 10)));
  if (perHeadQ) used.add(perHeadQ);
  const named = /按(?:照)?(?:其)?(?:实际租金价格和)?((?:实际)?[^，,；;。按和]{0,8}面积)/.exec(text);
  const areaPhrase = named && usable(factPhrase(named[1])) ? factPhrase(named[1]) : "租用面积";
  // A threshold on the area paid by is a condition on that same fact; any other area figure is a
  // threshold or a limit this shape does not read.
  const thresholdQ = c.qs.find((x) => isArea(x) && !used.has(x) && comparison(c, x)?.op.startsWith("g") && factPhrase(before(c, x.start)) === areaPhrase);
  if (c.qs.some((x) => isArea(x) && !used.has(x) && x !== thresholdQ)) return undefined;
  const y = /(?:不超过|最长|最多|期限为?|期限)\s*(\d+|[一二两三四五六七八九十])\s*年/.exec(text);
  const maxYears = y ? parseChineseNumber(y[1]) : undefined;
  if (maxYears) for (const x of c.qs) if (x.unit === "years" && x.value === maxYears) used.add(x);
  const { cap, total, yearly } = caps(c, used);
  // A money threshold ("上一年地方综合贡献超过60万元…") is a condition, read below; any other sum is not this shape.
  if (money.some((x) => !used.has(x) && !(comparison(c, x)?.op.startsWith("g") && !x.perUnit))) return undefined;
  const area = spec(c, { phrase: areaPhrase, type: "count", measure: "平方米" });
  // The actual rent, paid when lower: "实际支付场租低于补贴标准的…按实际" / "按实际租金价格…最高给予" /
  // "但不超过实际租赁成本" (on the same area, a ceiling on the total is one on the price).
  const lower = /实际支付(?:的)?(场租|租金|房租)?[^，,；;。]{0,4}低于(?:补贴)?标准/.exec(text) ?? (ceiling ? /按(?:照)?实际(租金|场租|房租)(?:价格|单价)?|不超过实际(?:租赁|支付)?(?:成本|租金|场租|房租)/.exec(text) : null);
  const rent = lower ? spec(c, { phrase: `每平方米每${period}实际支付${lower[1] ?? "租金"}`, type: "money" }) : undefined;
  const heads = perHeadQ ? spec(c, { phrase: "员工人数", type: "count", measure: "人" }) : undefined;
  return {
    span: c.span,
    amount: {
      kind: "areaRent",
      area,
      unit: "平方米",
      price: q.value,
      period,
      ...(rent ? { rent } : ceiling ? { upTo: true as const } : {}),
      ...(areaQ ? { maxArea: areaQ.value } : {}),
      ...(perHeadQ ? { perHead: perHeadQ.value, heads } : {}),
      ...(maxYears ? { maxYears } : {}),
      ...((yearly ?? cap) ? { yearlyCap: (yearly ?? cap)!.value } : {}),
      ...(total ? { totalCap: total.value } : {}),
    },
    conditions: conditionsOf(c, used),
    facts: c.facts,
  };
}
