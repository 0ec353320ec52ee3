import { z } from "zod";
import type { ScheduleItem } from "../match.js";
import { factLabel } from "../describe.js";
import { minFen, mulFen, yuanToFen, type Fen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { count, F, money, named, num, pending, V, Y, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/**
 * 按实际租用面积…补贴标准为每平方米每月最高20元，企业实际支付场租低于补贴标准的，按照实际支付场租
 * 进行补贴，补贴面积不超过500平方米，不超过3年: a price per unit of area per period, on an area up to
 * a limit, for up to N years, with a yearly ceiling. Where the document pays the actual rent when it
 * is lower, the rent per unit is read when stated; until then the standard is a ceiling (最高).
 */
export const schema = z
  .object({
    kind: z.literal("areaRent"),
    area: FactKey,
    unit: z.string(),
    price: Yuan,
    period: z.enum(["月", "年"]),
    /** 实际支付场租（每平方米每月）: paid instead of the standard when lower. */
    rent: FactKey.optional(),
    /** 每平方米每月最高50元 with no actual rent to read: the standard is only a ceiling. */
    upTo: z.literal(true).optional(),
    maxArea: z.number().positive().optional(),
    /** 租赁面积（人均不超过20平方米）: the area paid is at most this much per head, heads asked. */
    perHead: z.number().positive().optional(),
    heads: FactKey.optional(),
    maxYears: z.number().int().positive().optional(),
    yearlyCap: Yuan.optional(),
    totalCap: Yuan.optional(),
  })
  .strict();
export type AreaRent = z.infer<typeof schema>;

export const areaRent: Mechanism<AreaRent> = {
  compute(f, p) {
    const area = num(p, f.area);
    const rent = f.rent ? num(p, f.rent) : undefined;
    const standard = `每${f.unit}每${f.period}${f.rent || f.upTo ? "最高" : ""}${Y(f.price)}`;
    const heads = f.heads ? num(p, f.heads) : undefined;
    const limits = [f.maxArea !== undefined ? `面积不超过${f.maxArea}${f.unit}` : "", f.perHead !== undefined ? `人均不超过${f.perHead}${f.unit}` : "", f.maxYears !== undefined ? `最长${f.maxYears}年` : "", f.yearlyCap !== undefined ? `每年不超过${Y(f.yearlyCap)}` : "", f.totalCap !== undefined ? `累计不超过${Y(f.totalCap)}` : ""].filter(Boolean).join("，");
    const plan = `${factLabel(f.area)} × ${standard}${limits ? `，${limits}` : ""}`;
    const missing = [...(area === undefined ? [f.area] : []), ...(f.heads && f.perHead !== undefined && heads === undefined ? [f.heads] : [])];
    if (missing.length) return pending(missing, { text: plan, basis: plan, trace: [], min: 0 });
    if (area! <= 0) return zeroOf(f.area, area!);
    const trace: string[] = [];
    const byHead = heads !== undefined && f.perHead !== undefined ? Math.floor(heads) * f.perHead : undefined;
    const limit = Math.min(f.maxArea ?? Infinity, byHead ?? Infinity);
    const paidArea = Math.min(area!, limit);
    if (byHead !== undefined) trace.push(`人均不超过${f.perHead}${f.unit}：${Math.floor(heads!)}人 × ${f.perHead}${f.unit} = ${byHead}${f.unit}`);
    if (paidArea < area!) trace.push(`${V(f.area, area!)}，按上限${limit}${f.unit}计`);
    let unitFen = yuanToFen(f.price);
    const lower = rent !== undefined && yuanToFen(rent) < unitFen;
    if (lower) {
      unitFen = yuanToFen(rent);
      trace.push(`实际支付场租${Y(rent)}/${f.unit}/${f.period}低于补贴标准${Y(f.price)}，按实际支付场租计`);
    }
    // Area in hundredths, so that 120.5平方米 is exact in fen.
    const perPeriod = (unitFen * BigInt(Math.round(paidArea * 100))) / 100n;
    const perYear = f.period === "月" ? mulFen(perPeriod, 12) : perPeriod;
    trace.push(`${paidArea}${f.unit} × ${F(unitFen)}${f.period === "月" ? ` × 12个月 = ${F(perYear)}/年` : ` = ${F(perYear)}/年`}`);
    const year = f.yearlyCap !== undefined ? minFen(perYear, yuanToFen(f.yearlyCap)) : perYear;
    if (year < perYear) trace.push(`每年上限${Y(f.yearlyCap!)} → ${F(year)}/年`);
    // Without the actual rent the standard is what is paid at most.
    const upTo = (f.rent !== undefined && rent === undefined) || f.upTo === true;
    const schedule: ScheduleItem[] = [];
    let left: Fen | undefined = f.totalCap !== undefined ? yuanToFen(f.totalCap) : undefined;
    for (let i = 1; i <= (f.maxYears ?? 0); i++) {
      const pay = left !== undefined ? minFen(year, left) : year;
      if (pay <= 0n) break;
      schedule.push({ label: `第${i}年`, yuan: yuan(pay), ...(upTo ? { upTo: true } : {}) });
      if (left !== undefined) left -= pay;
    }
    if (schedule.length > 1) trace.push(`${schedule.map((s) => `${s.label}${Y(s.yuan)}`).join("，")}，合计${Y(schedule.reduce((a, s) => a + s.yuan, 0))}`);
    if (upTo) trace.push(f.rent ? `实际支付场租低于补贴标准的，按实际支付场租计（未说明实际场租，按标准上限测算）` : `按补贴标准上限测算`);
    return {
      missing: [],
      amount: {
        yuan: yuan(year),
        text: `${F(year)}/年${f.maxYears !== undefined ? `，最长${f.maxYears}年` : ""}`,
        basis: `${paidArea}${f.unit} × ${F(unitFen)}/${f.unit}/${f.period}`,
        trace,
        ...(schedule.length ? { schedule } : {}),
        ...(upTo ? { upTo: true } : {}),
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "price", f.price);
    count(out, "maxArea", f.maxArea, f.unit);
    count(out, "perHead", f.perHead, f.unit);
    count(out, "maxYears", f.maxYears, "年");
    money(out, "yearlyCap", f.yearlyCap);
    money(out, "totalCap", f.totalCap);
    return out;
  },
  facts: (f) => named(f.area, f.rent, f.heads),
};
