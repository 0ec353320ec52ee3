import { describe, expect, it } from "vitest";
import { rateRange, schema } from "./rate-range.js";

describe("rateRange (按固定资产投资的5%—20%给予奖励)", () => {
  const f = schema.parse({ kind: "rateRange", base: "investment", min: 5, max: 20, cap: 1000000 });

  it("the amount is a range from the lower to the upper rate, the cap bounding both", () => {
    expect(rateRange.compute(f, { investment: 2000000 }).amount).toEqual({ text: "10万元至40万元", basis: "200万元 × 5%~20%", trace: ["200万元 × 5% = 10万元；× 20% = 40万元"], min: 100000, max: 400000 });
    expect(rateRange.compute(f, { investment: 10000000 }).amount).toMatchObject({ min: 500000, max: 1000000, trace: ["1000万元 × 5% = 50万元；× 20% = 200万元，上限100万元"] });
    expect(rateRange.compute(f, { investment: 0 }).zero).toContain("为0元");
  });

  it("an unknown base is asked for, bounded by the cap", () => {
    expect(rateRange.compute(f, {})).toMatchObject({ missing: ["investment"], amount: { text: "按实际投资（投入）额的5%至20%，不超过100万元", min: 0, max: 1000000 } });
  });

  it("checks both rates and the cap, and reads the base", () => {
    expect(rateRange.numbers(f).map((n) => `${n.dim}:${n.value}`)).toEqual(["percent:5", "percent:20", "money:1000000"]);
    expect(rateRange.facts(f)).toEqual(["investment"]);
  });
});
