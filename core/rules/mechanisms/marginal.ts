import { z } from "zod";
import { factLabel } from "../describe.js";
import { addFen, minFen, mulFen, percentOf, yuanToFen, type Fen } from "../money.js";
import { FactKey } from "../fact-key.js";
import { dimOfFact } from "./dims.js";
import { F, P, factNumber, money, num, pct, pending, Percent, V, whole, Y, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/**
 * Progressive bands (超额累进): 500万元（含）以下的部分按投资额的4%；超过500万元不超过1000万元（含）的
 * 部分按2%；…3000万元以上的部分按1%. Each band's rate applies only to the part of the base inside it.
 * Over a count, a band may pay a sum per unit instead: 招用3人以下的按每人2000元…4人以上的每增加1人
 * 给予3000元 is 2000元 for each of the first 3 and 3000元 for each one after.
 */
/** A band runs from the one below it (the first from 0, left unwritten as the document does) to `to`. */
export const Band = z
  .object({ from: z.number().positive().optional(), to: z.number().positive().optional(), rate: Percent.optional(), each: Yuan.optional() })
  .strict()
  .refine((b) => (b.rate === undefined) !== (b.each === undefined), { message: "每段须有比例或每单位金额之一" });

export const schema = z
  .object({
    kind: z.literal("marginal"),
    base: FactKey,
    /** Contiguous, from 0 up; only the last may be open. */
    bands: z.array(Band).min(2),
    cap: z.number().nonnegative().optional(),
    /** The unit counted, for bands that pay per unit ("人"). */
    unit: z.string().optional(),
  })
  .strict()
  .refine((f) => f.bands.every((b) => (b.each === undefined) === (f.bands[0].each === undefined)), { message: "各段须同为比例或同为每单位金额" })
  .refine((f) => f.bands[0].from === undefined && f.bands.every((b, i) => (i + 1 < f.bands.length ? b.to !== undefined && f.bands[i + 1].from === b.to && b.to > (b.from ?? 0) : b.to === undefined || b.to > (b.from ?? 0))), {
    message: "分段须从0起连续衔接，只有最后一段可以不设上限",
  });
export type Marginal = z.infer<typeof schema>;

export const marginal: Mechanism<Marginal> = {
  compute(f, p) {
    const label = factLabel(f.base);
    const v = num(p, f.base);
    const cap = f.cap !== undefined ? yuanToFen(f.cap) : undefined;
    const perUnit = f.bands[0].each !== undefined;
    const pay = (b: z.infer<typeof Band>) => (b.each !== undefined ? `每${f.unit ?? "个"}${Y(b.each)}` : `${P(b.rate)}`);
    const plan = f.bands.map((b) => `${b.to !== undefined ? `${b.from ? `${V(f.base, b.from)}至` : ""}${V(f.base, b.to)}${b.from ? "" : "以下"}` : `${V(f.base, b.from ?? 0)}以上`}的部分${pay(b)}`).join("，");
    if (v === undefined) return pending([f.base], { text: `分段累进：${plan}${cap !== undefined ? `，最高${F(cap)}` : ""}`, basis: "各段金额 × 该段比例之和", trace: [], min: 0, ...(f.cap !== undefined ? { max: f.cap } : {}) });
    if (v <= 0) return zeroOf(f.base, v);
    if (perUnit) return perUnitBands(f, v, cap);
    const base = yuanToFen(v);
    const parts: Fen[] = [];
    const trace: string[] = [];
    for (const b of f.bands) {
      const lo = yuanToFen(b.from ?? 0);
      if (base <= lo) break;
      const hi = b.to !== undefined ? minFen(base, yuanToFen(b.to)) : base;
      const part = percentOf(hi - lo, b.rate!);
      parts.push(part);
      trace.push(`${b.to !== undefined ? `${F(lo)}至${F(yuanToFen(b.to))}` : `${F(lo)}以上`}的部分${F(hi - lo)} × ${P(b.rate)} = ${F(part)}`);
    }
    const raw = addFen(...parts);
    const fen = cap !== undefined ? minFen(raw, cap) : raw;
    trace.push(`合计${F(raw)}${fen < raw ? `，超过上限${F(cap!)}，按${F(cap!)}计` : ""}`);
    return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: `${label}${V(f.base, v)}分段累进`, trace } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.bands.forEach((b, i) => {
      factNumber(out, `amount.bands[${i}].from`, f.base, b.from, dimOfFact);
      factNumber(out, `amount.bands[${i}].to`, f.base, b.to, dimOfFact);
      pct(out, `bands[${i}].rate`, b.rate);
      money(out, `bands[${i}].each`, b.each);
    });
    money(out, "cap", f.cap);
    return out;
  },
  facts: (f) => [f.base],
};

/** Bands over a count that pay a sum for each unit inside them; units are counted whole. */
function perUnitBands(f: Marginal, v: number, cap: Fen | undefined) {
  const u = f.unit ?? "个";
  const n = whole(v);
  if (n === 0) return zeroOf(f.base, v);
  const parts: Fen[] = [];
  const trace: string[] = [];
  for (const b of f.bands) {
    const lo = whole(b.from ?? 0);
    if (n <= lo) break;
    const hi = b.to !== undefined ? Math.min(n, whole(b.to)) : n;
    const part = mulFen(yuanToFen(b.each!), hi - lo);
    parts.push(part);
    trace.push(`第${lo + 1}${hi > lo + 1 ? `至${hi}` : ""}${u}：${hi - lo}${u} × ${Y(b.each!)} = ${F(part)}`);
  }
  const raw = addFen(...parts);
  const fen = cap !== undefined ? minFen(raw, cap) : raw;
  trace.push(`合计${F(raw)}${fen < raw ? `，超过上限${F(cap!)}，按${F(cap!)}计` : ""}`);
  return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: `${n}${u}分段计算`, trace } };
}
