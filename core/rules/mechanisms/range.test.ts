import { describe, expect, it } from "vitest";
import { range, schema } from "./range.js";

describe("range (给予20万~100万元的资金资助)", () => {
  it("gives the bounds and no headline figure", () => {
    const f = schema.parse({ kind: "range", min: 200000, max: 1000000 });
    expect(range.compute(f, {})).toEqual({
      missing: [],
      amount: { text: "20万元至100万元", basis: "区间", trace: ["文件规定20万元至100万元，具体金额经评审确定"], min: 200000, max: 1000000 },
    });
    expect(range.numbers(f).map((n) => `${n.where}=${n.value}`)).toEqual(["amount.min=200000", "amount.max=1000000"]);
    expect(range.facts(f)).toEqual([]);
  });
});
