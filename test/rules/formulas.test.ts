import { describe, expect, it } from "vitest";
import { computeAmount, shareFor } from "../../core/rules/formulas.js";
import { Formula } from "../../core/rules/schema.js";

const calc = (f: unknown, p: Record<string, unknown> = {}) => computeAmount(Formula.parse(f), p as never);

describe("formula kinds", () => {
  it("fixed", () => {
    expect(calc({ kind: "fixed", amount: 1000000 }).amount).toMatchObject({ yuan: 1000000, text: "100万元" });
  });

  it("upTo: the cap is the headline, flagged as a ceiling, range 0..cap", () => {
    expect(calc({ kind: "upTo", cap: 1000000 }).amount).toMatchObject({ yuan: 1000000, text: "不超过100万元", upTo: true, min: 0, max: 1000000 });
    expect(calc({ kind: "upTo", cap: 500000, base: "eventInvestment" }, { eventInvestment: 120000 }).amount).toMatchObject({ yuan: 120000, upTo: true });
  });

  it("rate: base × rate, capped; missing base → pending with 0..cap", () => {
    const f = { kind: "rate", base: "investment", rate: 20, cap: 5000000 };
    expect(calc(f, { investment: 10000000 }).amount?.yuan).toBe(2000000);
    expect(calc(f, { investment: 30000000 }).amount?.yuan).toBe(5000000);
    const pending = calc(f, {});
    expect(pending.missing).toEqual(["investment"]);
    expect(pending.amount).toMatchObject({ min: 0, max: 5000000 });
    expect(pending.amount?.yuan).toBeUndefined();
    expect(calc(f, { investment: 0 }).zero).toBeDefined();
  });

  it("perPeriod yearly: schedule under the cumulative cap (1000万 → 200+200+100)", () => {
    const f = { kind: "perPeriod", period: "年", base: "investment", rate: 20, maxPeriods: 3, totalCap: 5000000 };
    const a = calc(f, { investment: 10000000 }).amount!;
    expect(a.yuan).toBe(2000000);
    expect(a.text).toBe("200万元/年，累计不超过500万元");
    expect(a.schedule).toEqual([
      { label: "第1年", yuan: 2000000 },
      { label: "第2年", yuan: 2000000 },
      { label: "第3年", yuan: 1000000 },
    ]);
    expect(calc(f, { investment: 15000000 }).amount!.trace[0]).toBe("1500万元 × 20% = 300万元/年；累计上限500万元 → 第1年300万元，第2年200万元");
    expect(calc(f, { investment: 8000000 }).amount!.schedule!.map((s) => s.yuan)).toEqual([1600000, 1600000, 1600000]);
  });

  it("perPeriod monthly: 10万/月 × 3个月 = 30万元", () => {
    const a = calc({ kind: "perPeriod", period: "月", amount: 100000, periods: "epidemicCompliantMonths" }, { epidemicCompliantMonths: 3 }).amount!;
    expect(a.yuan).toBe(300000);
    expect(a.trace[0]).toBe("10万元/月 × 3个月 = 30万元");
  });

  it("perUnit with a per-unit ceiling: min(30% × price, 500元) × count", () => {
    const f = { kind: "perUnit", count: "lockers", unit: "台", rate: 30, price: "lockerPrice", unitCap: 500 };
    expect(calc(f, { lockers: 10, lockerPrice: 1000 }).amount?.yuan).toBe(3000);
    expect(calc(f, { lockers: 10, lockerPrice: 2000 }).amount?.yuan).toBe(5000);
    expect(calc(f, { lockers: 10 })).toMatchObject({ missing: ["lockerPrice"], amount: { max: 5000 } });
    expect(calc(f, { lockers: 0, lockerPrice: 2000 }).zero).toContain("为0台");
  });

  it("perUnit with a yearly cap per outlet, times outlets", () => {
    const f = { kind: "perUnit", count: "ruralParcels", unit: "件", amount: 0.3, yearlyCap: 30000, maxYears: 3, perEach: "ruralOutlets", eachUnit: "个网点" };
    expect(calc(f, { ruralParcels: 50000 }).amount).toMatchObject({ yuan: 15000, text: "1.5万元/年（每个网点），最长不超过3年" });
    expect(calc(f, { ruralParcels: 200000, ruralOutlets: 3 }).amount?.yuan).toBe(90000);
  });

  it("onceplusRecurring: 5万 once + 2万 per full year, at most 3 years, per outlet", () => {
    const f = { kind: "onceplusRecurring", once: 50000, recurring: 20000, years: "yearsOperated", maxYears: 3, count: "villageOutlets", unit: "个网点" };
    expect(calc(f, { yearsOperated: 2.5, villageOutlets: 1 }).amount?.yuan).toBe(90000);
    expect(calc(f, { yearsOperated: 7, villageOutlets: 3 }).amount?.yuan).toBe(330000);
    expect(calc(f, {}).amount).toMatchObject({ yuan: 50000, min: 50000, max: 110000 });
  });

  it("feeShare: 8 booths count as 6", () => {
    const f = { kind: "feeShare", rate: 70, fee: "boothFeePerBooth", units: "expoBooths", maxUnits: 6, unit: "个标准展位" };
    const a = calc(f, { expoBooths: 8, boothFeePerBooth: 10000 }).amount!;
    expect(a).toMatchObject({ yuan: 42000, text: "最高4.2万元", upTo: true });
    expect(a.trace[0]).toContain("8个标准展位，按6个标准展位计");
  });

  it("approx: 5%左右 → 约", () => {
    expect(calc({ kind: "approx", base: "contractAmount", rate: 5 }, { contractAmount: 2000000 }).amount).toMatchObject({ yuan: 100000, text: "约10万元", approximate: true });
  });

  it("staged: schedule, total cap and matching requirement", () => {
    const r = calc({ kind: "staged", stages: [{ label: "立项后", amount: 300000 }, { label: "验收合格后", amount: 700000, upTo: true }], totalCap: 1000000, matchPercent: 200 });
    expect(r.amount).toMatchObject({ yuan: 1000000, upTo: true, min: 300000, max: 1000000 });
    expect(r.confirm?.[0]).toContain("不少于200万元");
  });

  it("unspecified never invents a figure", () => {
    const a = calc({ kind: "unspecified", note: "择优给予奖励，文件未规定具体金额" }).amount!;
    expect(a.yuan).toBeUndefined();
    expect(a.text).toContain("未规定具体金额");
  });

  it("costShare by district", () => {
    const f = Formula.parse({ kind: "costShare", shares: [{ districts: ["萧山区", "余杭区", "临安区"], counties: true, local: 75, upper: 25 }], otherwise: { local: 50, upper: 50 } });
    if (f.kind !== "costShare") throw new Error("kind");
    expect(shareFor(f, "余杭区")).toMatchObject({ local: 75 });
    expect(shareFor(f, "淳安县")).toMatchObject({ local: 75 });
    expect(shareFor(f, "上城区")).toMatchObject({ local: 50 });
    expect(computeAmount(f, {}).missing).toEqual(["district"]);
  });
});
