import { describe, expect, it } from "vitest";
import { schema, staged } from "./staged.js";

describe("staged (立项后30万元，验收合格后不超过70万元，每项不超过100万元)", () => {
  it("the total cap holds over the sum of the stages", () => {
    const r = staged.compute(schema.parse({ kind: "staged", stages: [{ label: "立项后", amount: 300000 }, { label: "验收后", amount: 200000 }], totalCap: 400000 }), {});
    expect(r.amount).toMatchObject({ yuan: 400000, text: "40万元（立项后30万元，验收后20万元）", trace: ["立项后30万元 + 验收后20万元 = 50万元；每项不超过40万元"] });
    expect(r.amount?.upTo).toBeUndefined();
  });

  it("checks every stage, the cap and the matching share, and reads no fact", () => {
    const f = schema.parse({ kind: "staged", stages: [{ label: "立项后", amount: 300000 }, { label: "验收合格后", amount: 700000, upTo: true }], totalCap: 1000000, matchPercent: 200 });
    expect(staged.numbers(f)).toEqual([
      { value: 300000, dim: "money", where: "amount.stages[0].amount" },
      { value: 700000, dim: "money", where: "amount.stages[1].amount" },
      { value: 1000000, dim: "money", where: "amount.totalCap" },
      { value: 200, dim: "percent", where: "amount.matchPercent" },
    ]);
    expect(staged.facts(f)).toEqual([]);
  });
});
