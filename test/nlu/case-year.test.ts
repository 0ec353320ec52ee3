import { describe, expect, it } from "vitest";
import { caseYear } from "../../server/nlu/case-year.js";

const TODAY = "2026-12-01";

describe("the year the asker's case happens in", () => {
  it("今年, with or without the year written beside it, is the year of the answer date", () => {
    expect(caseYear("我们是今年（2026年）刚落户杭州的新电商企业", TODAY)).toBe(2026);
    expect(caseYear("我们今年刚纳入限上统计", TODAY)).toBe(2026);
    expect(caseYear("今年(2025年)新落户", TODAY)).toBe(2025);
  });
  it("a written year followed by arriving, applying or qualifying", () => {
    expect(caseYear("2022年能申报苏州企业知识产权登峰行动计划吗？", TODAY)).toBe(2022);
    expect(caseYear("我们2024年新成立，能拿多少？", TODAY)).toBe(2024);
  });
  it("a year dating something else is not the case's year", () => {
    expect(caseYear("申请日都在2016年2月之前，授权公告日都在2017年", TODAY)).toBeUndefined();
    expect(caseYear("火炬高新区2024年完成GDP多少？", TODAY)).toBeUndefined();
    expect(caseYear("2019年至2021年间的政策还能用吗", TODAY)).toBeUndefined();
    expect(caseYear("去年营收3000万元，能申请什么奖励？", TODAY)).toBeUndefined();
  });
});
