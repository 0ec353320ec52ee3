import { describe, expect, it } from "vitest";
import { oncePlusRecurring, schema } from "./once-plus-recurring.js";

describe("onceplusRecurring (一次性5万元，每运营满1年再给予2万元，最长3年)", () => {
  const base = { kind: "onceplusRecurring", once: 50000, recurring: 20000, years: "yearsOperated", maxYears: 3 };

  it("years past the longest span count as the span, and the trace says so", () => {
    expect(oncePlusRecurring.compute(schema.parse(base), { yearsOperated: 5 }).amount).toMatchObject({
      yuan: 110000, text: "11万元（每个）", trace: ["一次性5万元 + 3年 × 2万元 = 11万元（运营5年，按最长3年计）（每个）"],
    });
  });

  it("unknown years: the one-off part is due now, the whole plan is the range", () => {
    const f = schema.parse({ ...base, count: "villageOutlets", unit: "个网点" });
    expect(oncePlusRecurring.compute(f, { villageOutlets: 2 })).toMatchObject({ missing: [], amount: { yuan: 100000, min: 100000, max: 220000 } });
    expect(oncePlusRecurring.compute(f, { villageOutlets: 0 }).zero).toContain("为0个");
  });

  it("checks both sums and the span, and reads years and the count", () => {
    const f = schema.parse({ ...base, count: "villageOutlets", unit: "个网点" });
    expect(oncePlusRecurring.numbers(f)).toEqual([
      { value: 50000, dim: "money", where: "amount.once" },
      { value: 20000, dim: "money", where: "amount.recurring" },
      { value: 3, dim: "count", where: "amount.maxYears", unit: "年" },
    ]);
    expect(oncePlusRecurring.facts(f)).toEqual(["yearsOperated", "villageOutlets"]);
  });
});
