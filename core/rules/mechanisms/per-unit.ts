import { z } from "zod";
import { factLabel } from "../describe.js";
import { minFen, mulFen, percentOf, yuanToFen, type Fen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { count as countNumber, F, P, money, named, num, pct, pending, Percent, V, whole, Y, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 每台按购买价30%，最高不超过500元/台 / 5000元/台 / 每个10万元 / 1元/件，每年不超过20万元 */
export const schema = z
  .object({
    kind: z.literal("perUnit"),
    count: FactKey,
    unit: z.string(),
    amount: Yuan.optional(),
    rate: Percent.optional(),
    price: FactKey.optional(),
    unitCap: Yuan.optional(),
    /** 单台（套）产品最高50万元: the amount per unit is a ceiling, so the result is one too. */
    upTo: z.boolean().optional(),
    yearlyCap: Yuan.optional(),
    totalCap: Yuan.optional(),
    maxYears: z.number().int().positive().optional(),
    /** 前5件 / 同一个人同一年度…不超过5件: only so many units are paid. */
    maxUnits: z.number().int().positive().optional(),
    /** 同一个人（指自然人）…不超过5件: the limit binds only an applicant for whom this yes/no fact holds. */
    maxUnitsFor: FactKey.optional(),
    /** Caps apply per each of these ("每个网点每年最多补贴3万元"): the total is multiplied by this count when known. */
    perEach: FactKey.optional(),
    eachUnit: z.string().optional(),
    /** 培训人员的比例限定在企业员工总数的15%以内: units paid are at most this share of another count. */
    shareOf: FactKey.optional(),
    sharePercent: Percent.optional(),
  })
  .strict();
export type PerUnit = z.infer<typeof schema>;

export const perUnit: Mechanism<PerUnit> = {
  compute(f, p) {
    const missing: string[] = [];
    const count = num(p, f.count);
    if (count === undefined) missing.push(f.count);
    const price = f.price ? num(p, f.price) : undefined;
    if (f.rate !== undefined && f.price && price === undefined) missing.push(f.price);
    const shareBase = f.shareOf ? num(p, f.shareOf) : undefined;
    if (f.shareOf && f.sharePercent !== undefined && shareBase === undefined) missing.push(f.shareOf);
    const each = f.perEach ? num(p, f.perEach) : undefined;
    const eachWord = f.eachUnit ?? "个";
    const yearly = f.yearlyCap !== undefined ? yuanToFen(f.yearlyCap) : undefined;
    const unitCap = f.unitCap !== undefined ? yuanToFen(f.unitCap) : undefined;
    const perYear = yearly !== undefined || f.maxYears !== undefined ? "/年" : "";
    const span = f.maxYears !== undefined ? `，最长不超过${f.maxYears}年` : "";
    const eachNote = f.perEach && each === undefined ? `（每${eachWord}）` : "";

    if (missing.length) {
      const plan = `${f.amount !== undefined ? `${f.upTo ? "最高" : ""}${Y(f.amount)}/${f.unit}` : `每${f.unit}按${factLabel(f.price!)}的${P(f.rate)}${unitCap !== undefined ? `，最高不超过${F(unitCap)}/${f.unit}` : ""}`}${f.maxUnits !== undefined ? `，${f.maxUnitsFor ? factLabel(f.maxUnitsFor) : ""}以${f.maxUnits}${f.unit}为限` : ""}${f.shareOf ? `，不超过${factLabel(f.shareOf)}的${f.sharePercent}%` : ""}`;
      let max: Fen | undefined;
      // Outlets are counted whole, as in the computation below ("2.5个网点" would otherwise throw).
      if (yearly !== undefined) max = mulFen(yearly, whole(each ?? 1));
      else if (count !== undefined && unitCap !== undefined) max = mulFen(unitCap, Math.min(whole(count), f.maxUnitsFor ? Infinity : (f.maxUnits ?? Infinity)));
      return pending(missing, {
        text: `${plan}${yearly !== undefined ? `，每年不超过${F(yearly)}` : ""}${span}`,
        basis: plan,
        trace: [],
        min: 0,
        ...(max !== undefined ? { max: yuan(max) } : {}),
      });
    }
    const all = whole(count!);
    if (all === 0) return zeroOf(f.count, count!);
    // A limit for natural persons only binds when the asker says they are one; unknown, it is told.
    const holds = f.maxUnitsFor === undefined || p[f.maxUnitsFor] === true;
    const byMax = f.maxUnits !== undefined && holds ? Math.min(all, f.maxUnits) : all;
    // The share is of whole units: 15% of 210人 is 31人 (31.5 rounded down), never more than stated.
    const byShare = shareBase !== undefined && f.sharePercent !== undefined ? whole((shareBase * f.sharePercent) / 100 + 1e-9) : undefined;
    const n = byShare !== undefined ? Math.min(byMax, byShare) : byMax;
    if (each === 0) return zeroOf(f.perEach!, 0);

    const trace: string[] = byMax < all ? [`${all}${f.unit}，${f.maxUnitsFor ? `${factLabel(f.maxUnitsFor)}` : ""}以${f.maxUnits}${f.unit}为限`] : [];
    if (!holds && p[f.maxUnitsFor!] === undefined && f.maxUnits !== undefined && all > f.maxUnits) trace.push(`如为${factLabel(f.maxUnitsFor!)}，以${f.maxUnits}${f.unit}为限`);
    if (byShare !== undefined) trace.push(`比例限定在${factLabel(f.shareOf!)}的${f.sharePercent}%以内：${V(f.shareOf!, shareBase!)} × ${f.sharePercent}% → 至多${byShare}${f.unit}${n < byMax ? `，按${n}${f.unit}计` : ""}`);
    if (n === 0) return { missing: [], zero: trace.at(-1) ?? `${factLabel(f.count)}为0，无可计算的补助` };
    let unitFen: Fen;
    if (f.amount !== undefined) unitFen = yuanToFen(f.amount);
    else {
      const raw = percentOf(yuanToFen(price!), f.rate!);
      unitFen = unitCap !== undefined ? minFen(raw, unitCap) : raw;
      trace.push(`每${f.unit}：${Y(price!)} × ${P(f.rate)} = ${F(raw)}${unitCap !== undefined && raw > unitCap ? `，超过上限${F(unitCap)}/${f.unit}，按${F(unitCap)}计` : ""}`);
    }
    const sub = mulFen(unitFen, n);
    trace.push(`${n}${f.unit} × ${F(unitFen)}/${f.unit} = ${F(sub)}`);
    let fen = sub;
    if (yearly !== undefined && sub > yearly) {
      fen = yearly;
      trace.push(`${f.perEach ? `每${eachWord}` : ""}每年上限${F(yearly)} → ${F(yearly)}`);
    }
    if (each !== undefined) {
      const all = mulFen(fen, whole(each));
      trace.push(`${F(fen)} × ${whole(each)}${eachWord} = ${F(all)}`);
      fen = all;
    }
    if (f.totalCap !== undefined && fen > yuanToFen(f.totalCap)) {
      fen = yuanToFen(f.totalCap);
      trace.push(`累计上限${F(fen)}`);
    }
    if (f.maxYears !== undefined) trace.push(`最长不超过${f.maxYears}年`);
    const up = f.upTo ? "最高" : "";
    if (f.upTo) trace.push(`每${f.unit}${F(unitFen)}为上限，具体金额经评审确定`);
    return { missing: [], amount: { yuan: yuan(fen), text: `${up}${F(fen)}${perYear}${eachNote}${span}`, basis: `${n}${f.unit} × ${up}${F(unitFen)}/${f.unit}`, trace, ...(f.upTo ? { upTo: true, min: 0, max: yuan(fen) } : {}) } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    money(out, "amount", f.amount);
    pct(out, "rate", f.rate);
    money(out, "unitCap", f.unitCap);
    money(out, "yearlyCap", f.yearlyCap);
    money(out, "totalCap", f.totalCap);
    countNumber(out, "maxYears", f.maxYears, "年");
    countNumber(out, "maxUnits", f.maxUnits, f.unit);
    pct(out, "sharePercent", f.sharePercent);
    return out;
  },
  facts: (f) => named(f.count, f.price, f.perEach, f.shareOf, f.maxUnitsFor),
};
