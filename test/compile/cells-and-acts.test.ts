import { describe, expect, it } from "vitest";
import { triggerName } from "../../ingest/compile/aliases.js";
import { sentences } from "../../ingest/compile/segments.js";
import { findQuantities } from "../../core/text/numbers.js";
import { compileCorpus } from "../../ingest/compile/index.js";
import { registerFacts } from "../../core/facts/registry.js";
import { evaluateAll, makeContext } from "../../core/rules/engine.js";
import { checkRule } from "../../core/rules/provenance.js";
import { clauseOf, compileText, DOC, evaluate, formula, leavesOf, yuanFor } from "./kit.js";

/**
 * Wordings of published files that break a figure across lines (table cells, narrow PDF columns),
 * tables whose first band is a range, and the act a rate provision pays on, which is how askers name its base.
 */

describe("a figure broken across lines", () => {
  it("a table cell's line break between a number and its unit is not the end of the sentence", () => {
    const text = "支持内容\n给予不超过建设费用30%的补贴，最高3000万\n元\n兑现方式\n按照合同约定";
    const spans = sentences(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toContain("给予不超过建设费用30%的补贴，最高3000万\n元");
    expect(spans).toContain("兑现方式");
  });

  it("reads 3000万⏎元 as 3000万元 and 30⏎% as a percent, but keeps a year and its month apart", () => {
    const qs = findQuantities("最高3000万\n元，比例30\n%，2023年\n12月");
    expect(qs.map((q) => [q.value, q.unit])).toEqual([
      [30_000_000, "yuan"],
      [30, "percent"],
      [2023, "year"],
      [12, "date"],
    ]);
  });

  it("the provision compiles with the cap its cell wraps, and the quote keeps the unit", () => {
    const c = compileText("支持内容\n给予不超过建设费用（包括基本建设和设备购置等）30%的补贴，最高3000万\n元\n兑现方式\n按照合同约定。");
    const f = formula(c.rules[0], "rate");
    expect(f.cap).toBe(30_000_000);
    expect(c.rules[0].quote.replace(/\s/g, "")).toContain("最高3000万元");
    expect(yuanFor(c.rules[0], { [f.base]: 120_000_000 })).toBe(30_000_000);
  });
});

describe("a table whose first band is a range", () => {
  it("面积100-200亩的，奖励1万元，200至300亩的奖励2万元… is one table, first band included", () => {
    const c = compileText("粮食生产大户持有规范农村土地流转合同，且当年水稻规模复种面积100-200亩的，奖励1万元，200至300亩的奖励2万元，300亩至500亩的奖励3万元，500亩以上的奖励5万元。");
    const money = c.rules.filter((r) => r.amount.kind !== "qualification");
    expect(money).toHaveLength(1);
    const f = formula(money[0], "tiers");
    expect(yuanFor(money[0], { [f.base]: 150 })).toBe(10_000);
    expect(yuanFor(money[0], { [f.base]: 260 })).toBe(20_000);
    expect(yuanFor(money[0], { [f.base]: 300 })).toBe(30_000);
    expect(yuanFor(money[0], { [f.base]: 800 })).toBe(50_000);
    // Below the first band is not eligible, with the band named.
    expect(evaluate(money[0], { [f.base]: 80 }).status).toBe("ineligible");
  });
});

describe("the act a rate provision pays on names its base", () => {
  it("对发行公司债券、企业债券的，按实际融资额的2‰: the asker's 发行公司债券 is the 实际融资额", () => {
    expect(triggerName("对发行公司债券、企业债券的,按实际融资额的2‰给予补助,每家企业每年补助额最高100万元", "实际融资额")).toBe("发行公司债券、企业债券");
    expect(triggerName("对创新主体购买或租用算力,可给予不超过实际算力投入的30%的奖励支持", "实际算力投入")).toBe("购买或租用算力");
  });

  it("no spending act, or the base not in the quote: no other name", () => {
    expect(triggerName("对企业研发投入，按研发费用的10%给予补助", "研发费用")).toBeUndefined();
    expect(triggerName("对发行公司债券的，按融资额的2‰给予补助", "实际融资额")).toBeUndefined();
    expect(triggerName("对年营业收入首次突破1亿元的企业，按其营业收入的1%给予奖励", "营业收入")).toBeUndefined();
  });

  it("the compiled base fact carries the act among its names", () => {
    const c = compileText("对发行公司债券、企业债券的，按实际融资额的2‰给予补助，每家企业每年补助额最高100万元。");
    const f = formula(c.rules[0], "rate");
    expect(c.facts.find((x) => x.key === f.base)?.phrases).toContain("发行公司债券、企业债券");
    expect(yuanFor(c.rules[0], { [f.base]: 300_000_000 })).toBe(600_000);
  });
});

describe("a total paid in instalments", () => {
  it("分三年共给予60万元，第一年30万元，第二年20万元，第三年10万元: the award is the total, the instalments its stages", () => {
    const c = compileText("对新增规模以上工业企业，分三年共给予６０万元奖励，第一年给予３０万元，第二年给予２０万元，第三年给予１０万元。");
    expect(c.rules).toHaveLength(1);
    const f = formula(c.rules[0], "staged");
    expect(f.stages.map((s) => [s.label, s.amount])).toEqual([
      ["第一年", 300_000],
      ["第二年", 200_000],
      ["第三年", 100_000],
    ]);
    const who = leavesOf(c.rules[0]).find((l) => l.value === true)!;
    expect(who).toBeDefined();
    expect(yuanFor(c.rules[0], { [who.fact]: true })).toBe(600_000);
    expect(evaluate(c.rules[0], { [who.fact]: false }).status).toBe("ineligible");
  });

  it("instalments that do not add up to the total are not read as its stages", () => {
    const c = compileText("对新增规模以上工业企业，分三年共给予６０万元奖励，第一年给予３０万元，第二年给予２０万元，第三年给予２０万元。");
    expect(c.rules.some((r) => r.amount.kind === "staged")).toBe(false);
  });
});

describe("awards that stack across articles", () => {
  const second = "第二条 对当年度个体工商户首次达到住宿和餐饮业企业标准的，给予2万元支持。本条款与本措施第三条可叠加支持。";
  const third = "第三条 对当年度首次达到限额以上标准且年营业额500万元以上的餐饮业企业，给予5万元奖励。";
  const compileTwo = () => {
    const out = compileCorpus([DOC], [clauseOf(second, "第二条"), clauseOf(third, "第三条")]);
    registerFacts(out.facts);
    return out;
  };

  it("the stacking sentence is quoted with the award it follows and names the article", () => {
    const out = compileTwo();
    const r2 = out.rules.find((r) => r.article === "第二条" && r.amount.kind === "fixed")!;
    expect(r2.quote).toContain("本条款与本措施第三条可叠加支持");
    expect(r2.stacksWith).toEqual(["第三条"]);
    expect(checkRule(r2, second)).toEqual([]);
  });

  it("eligible under both: the stacking rule computes the sum, each part named; eligible under one: its own amount", () => {
    const out = compileTwo();
    const r2 = out.rules.find((r) => r.article === "第二条" && r.amount.kind === "fixed")!;
    const r3 = out.rules.find((r) => r.article === "第三条" && r.amount.kind === "fixed")!;
    const ctx = makeContext(out.rules, [DOC], "2026-01-01");
    const both = Object.fromEntries([...leavesOf(r2), ...leavesOf(r3)].map((l) => [l.fact, typeof l.value === "number" ? 6_000_000 : true]));
    const all = evaluateAll([r2], both, ctx).matches[0];
    expect(all.status).toBe("eligible");
    expect(all.amount?.yuan).toBe(70_000);
    expect(all.amount?.trace.join("")).toContain("第二条2万元 + 第三条5万元 = 7万元");
    const only = Object.fromEntries([...leavesOf(r2).map((l) => [l.fact, true]), ...leavesOf(r3).map((l) => [l.fact, typeof l.value === "number" ? 1_000_000 : true])]);
    expect(evaluateAll([r2], only, ctx).matches[0].amount?.yuan).toBe(20_000);
  });
});
