import { describe, expect, it } from "vitest";
import { approx, schema } from "./approx.js";

describe("approx (按合同实际成交额的5%左右)", () => {
  const f = schema.parse({ kind: "approx", base: "contractAmount", rate: 5 });

  it("says the figure is indicative", () => {
    expect(approx.compute(f, { contractAmount: 2000000 }).amount).toEqual({
      yuan: 100000, text: "约10万元", basis: "200万元 × 5%左右", trace: ["200万元 × 5%左右 ≈ 10万元"], approximate: true,
    });
    expect(approx.compute(f, {})).toMatchObject({ missing: ["contractAmount"], amount: { text: "按专利技术合同实际成交额的5%左右", approximate: true, min: 0 } });
    expect(approx.compute(f, { contractAmount: 0 }).zero).toContain("为0元");
  });

  it("checks the rate and reads the base", () => {
    expect(approx.numbers(f)).toEqual([{ value: 5, dim: "percent", where: "amount.rate" }]);
    expect(approx.facts(f)).toEqual(["contractAmount"]);
  });
});
