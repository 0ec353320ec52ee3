import type { Profile } from "../facts/registry.js";
import { describeValue, factLabel } from "./describe.js";
import { addFen, fenToYuan, formatFen, minFen, mulFen, percentOf, yuanToFen, type Fen } from "./money.js";
import type { Amount, ScheduleItem } from "./match.js";
import type { Formula } from "./schema.js";
import { computeModular, isModular } from "./mechanisms/index.js";
import type { AmountOutcome } from "./mechanisms/kit.js";
export type { AmountOutcome } from "./mechanisms/kit.js";

/**
 * Amount computation for each formula kind, in integer fen. Pure: a formula
 * and the enterprise's facts in, the amount (with its trace) out. A fact the
 * formula needs and the enterprise has not stated is reported as missing, with
 * the range the amount can still take.
 */


const F = formatFen;
const Y = (yuan: number) => formatFen(yuanToFen(yuan));
const num = (p: Profile, key: string | undefined): number | undefined => {
  const v = key === undefined ? undefined : p[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
const whole = (n: number) => Math.floor(n);
const yuan = (fen: Fen) => fenToYuan(fen);
const pending = (missing: string[], amount: Amount): AmountOutcome => ({ missing, amount });
const zeroOf = (key: string, value: number): AmountOutcome => ({ missing: [], zero: `${factLabel(key)}为${describeValue(key, value)}，无可计算的补助` });

export function computeAmount(f: Formula, p: Profile): AmountOutcome {
  if (isModular(f)) return computeModular(f, p);
  switch (f.kind) {
    case "fixed": {
      const fen = yuanToFen(f.amount);
      return { missing: [], amount: { yuan: yuan(fen), text: F(fen), basis: "定额", trace: [`定额${F(fen)}${f.once ? "（一次性）" : ""}`] } };
    }
    case "upTo":
      return upTo(f, p);
    case "rate":
      return rate(f, p);
    case "perPeriod":
      return perPeriod(f, p);
    case "perUnit":
      return perUnit(f, p);
    case "onceplusRecurring":
      return oncePlusRecurring(f, p);
    case "feeShare":
      return feeShare(f, p);
    case "approx": {
      const base = num(p, f.base);
      const label = factLabel(f.base);
      if (base === undefined) return pending([f.base], { text: `按${label}的${f.rate}%左右`, basis: `${label} × ${f.rate}%左右`, trace: [], approximate: true, min: 0 });
      const fen = percentOf(yuanToFen(base), f.rate);
      if (fen === 0n) return zeroOf(f.base, base);
      return {
        missing: [],
        amount: { yuan: yuan(fen), text: `约${F(fen)}`, basis: `${Y(base)} × ${f.rate}%左右`, trace: [`${Y(base)} × ${f.rate}%左右 ≈ ${F(fen)}`], approximate: true },
      };
    }
    case "staged":
      return staged(f);
    case "unspecified":
      return { missing: [], amount: { text: f.note, basis: "文件未规定具体金额", trace: [f.note] } };
    case "costShare":
      return costShare(f, p);
    case "qualification":
      return { missing: [], outcome: f.outcome };
    default:
      return computeModular(f, p);
  }
}

type Of<K extends Formula["kind"]> = Extract<Formula, { kind: K }>;

function upTo(f: Of<"upTo">, p: Profile): AmountOutcome {
  const cap = yuanToFen(f.cap);
  const base = num(p, f.base);
  if (f.base && base !== undefined) {
    // "按其实际投入给予…不超过50万元": the award cannot exceed what was spent either.
    const fen = minFen(yuanToFen(base), cap);
    const label = factLabel(f.base);
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: `不超过${F(fen)}`,
        basis: `按${label}${Y(base)}，上限${F(cap)}`,
        trace: [`按${label}${Y(base)}给予，不超过${F(cap)} → 最多${F(fen)}`],
        upTo: true,
        min: 0,
        max: yuan(fen),
      },
    };
  }
  return { missing: [], amount: { yuan: yuan(cap), text: `不超过${F(cap)}`, basis: "上限", trace: [`文件规定上限${F(cap)}，具体金额经评审确定`], upTo: true, min: 0, max: yuan(cap) } };
}

function rate(f: Of<"rate">, p: Profile): AmountOutcome {
  const label = factLabel(f.base);
  const stated = num(p, f.base);
  const fx = f.fx ? num(p, f.fx) : undefined;
  const cap = f.cap === undefined ? undefined : yuanToFen(f.cap);
  if (stated !== undefined && f.fx && fx === undefined) {
    return pending([f.fx], { text: `按${label}的${f.rate}%折合人民币${cap !== undefined ? `，不超过${F(cap)}` : ""}`, basis: `${label} × 汇率 × ${f.rate}%`, trace: [], min: 0, ...(cap !== undefined ? { max: yuan(cap) } : {}) });
  }
  // A 美元 base is converted at the stated rate first; the rate applies to the 元 amount.
  const base = stated !== undefined && fx !== undefined ? Number((stated * fx).toFixed(2)) : stated;
  const conv = stated !== undefined && fx !== undefined ? `${describeValue(f.base, stated)} × ${fx} = ${Y(base!)}；` : "";
  const up = f.upTo ? "最高" : "";
  if (base === undefined) {
    return pending([f.base], {
      text: `按${label}的${f.rate}%${cap !== undefined ? `，不超过${F(cap)}` : ""}`,
      basis: `${label} × ${f.rate}%`,
      trace: [],
      min: 0,
      ...(cap !== undefined ? { max: yuan(cap) } : {}),
    });
  }
  const raw = percentOf(yuanToFen(base), f.rate);
  const fen = cap !== undefined ? minFen(raw, cap) : raw;
  if (fen === 0n) return zeroOf(f.base, stated!);
  const capped = cap !== undefined && raw > cap ? `；超过上限${F(cap)}，按${F(cap)}计` : "";
  return {
    missing: [],
    amount: { yuan: yuan(fen), text: `${up}${F(fen)}`, basis: `${Y(base)} × ${f.rate}%`, trace: [`${conv}${Y(base)} × ${f.rate}%${f.upTo ? "（比例上限）" : ""} = ${F(raw)}${capped}`], ...(f.upTo ? { upTo: true } : {}) },
  };
}

function perPeriod(f: Of<"perPeriod">, p: Profile): AmountOutcome {
  const u = f.period;
  const missing: string[] = [];
  let per: Fen | undefined;
  let perTrace = "";
  if (f.amount !== undefined) {
    per = yuanToFen(f.amount);
  } else if (f.base && f.rate !== undefined) {
    const base = num(p, f.base);
    if (base === undefined) missing.push(f.base);
    else {
      const raw = percentOf(yuanToFen(base), f.rate);
      per = f.periodCap !== undefined ? minFen(raw, yuanToFen(f.periodCap)) : raw;
      perTrace = `${Y(base)} × ${f.rate}% = ${F(raw)}/${u}${per < raw ? `（每${u}上限${F(per)}）` : ""}`;
    }
  }
  let periods: number | undefined = f.maxPeriods;
  if (f.periods) {
    const v = num(p, f.periods);
    if (v === undefined) missing.push(f.periods);
    else periods = f.maxPeriods !== undefined ? Math.min(whole(v), f.maxPeriods) : whole(v);
  }
  const total = f.totalCap === undefined ? undefined : yuanToFen(f.totalCap);
  const capText = total !== undefined ? `，累计不超过${F(total)}` : f.maxPeriods !== undefined ? `，最长不超过${f.maxPeriods}${u === "年" ? "年" : "个月"}` : "";
  if (per === undefined || missing.length) {
    const plan = f.amount !== undefined ? `${Y(f.amount)}/${u}` : `每${u}按${factLabel(f.base!)}的${f.rate}%`;
    const max = total ?? (per !== undefined && f.maxPeriods !== undefined ? mulFen(per, f.maxPeriods) : undefined);
    return pending(missing, { text: `${plan}${capText}`, basis: plan, trace: [], min: 0, ...(max !== undefined ? { max: yuan(max) } : {}) });
  }
  if (per === 0n) return zeroOf(f.base ?? f.periods!, num(p, f.base ?? f.periods) ?? 0);

  if (f.periods) {
    // A count of periods the enterprise qualified for (每月10万元 × 3个月): the headline is the total.
    if (periods === 0) return zeroOf(f.periods, 0);
    const raw = mulFen(per, periods!);
    const fen = total !== undefined ? minFen(raw, total) : raw;
    const unitWord = u === "年" ? "年" : "个月";
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: F(fen),
        basis: `${F(per)}/${u} × ${periods}${unitWord}`,
        trace: [`${F(per)}/${u} × ${periods}${unitWord} = ${F(raw)}${fen < raw ? `；累计上限${F(total!)}` : ""}`],
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
}

function perUnit(f: Of<"perUnit">, p: Profile): AmountOutcome {
  const missing: string[] = [];
  const count = num(p, f.count);
  if (count === undefined) missing.push(f.count);
  const price = f.price ? num(p, f.price) : undefined;
  if (f.rate !== undefined && f.price && price === undefined) missing.push(f.price);
  const each = f.perEach ? num(p, f.perEach) : undefined;
  const eachWord = f.eachUnit ?? "个";
  const yearly = f.yearlyCap !== undefined ? yuanToFen(f.yearlyCap) : undefined;
  const unitCap = f.unitCap !== undefined ? yuanToFen(f.unitCap) : undefined;
  const perYear = yearly !== undefined || f.maxYears !== undefined ? "/年" : "";
  const span = f.maxYears !== undefined ? `，最长不超过${f.maxYears}年` : "";
  const eachNote = f.perEach && each === undefined ? `（每${eachWord}）` : "";

  if (missing.length) {
    const plan = f.amount !== undefined ? `${Y(f.amount)}/${f.unit}` : `每${f.unit}按${factLabel(f.price!)}的${f.rate}%${unitCap !== undefined ? `，最高不超过${F(unitCap)}/${f.unit}` : ""}`;
    let max: Fen | undefined;
    if (yearly !== undefined) max = mulFen(yearly, each ?? 1);
    else if (count !== undefined && unitCap !== undefined) max = mulFen(unitCap, whole(count));
    return pending(missing, {
      text: `${plan}${yearly !== undefined ? `，每年不超过${F(yearly)}` : ""}${span}`,
      basis: plan,
      trace: [],
      min: 0,
      ...(max !== undefined ? { max: yuan(max) } : {}),
    });
  }
  const n = whole(count!);
  if (n === 0) return zeroOf(f.count, count!);
  if (each === 0) return zeroOf(f.perEach!, 0);

  const trace: string[] = [];
  let unitFen: Fen;
  if (f.amount !== undefined) unitFen = yuanToFen(f.amount);
  else {
    const raw = percentOf(yuanToFen(price!), f.rate!);
    unitFen = unitCap !== undefined ? minFen(raw, unitCap) : raw;
    trace.push(`每${f.unit}：${Y(price!)} × ${f.rate}% = ${F(raw)}${unitCap !== undefined && raw > unitCap ? `，超过上限${F(unitCap)}/${f.unit}，按${F(unitCap)}计` : ""}`);
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
  return { missing: [], amount: { yuan: yuan(fen), text: `${F(fen)}${perYear}${eachNote}${span}`, basis: `${n}${f.unit} × ${F(unitFen)}/${f.unit}`, trace } };
}

function oncePlusRecurring(f: Of<"onceplusRecurring">, p: Profile): AmountOutcome {
  const once = yuanToFen(f.once);
  const rec = yuanToFen(f.recurring);
  const word = f.unit ?? "个";
  const count = f.count ? num(p, f.count) : undefined;
  if (count !== undefined && whole(count) === 0) return zeroOf(f.count!, count);
  const n = count !== undefined ? whole(count) : 1;
  const each = count === undefined ? `（每${word}）` : "";
  const years = num(p, f.years);
  const perMax = addFen(once, mulFen(rec, f.maxYears));
  const planned = (full: number): ScheduleItem[] => [
    { label: "一次性补助", yuan: yuan(mulFen(once, n)) },
    ...Array.from({ length: full }, (_, i) => ({ label: `运营满${i + 1}年`, yuan: yuan(mulFen(rec, n)) })),
  ];
  if (years === undefined) {
    // Years of operation only refine the total: the one-off part is due on setting up.
    const fen = mulFen(once, n);
    return {
      missing: [],
      amount: {
        yuan: yuan(fen),
        text: `一次性${F(fen)}${each}，此后每运营满1年再补助${F(mulFen(rec, n))}，最长不超过${f.maxYears}年`,
        basis: `${F(once)} + ${F(rec)}/年`,
        trace: [`一次性${F(once)}；此后每运营满1年${F(rec)}，最长${f.maxYears}年 → 每${word}最多${F(perMax)}${count !== undefined ? `，${n}${word}最多${F(mulFen(perMax, n))}` : ""}`],
        schedule: planned(f.maxYears),
        min: yuan(fen),
        max: yuan(mulFen(perMax, n)),
      },
    };
  }
  const full = Math.min(whole(years), f.maxYears);
  const per = addFen(once, mulFen(rec, full));
  const fen = mulFen(per, n);
  const capped = whole(years) > f.maxYears ? `（运营${whole(years)}年，按最长${f.maxYears}年计）` : "";
  return {
    missing: [],
    amount: {
      yuan: yuan(fen),
      text: `${F(fen)}${each}`,
      basis: `${F(once)} + ${full}年 × ${F(rec)}`,
      trace: [`一次性${F(once)} + ${full}年 × ${F(rec)} = ${F(per)}${capped}${count !== undefined ? `；× ${n}${word} = ${F(fen)}` : `（每${word}）`}`],
      schedule: planned(full),
    },
  };
}

function feeShare(f: Of<"feeShare">, p: Profile): AmountOutcome {
  const fee = num(p, f.fee);
  const units = num(p, f.units);
  const missing = [...(units === undefined ? [f.units] : []), ...(fee === undefined ? [f.fee] : [])];
  if (missing.length) {
    const max = fee !== undefined ? percentOf(mulFen(yuanToFen(fee), f.maxUnits), f.rate) : undefined;
    return pending(missing, {
      text: `最高按${factLabel(f.fee)}的${f.rate}%，不超过${f.maxUnits}${f.unit}`,
      basis: `${factLabel(f.fee)} × ${f.rate}%`,
      trace: [],
      upTo: true,
      min: 0,
      ...(max !== undefined ? { max: yuan(max) } : {}),
    });
  }
  const n = whole(units!);
  if (n === 0) return zeroOf(f.units, units!);
  const counted = Math.min(n, f.maxUnits);
  const fen = percentOf(mulFen(yuanToFen(fee!), counted), f.rate);
  const over = n > f.maxUnits ? `${n}${f.unit}，按${f.maxUnits}${f.unit}计；` : "";
  return {
    missing: [],
    amount: {
      yuan: yuan(fen),
      text: `最高${F(fen)}`,
      basis: `${counted}${f.unit} × ${Y(fee!)} × ${f.rate}%`,
      trace: [`${over}${counted}${f.unit} × ${Y(fee!)} × ${f.rate}% = ${F(fen)}`],
      upTo: true,
    },
  };
}

function staged(f: Of<"staged">): AmountOutcome {
  const cap = yuanToFen(f.totalCap);
  const sum = addFen(...f.stages.map((s) => yuanToFen(s.amount)));
  const total = minFen(sum, cap);
  const anyUpTo = f.stages.some((s) => s.upTo);
  const sure = addFen(...f.stages.filter((s) => !s.upTo).map((s) => yuanToFen(s.amount)));
  const stageText = (s: Of<"staged">["stages"][number]) => `${s.label}${s.upTo ? "不超过" : ""}${Y(s.amount)}`;
  const confirm =
    f.matchPercent !== undefined
      ? [`企业知识产权投入须不少于政府财政投入的${f.matchPercent}%（按${F(total)}计，即不少于${F(percentOf(total, f.matchPercent))}）`]
      : [];
  return {
    missing: [],
    confirm,
    amount: {
      yuan: yuan(total),
      text: `${anyUpTo ? "不超过" : ""}${F(total)}（${f.stages.map(stageText).join("，")}）`,
      basis: "分期拨付",
      trace: [`${f.stages.map(stageText).join(" + ")} = ${anyUpTo ? "不超过" : ""}${F(sum)}；每项不超过${F(cap)}`, ...confirm],
      schedule: f.stages.map((s) => ({ label: s.label, yuan: s.amount, ...(s.upTo ? { upTo: true } : {}) })),
      ...(anyUpTo ? { upTo: true, min: yuan(sure), max: yuan(total) } : {}),
    },
  };
}

/** Which share applies to a district: named districts, county-level units (县, county-level 市), or the rest. */
export function shareFor(f: Of<"costShare">, district: string): { local: number; upper: number } {
  const bare = (s: string) => s.trim().replace(/(区|县|市)$/, "");
  for (const s of f.shares) {
    if (s.districts.some((d) => bare(d) === bare(district))) return s;
    if (s.counties && /[县市]$/.test(district.trim())) return s;
  }
  return f.otherwise;
}

function costShare(f: Of<"costShare">, p: Profile): AmountOutcome {
  const district = typeof p.district === "string" && p.district.trim() ? p.district.trim() : undefined;
  const all = [
    ...f.shares.map((s) => `${[...s.districts, ...(s.counties ? ["各县（市）"] : [])].join("、")}：属地财政承担${s.local}%，市财政承担${s.upper}%`),
    `其他区：属地财政承担${f.otherwise.local}%，市财政承担${f.otherwise.upper}%`,
  ];
  if (!district) return pending(["district"], { text: all.join("；"), basis: "资金分担", trace: all });
  const s = shareFor(f, district);
  return { missing: [], amount: { text: `${district}：属地财政承担${s.local}%，市财政承担${s.upper}%`, basis: "资金分担", trace: all } };
}
