import { describe, expect, it } from "vitest";
import { Rule, type RuleInput } from "../../core/rules/schema.js";
import { summarizeRule } from "../../core/rules/summary.js";

/** The plain-language line that opens every rule card on /admin: one fixture per wording. */
const rule = (r: Partial<RuleInput>): Rule =>
  Rule.parse({ id: "x", docId: "d", article: "一、", title: "t", quote: "引文引文", target: "", amount: { kind: "unspecified", note: "n" }, ...r });

describe("summarizeRule", () => {
  it("a one-off award to whom the clause names (对…的…)", () => {
    expect(summarizeRule(rule({ quote: "对新认定的国家高新技术企业，给予一次性奖励20万元", amount: { kind: "fixed", amount: 200000 } }))).toBe("对新认定的国家高新技术企业，一次性奖励20万元");
  });

  it("a rate per year for at most three years within a total", () => {
    const r = rule({
      quote: "按实际投资额的20%，每年给予补助，最长不超过3年，累计不超过500万元",
      amount: { kind: "perPeriod", period: "年", base: "c:实际投资额:元", rate: 20, maxPeriods: 3, totalCap: 5000000 },
    });
    expect(summarizeRule(r)).toBe("按实际投资额的20%，每年最多3年，累计不超过500万元");
  });

  it("without 对…的 the conditions say whom", () => {
    const r = rule({
      quote: "年营业收入突破2000万元的企业给予最高50万元奖励",
      conditions: { fact: "c:年营业收入:元", op: "gt", value: 20000000, label: "年营业收入突破2000万元" },
      amount: { kind: "upTo", cap: 500000 },
    });
    expect(summarizeRule(r)).toBe("对年营业收入突破2000万元，给予最高50万元");
  });

  it("a rate with a cap, and a clause-named fact read as its phrase", () => {
    const r = rule({ quote: "对企业购置研发设备的，按设备实际投资额的20%给予补助，不超过500万元", amount: { kind: "rate", base: "c:设备实际投资额:元", rate: 20, cap: 5000000 } });
    expect(summarizeRule(r)).toBe("对企业购置研发设备的，按设备实际投资额的20%给予，不超过500万元");
  });

  it("other mechanisms are worded by the engine, with their own figures", () => {
    const r = rule({ quote: "每处理一件补助1元，每年不超过20万元", amount: { kind: "perUnit", count: "c:处理件数:件", unit: "件", amount: 1, yearlyCap: 200000 } });
    expect(summarizeRule(r)).toMatch(/1元\/件.*20万元/);
  });
});
