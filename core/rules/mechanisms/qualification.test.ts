import { describe, expect, it } from "vitest";
import { qualification, schema } from "./qualification.js";

describe("qualification (一事一议 / 入库条件)", () => {
  it("gives an outcome, no amount, no number and no fact", () => {
    const f = schema.parse({ kind: "qualification", outcome: "纳入培育库" });
    expect(qualification.compute(f, {})).toEqual({ missing: [], outcome: "纳入培育库" });
    expect(qualification.numbers(f)).toEqual([]);
    expect(qualification.facts(f)).toEqual([]);
  });
});
