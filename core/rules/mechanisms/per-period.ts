import { z } from "zod";
import { factLabel } from "../describe.js";
import { addFen, minFen, mulFen, percentOf, yuanToFen, type Fen } from "../money.js";
import type { ScheduleItem } from "../match.js";
import { FactKey } from "../fact-key.js";
import { count, F, P, money, named, num, pct, pending, Percent, whole, Y, yuan, Yuan, zeroOf, type Mechanism, type RuleNumber } from "./kit.js";

/** 每年按实际投资额的20%，最长不超过3年，累计不超过500万元 / 每月10万元 / 每人每月3000元，不超过6个月 */
export const schema = z
  .object({
    kind: z.literal("perPeriod"),
    period: z.enum(["年", "月"]),
    base: FactKey.optional(),
    rate: Percent.optional(),
    amount: Yuan.optional(),
    periods: FactKey.optional(),
    maxPeriods: z.number().int().positive().optional(),
    /** 最高2000元/月，补贴期不超过2年: a monthly award whose span the document gives in years. */
    maxYears: z.number().int().positive().max(20).optional(),
    periodCap: Yuan.optional(),
    totalCap: Yuan.optional(),
    /** 每人每月3000元: the amount is per head as well, for the heads the asker states. */
    heads: FactKey.optional(),
    headUnit: z.string().optional(),
    /**
     * 最长五年，其中前两年100%、后三年50%: the rate changes with the year. Paid for every year of the
     * schedule, so the headline is the sum over it (within totalCap).
     */
    steps: z.array(z.object({ periods: z.number().int().positive(), rate: Percent }).strict()).min(2).optional(),
  })
  .strict();
export type PerPeriod = z.infer<typeof schema>;

export const perPeriod: Mechanism<PerPeriod> = {
  compute(f, p) {
    const u = f.period;
    const missing: string[] = [];
    if (f.steps && f.base) return stepped(f, f.steps, f.base, p);
    let per: Fen | undefined;
    let perTrace = "";
    const hu = f.headUnit ?? "人";
    const heads = f.heads ? num(p, f.heads) : undefined;
    if (f.heads && heads === undefined) missing.push(f.heads);
    if (f.amount !== undefined) {
      per = yuanToFen(f.amount);
      if (heads !== undefined) {
        if (whole(heads) === 0) return zeroOf(f.heads!, heads);
        // Every head is paid for the same months: the asker states one count of each.
        const all = mulFen(per, whole(heads));
        perTrace = `${F(per)}/${hu}/${u} × ${whole(heads)}${hu} = ${F(all)}/${u}`;
        per = all;
      }
    } else if (f.base && f.rate !== undefined) {
      const base = num(p, f.base);
      if (base === undefined) missing.push(f.base);
      else {
        const raw = percentOf(yuanToFen(base), f.rate);
        per = f.periodCap !== undefined ? minFen(raw, yuanToFen(f.periodCap)) : raw;
        perTrace = `${Y(base)} × ${P(f.rate)} = ${F(raw)}/${u}${per < raw ? `（每${u}上限${F(per)}）` : ""}`;
      }
    }
    const spanMonths = f.period === "月" && f.maxYears !== undefined ? f.maxYears * 12 : undefined;
    if (spanMonths !== undefined && per !== undefined && !missing.length && !f.periods) {
      if (per === 0n) return zeroOf(f.base!, num(p, f.base) ?? 0);
      // Paid every month of the span: the headline is the most it pays over the span, the month's figure beside it.
      const raw = mulFen(per, spanMonths);
      const all = f.totalCap !== undefined ? minFen(raw, yuanToFen(f.totalCap)) : raw;
      const span = `${f.maxYears}年（${spanMonths}个月）`;
      return {
        missing: [],
        amount: {
          yuan: yuan(all),
          text: `最多${F(all)}（每月${F(per)}，最长${span}）`,
          basis: `${F(per)}/月 × ${spanMonths}个月`,
          trace: [...(perTrace ? [perTrace] : []), `${F(per)}/月 × ${span} = ${F(raw)}${all < raw ? `；累计上限${F(yuanToFen(f.totalCap!))}` : ""}`],
          upTo: true,
        },
      };
    }
    let periods: number | undefined = f.maxPeriods;
    if (f.periods) {
      const v = num(p, f.periods);
      if (v === undefined) missing.push(f.periods);
      else periods = f.maxPeriods !== undefined ? Math.min(whole(v), f.maxPeriods) : whole(v);
    }
    const total = f.totalCap === undefined ? undefined : yuanToFen(f.totalCap);
    const capText = total !== undefined ? `，累计不超过${F(total)}` : f.maxPeriods !== undefined ? `，最长不超过${f.maxPeriods}${u === "年" ? "年" : "个月"}` : f.maxYears !== undefined ? `，最长不超过${f.maxYears}年` : "";
    if (per === undefined || missing.length) {
      const plan = f.amount !== undefined ? `${f.heads ? `每${hu}每${u}` : ""}${Y(f.amount)}${f.heads ? "" : `/${u}`}` : `每${u}按${factLabel(f.base!)}的${P(f.rate)}`;
      const span = f.maxPeriods ?? spanMonths;
      const max = total ?? (per !== undefined && span !== undefined && (!f.heads || heads !== undefined) ? mulFen(per, span) : f.periodCap !== undefined && spanMonths !== undefined ? mulFen(yuanToFen(f.periodCap), spanMonths) : undefined);
      return pending(missing, { text: `${plan}${capText}`, basis: plan, trace: [], min: 0, ...(max !== undefined ? { max: yuan(max) } : {}) });
    }
    if (per === 0n) return zeroOf(f.base ?? f.periods!, num(p, f.base ?? f.periods) ?? 0);

    if (f.periods) {
      // A count of periods the enterprise qualified for (每月10万元 × 3个月): the headline is the total.
      if (periods === 0) return zeroOf(f.periods, 0);
      const raw = mulFen(per, periods!);
      const fen = total !== undefined ? minFen(raw, total) : raw;
      const unitWord = u === "年" ? "年" : "个月";
      const capped = f.maxPeriods !== undefined && whole(num(p, f.periods)!) > f.maxPeriods ? [`${whole(num(p, f.periods)!)}${unitWord}，以${f.maxPeriods}${unitWord}为限`] : [];
      return {
        missing: [],
        amount: {
          yuan: yuan(fen),
          text: F(fen),
          basis: `${f.heads ? `${Y(f.amount!)}/${hu}/${u} × ${whole(heads!)}${hu}` : `${F(per)}/${u}`} × ${periods}${unitWord}`,
          trace: [...(perTrace ? [perTrace] : []), ...capped, `${F(per)}/${u} × ${periods}${unitWord} = ${F(raw)}${fen < raw ? `；累计上限${F(total!)}` : ""}`],
        },
      };
    }

    // A yearly award over a planned span: the headline is the first year's, the schedule shows the rest.
    const schedule: ScheduleItem[] = [];
    if (periods !== undefined) {
      let left = total;
      for (let i = 1; i <= periods; i++) {
        const pay = left !== undefined ? minFen(per, left) : per;
        if (pay <= 0n) break;
        schedule.push({ label: `第${i}${u === "年" ? "年" : "个月"}`, yuan: yuan(pay) });
        if (left !== undefined) left -= pay;
      }
    }
    const first = total !== undefined ? minFen(per, total) : per;
    const steps = schedule.map((s) => `${s.label}${Y(s.yuan)}`).join("，");
    const limits = total !== undefined ? `累计上限${F(total)}` : f.maxPeriods !== undefined ? `最长${f.maxPeriods}${u}` : "";
    const head = perTrace || `${F(per)}/${u}`;
    const trace = [steps ? `${head}；${limits} → ${steps}` : head];
    const sum = addFen(...schedule.map((s) => yuanToFen(s.yuan)));
    if (schedule.length > 1) trace.push(`合计${F(sum)}`);
    return {
      missing: [],
      amount: {
        yuan: yuan(first),
        text: `${F(per)}/${u}${capText}`,
        basis: perTrace ? perTrace.split(" = ")[0] : `${F(per)}/${u}`,
        trace,
        ...(schedule.length ? { schedule } : {}),
      },
    };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.steps?.forEach((st, i) => {
      count(out, `steps.${i}.periods`, st.periods, f.period);
      pct(out, `steps.${i}.rate`, st.rate);
    });
    pct(out, "rate", f.rate);
    money(out, "amount", f.amount);
    count(out, "maxPeriods", f.maxPeriods, f.period);
    count(out, "maxYears", f.maxYears, "年");
    money(out, "periodCap", f.periodCap);
    money(out, "totalCap", f.totalCap);
    return out;
  },
  facts: (f) => named(f.base, f.periods, f.heads),
};

/** A rate per year that changes over the schedule: every year's pay, then their sum within the cap. */
function stepped(f: PerPeriod, steps: { periods: number; rate: number }[], baseKey: string, p: Parameters<typeof perPeriod.compute>[1]) {
  const u = f.period === "年" ? "年" : "个月";
  const plan = steps.map((st, i) => `${i === 0 ? "前" : i === steps.length - 1 ? "后" : "其后"}${st.periods}${u}按${factLabel(baseKey)}的${P(st.rate)}`).join("，");
  const total = f.totalCap === undefined ? undefined : yuanToFen(f.totalCap);
  const base = num(p, baseKey);
  if (base === undefined) return pending([baseKey], { text: `${plan}${total !== undefined ? `，累计不超过${F(total)}` : ""}`, basis: plan, trace: [], min: 0, ...(total !== undefined ? { max: yuan(total) } : {}) });
  if (base === 0) return zeroOf(baseKey, 0);
  const schedule: ScheduleItem[] = [];
  const trace: string[] = [];
  let left = total;
  let k = 0;
  for (const st of steps) {
    const raw = percentOf(yuanToFen(base), st.rate);
    const per = f.periodCap !== undefined ? minFen(raw, yuanToFen(f.periodCap)) : raw;
    trace.push(`第${k + 1}${st.periods > 1 ? `至${k + st.periods}` : ""}${u}：${Y(base)} × ${P(st.rate)} = ${F(per)}/${f.period}`);
    for (let i = 0; i < st.periods; i++) {
      k++;
      const pay = left !== undefined ? minFen(per, left) : per;
      if (pay <= 0n) continue;
      schedule.push({ label: `第${k}${u}`, yuan: yuan(pay) });
      if (left !== undefined) left -= pay;
    }
  }
  const sum = addFen(...schedule.map((x) => yuanToFen(x.yuan)));
  trace.push(`合计${F(sum)}${total !== undefined && left !== undefined && left <= 0n ? `（累计上限${F(total)}）` : ""}`);
  return { missing: [], amount: { yuan: yuan(sum), text: `合计${F(sum)}`, basis: plan, trace, schedule } };
}
