import { describe, expect, it } from "vitest";
import { namingLines } from "../../scripts/vocab-lines.js";

describe("vocab:check counts code lines, not comments", () => {
  it("finds words in strings, regexes and templates, skips comments", () => {
    const src = [
      "// 杭州 in a line comment",
      "/** 登峰 in a doc comment */",
      'const a = "杭州"; // 登峰 in a trailing comment',
      "const b = /登峰|强企/;",
      "const c = `去${a}杭州`;",
      'const url = "http://x/专利"; /* 电商 */',
      "/*",
      " * 电商",
      " */",
      "const d = 1;",
    ].join("\n");
    const hits = namingLines(src, ["杭州", "登峰", "强企", "专利", "电商"]);
    expect(hits.map((h) => [h.line, h.words])).toEqual([
      [3, ["杭州"]],
      [4, ["登峰", "强企"]],
      [5, ["杭州"]],
      [6, ["专利"]],
    ]);
  });
});
