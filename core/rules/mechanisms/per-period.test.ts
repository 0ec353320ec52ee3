import { describe, expect, it } from "vitest";
import { perPeriod, schema } from "./per-period.js";

describe("perPeriod (每年…最长不超过3年 / 每人每月3000元…不超过6个月)", () => {
  it("a fixed yearly sum over a planned span: first year's figure, the rest as a schedule", () => {
    const a = perPeriod.compute(schema.parse({ kind: "perPeriod", period: "年", amount: 100000, maxPeriods: 3 }), {}).amount!;
    expect(a).toMatchObject({ yuan: 100000, text: "10万元/年，最长不超过3年" });
    expect(a.trace).toEqual(["10万元/年；最长3年 → 第1年10万元，第2年10万元，第3年10万元", "合计30万元"]);
  });

  it("counted periods are capped at the longest the document allows", () => {
    const f = schema.parse({ kind: "perPeriod", period: "月", amount: 3000, periods: "epidemicCompliantMonths", maxPeriods: 6 });
    expect(perPeriod.compute(f, {})).toMatchObject({ missing: ["epidemicCompliantMonths"], amount: { text: "3000元/月，最长不超过6个月", min: 0, max: 18000 } });
    expect(perPeriod.compute(f, { epidemicCompliantMonths: 8 }).amount).toMatchObject({ yuan: 18000, trace: ["8个月，以6个月为限", "3000元/月 × 6个月 = 1.8万元"] });
    expect(perPeriod.compute(f, { epidemicCompliantMonths: 0 }).zero).toContain("为0个月");
  });

  it("checks sums, rate and the span (in its period), and reads base and periods", () => {
    const f = schema.parse({ kind: "perPeriod", period: "月", amount: 3000, periods: "epidemicCompliantMonths", maxPeriods: 6, totalCap: 18000 });
    expect(perPeriod.numbers(f)).toEqual([
      { value: 3000, dim: "money", where: "amount.amount" },
      { value: 6, dim: "count", where: "amount.maxPeriods", unit: "月" },
      { value: 18000, dim: "money", where: "amount.totalCap" },
    ]);
    expect(perPeriod.facts(f)).toEqual(["epidemicCompliantMonths"]);
    expect(perPeriod.facts(schema.parse({ kind: "perPeriod", period: "年", base: "investment", rate: 20 }))).toEqual(["investment"]);
  });
});
