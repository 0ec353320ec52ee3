import { describe, expect, it } from "vitest";
import { multiple, schema } from "./multiple.js";

describe("multiple (按月租金的3倍进行补助)", () => {
  const f = schema.parse({ kind: "multiple", base: "lockerPrice", times: 3, cap: 30000 });

  it("a multiple of the stated sum, capped", () => {
    expect(multiple.compute(f, { lockerPrice: 5000 }).amount).toEqual({ yuan: 15000, text: "1.5万元", basis: "5000元 × 3", trace: ["5000元 × 3倍 = 1.5万元"] });
    expect(multiple.compute(f, { lockerPrice: 20000 }).amount).toMatchObject({ yuan: 30000, trace: ["2万元 × 3倍 = 6万元；上限3万元"] });
    expect(multiple.compute(f, { lockerPrice: 0 }).zero).toContain("为0元");
    expect(multiple.compute(f, {})).toMatchObject({ missing: ["lockerPrice"], amount: { text: "按外卖柜单台购买价的3倍，最高3万元" } });
  });

  it("checks the multiple and the cap; reads the base", () => {
    expect(multiple.numbers(f)).toEqual([
      { value: 3, dim: "count", where: "amount.times" },
      { value: 30000, dim: "money", where: "amount.cap" },
    ]);
    expect(multiple.facts(f)).toEqual(["lockerPrice"]);
  });
});
