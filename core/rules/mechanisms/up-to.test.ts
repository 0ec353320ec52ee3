import { describe, expect, it } from "vitest";
import { schema, upTo } from "./up-to.js";

describe("upTo (最高不超过100万元)", () => {
  it("without a base the ceiling is the figure, flagged as one, range 0..cap", () => {
    expect(upTo.compute(schema.parse({ kind: "upTo", cap: 1000000 }), {}).amount).toEqual({
      yuan: 1000000, text: "不超过100万元", basis: "上限", trace: ["文件规定上限100万元，具体金额经评审确定"], upTo: true, min: 0, max: 1000000,
    });
  });

  it("按实际投入…不超过: the award is the lesser of the spend and the cap", () => {
    const f = schema.parse({ kind: "upTo", cap: 500000, base: "eventInvestment" });
    expect(upTo.compute(f, { eventInvestment: 800000 }).amount).toMatchObject({ yuan: 500000, max: 500000, trace: ["按办展实际投入80万元给予，不超过50万元 → 最多50万元"] });
    expect(upTo.compute(f, { eventInvestment: 120000 }).amount).toMatchObject({ yuan: 120000, text: "不超过12万元" });
  });

  it("checks the cap and reads its base when it has one", () => {
    expect(upTo.numbers(schema.parse({ kind: "upTo", cap: 500000, base: "eventInvestment" }))).toEqual([{ value: 500000, dim: "money", where: "amount.cap" }]);
    expect(upTo.facts(schema.parse({ kind: "upTo", cap: 500000, base: "eventInvestment" }))).toEqual(["eventInvestment"]);
    expect(upTo.facts(schema.parse({ kind: "upTo", cap: 500000 }))).toEqual([]);
  });
});
