import { z } from "zod";
import type { Profile } from "../../facts/registry.js";
import { factLabel } from "../describe.js";
import { minFen, percentOf, yuanToFen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { dimOfFact } from "./dims.js";
import { F, P, factNumber, money, num, pct, pending, V, Y, yuan, type AmountOutcome, type Mechanism, type RuleNumber } from "./kit.js";

/**
 * Threshold tiers and bands: 300万美元、500万美元…以上分别奖励2万元、3万元…;
 * 5000万元(含)至1亿元的，奖励600万元; banded rates (分别给予实际投资额5%、6%…).
 * A tier is half-open [from, to) unless the document says (含)/(不含) otherwise.
 */
export const Tier = z
  .object({
    from: z.number().nonnegative().optional(),
    fromIncl: z.boolean().default(true),
    to: z.number().positive().optional(),
    toIncl: z.boolean().default(false),
    amount: z.number().nonnegative().optional(),
    rate: z.number().positive().max(100).optional(),
  })
  .strict();

export const schema = z
  .object({
    kind: z.literal("tiers"),
    base: FactKey,
    /** The fact a tier's rate applies to, when it is not the banded fact itself. */
    rateBase: FactKey.optional(),
    tiers: z.array(Tier).min(1),
    cap: z.number().nonnegative().optional(),
    /** 不超过/最高: the tier's figure is a ceiling. */
    upTo: z.boolean().optional(),
    /** 实到外资额的8‰折合人民币: a rate tier's base is in 美元, converted at this fact's rate first. */
    fx: FactKey.optional(),
  })
  .strict();
export type Tiers = z.infer<typeof schema>;
type TierT = Tiers["tiers"][number];

const inTier = (t: TierT, v: number) =>
  (t.from === undefined || (t.fromIncl ? v >= t.from : v > t.from)) && (t.to === undefined || (t.toIncl ? v <= t.to : v < t.to));

function bandText(base: string, t: TierT): string {
  const from = t.from !== undefined ? `${V(base, t.from)}${t.fromIncl ? "（含）" : "（不含）"}` : "";
  const to = t.to !== undefined ? `${V(base, t.to)}${t.toIncl ? "（含）" : "（不含）"}` : "";
  return from && to ? `${from}至${to}` : from ? `${from}以上` : `${to}以下`;
}

const pay = (f: Tiers, t: TierT) => (t.amount !== undefined ? F(yuanToFen(t.amount)) : `${factLabel(f.rateBase ?? f.base)}的${P(t.rate)}`);

export const tiers: Mechanism<Tiers> = {
  compute(f: Tiers, p: Profile): AmountOutcome {
    const label = factLabel(f.base);
    const v = num(p, f.base);
    const table = f.tiers.map((t) => `${bandText(f.base, t)}：${pay(f, t)}`);
    if (v === undefined) {
      const fixed = f.tiers.every((t) => t.amount !== undefined) ? f.tiers.map((t) => t.amount!) : undefined;
      return pending([f.base], {
        text: `按${label}分档：${table.join("；")}`,
        basis: `按${label}分档`,
        trace: table,
        ...(fixed ? { min: Math.min(...fixed), max: Math.max(...fixed) } : { min: 0 }),
      });
    }
    // The highest band the value reaches: tiers are listed low to high in documents.
    const hit = [...f.tiers].reverse().find((t) => inTier(t, v));
    if (!hit) return { missing: [], zero: `${label}为${V(f.base, v)}，未达到最低档（${bandText(f.base, f.tiers[0])}）` };
    const band = bandText(f.base, hit);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    if (hit.amount !== undefined) {
      const fen = yuanToFen(hit.amount);
      return {
        missing: [],
        amount: { yuan: yuan(fen), text: `${f.upTo ? "最高" : ""}${F(fen)}`, basis: `${label}${V(f.base, v)}，属于${band}档`, trace: [`${label}${V(f.base, v)}，属于“${band}”档 → ${F(fen)}`], ...(f.upTo ? { upTo: true } : {}) },
      };
    }
    const rb = f.rateBase ?? f.base;
    const b = num(p, rb);
    if (b === undefined) return pending([rb], { text: `按${factLabel(rb)}的${P(hit.rate)}`, basis: `${factLabel(rb)} × ${P(hit.rate)}`, trace: [`${label}${V(f.base, v)}，属于“${band}”档，按${P(hit.rate)}`], min: 0 });
    const fx = f.fx ? num(p, f.fx) : undefined;
    if (f.fx && fx === undefined) return pending([f.fx], { text: `按${factLabel(rb)}的${P(hit.rate)}折合人民币`, basis: `${factLabel(rb)} × 汇率 × ${P(hit.rate)}`, trace: [`${label}${V(f.base, v)}，属于“${band}”档，按${P(hit.rate)}`], min: 0 });
    const conv = fx !== undefined ? `${V(rb, b)} × ${fx} = ${F(yuanToFen(Number((b * fx).toFixed(2))))}；` : "";
    const bYuan = fx !== undefined ? Number((b * fx).toFixed(2)) : b;
    const raw = percentOf(yuanToFen(bYuan), hit.rate!);
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    const capped = cap !== undefined && raw > cap ? `；超过上限${F(cap)}，按${F(cap)}计` : "";
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: `${f.upTo ? "最高" : ""}${F(fen)}`,
        basis: `${fx !== undefined ? Y(bYuan) : V(rb, b)} × ${P(hit.rate)}`,
        trace: [`${label}${V(f.base, v)}，属于“${band}”档，比例${P(hit.rate)}`, `${conv}${fx !== undefined ? Y(bYuan) : V(rb, b)} × ${P(hit.rate)} = ${F(raw)}${capped}`],
        ...(f.upTo ? { upTo: true } : {}),
      },
    };
  },
  numbers(f: Tiers): RuleNumber[] {
    const out: RuleNumber[] = [];
    f.tiers.forEach((t, i) => {
      factNumber(out, `amount.tiers[${i}].from`, f.base, t.from, dimOfFact);
      factNumber(out, `amount.tiers[${i}].to`, f.base, t.to, dimOfFact);
      money(out, `tiers[${i}].amount`, t.amount);
      pct(out, `tiers[${i}].rate`, t.rate);
    });
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f: Tiers) => [f.base, ...(f.rateBase && f.tiers.some((t) => t.rate !== undefined) ? [f.rateBase] : []), ...(f.fx && f.tiers.some((t) => t.rate !== undefined) ? [f.fx] : [])],
};
