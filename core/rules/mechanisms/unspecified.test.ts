import { describe, expect, it } from "vitest";
import { schema, unspecified } from "./unspecified.js";

describe("unspecified (择优给予奖励)", () => {
  it("quotes the document's note and never a figure", () => {
    const f = schema.parse({ kind: "unspecified", note: "择优给予奖励，文件未规定具体金额" });
    expect(unspecified.compute(f, { investment: 1000000 })).toEqual({
      missing: [],
      amount: { text: "择优给予奖励，文件未规定具体金额", basis: "文件未规定具体金额", trace: ["择优给予奖励，文件未规定具体金额"] },
    });
    expect(unspecified.numbers(f)).toEqual([]);
    expect(unspecified.facts(f)).toEqual([]);
  });
});
