import { describe, expect, it } from "vitest";
import { fixed, schema } from "./fixed.js";

describe("fixed (给予20万元一次性奖励)", () => {
  it("pays the stated sum, one-off unless the document says otherwise", () => {
    expect(fixed.compute(schema.parse({ kind: "fixed", amount: 200000 }), {})).toEqual({
      missing: [],
      amount: { yuan: 200000, text: "20万元", basis: "定额", trace: ["定额20万元（一次性）"] },
    });
    expect(fixed.compute(schema.parse({ kind: "fixed", amount: 200000, once: false }), {}).amount?.trace).toEqual(["定额20万元"]);
  });

  it("checks its sum against the quote and reads no fact", () => {
    const f = schema.parse({ kind: "fixed", amount: 200000 });
    expect(fixed.numbers(f)).toEqual([{ value: 200000, dim: "money", where: "amount.amount" }]);
    expect(fixed.facts(f)).toEqual([]);
  });
});
