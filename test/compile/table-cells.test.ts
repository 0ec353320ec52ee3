import { describe, expect, it } from "vitest";
import { compileCorpus } from "../../ingest/compile/index.js";
import { sentences } from "../../ingest/compile/segments.js";
import { findQuantities } from "../../core/text/numbers.js";
import { unusedFigures } from "../../core/rules/provenance.js";
import type { Rule } from "../../core/rules/schema.js";
import { clauseOf, compileText, DOC, evaluate, formula, leavesOf, yuanFor } from "./kit.js";

/**
 * Wordings of 兑现清单 cards and tables: rows that pay with the verb alone (给予购置费的15%), rows
 * broken over two lines, hyphen ranges of the base, a fraction as the share, a monthly ceiling with a
 * span in years — and the rule that a provision read only in part is never computed.
 */

const TABLE = "补贴标准\n1 购置费200万元以上\n给予购置费的20%，最高50万元\n2 购置费150万元-200万元 给予购置费的15%\n3 购置费100万元-150万元 给予购置费的10%\n4 购置费50万元-100万元 给予购置费的5%";

describe("a table of rate bands under 补贴标准", () => {
  it("a row whose words end in a threshold runs on into the next line that pays", () => {
    const spans = sentences(TABLE).map((s) => TABLE.slice(s.start, s.end));
    expect(spans).toContain("1 购置费200万元以上\n给予购置费的20%，最高50万元");
    expect(spans).toContain("2 购置费150万元-200万元 给予购置费的15%");
  });

  it("a hyphen after a unit joins a range; it is no minus sign", () => {
    expect(findQuantities("购置费150万元-200万元").map((q) => q.value)).toEqual([1_500_000, 2_000_000]);
    expect(findQuantities("增速-5%").map((q) => q.value)).toEqual([-5]);
  });

  it("pays each band its own rate, and the top row keeps its threshold and ceiling", () => {
    const c = compileText(TABLE);
    const top = c.rules.find((r) => r.amount.kind === "rate")!;
    const bands = c.rules.find((r) => r.amount.kind === "tiers")!;
    const base = formula(top, "rate").base;
    expect(leavesOf(top)).toContainEqual({ fact: base, op: "gte", value: 2_000_000, word: "以上", label: expect.any(String) });
    expect(yuanFor(top, { [base]: 3_000_000 })).toBe(500_000);
    expect(yuanFor(bands, { [base]: 1_800_000 })).toBe(270_000);
    expect(yuanFor(bands, { [base]: 1_200_000 })).toBe(120_000);
    // Below every band nothing is paid, and the top row does not pay 180万 either.
    expect(evaluate(bands, { [base]: 300_000 }).status).not.toBe("eligible");
    expect(evaluate(top, { [base]: 1_800_000 }).status).toBe("ineligible");
  });

  it("the row number is not part of the fact's name", () => {
    const c = compileText(TABLE);
    expect(c.facts.map((f) => f.label)).toEqual(["购置费"]);
  });
});

describe("a provision read only in part is quote-only", () => {
  it("a range of the base left out of the rule refuses it, naming the figures", () => {
    // Written without the band words the reader needs, the figures would be left over.
    const out = compileCorpus([DOC], [clauseOf("对企业给予实际投资额5%的补助，按项目分别给予最高30万元、50万元的配套。")]);
    for (const r of out.rules) expect(unusedFigures(r), r.quote).toEqual([]);
  });

  it("lists every money or percent figure a rule neither computes nor compares with", () => {
    const rule = {
      id: "x", docId: "d", article: "第一条", title: "t", target: "", keywords: [], subject: [], general: [], requires: [], notes: [], cases: [], origin: "compiled",
      quote: "按投资额的5%给予奖励，单个项目最高不超过50万元",
      amount: { kind: "rate", base: "investment", rate: 5 },
    } as unknown as Rule;
    expect(unusedFigures(rule).map((q) => q.raw)).toEqual(["50万元"]);
    // A wider ceiling above the one applied cannot change the amount.
    const capped = { ...rule, quote: "按投资额的5%给予奖励，同一项目最高100万元，每家每年最高300万元", amount: { kind: "rate", base: "investment", rate: 5, cap: 1_000_000 } } as unknown as Rule;
    expect(unusedFigures(capped)).toEqual([]);
  });
});

describe("a fraction is a share", () => {
  it("三分之一 reads as the percent it equals", () => {
    const [q] = findQuantities("一次性给予总额的三分之一补助").filter((x) => x.unit === "percent");
    expect(q.raw).toBe("三分之一");
    expect(q.value).toBeCloseTo(100 / 3, 10);
  });

  it("根据购置发票…给予总额的三分之一 pays a third of the invoice total, shown as a fraction", () => {
    const c = compileText("购置符合国家有关安全标准的农业机械的，由区级财政根据购置发票一次性给予总额的三分之一补助。");
    const f = formula(c.rules[0], "rate");
    expect(c.facts.find((x) => x.key === f.base)?.label).toBe("购置发票总额");
    const m = evaluate(c.rules[0], { [f.base]: 90_000 });
    expect(m.amount?.yuan).toBe(30_000);
    expect(m.amount?.basis).toContain("三分之一");
  });
});

describe("a monthly ceiling with a span in years", () => {
  it("实缴月租金的80%，最高2000元/月，补贴期不超过2年: the most over the span, the month beside it", () => {
    const c = compileText("补贴标准\n实缴月租金的80%，最高2000元/月，补贴期不超过2年");
    const f = formula(c.rules[0], "perPeriod");
    expect(f).toMatchObject({ period: "月", rate: 80, periodCap: 2000, maxYears: 2 });
    const m = evaluate(c.rules[0], { [f.base!]: 3000 });
    expect(m.amount?.yuan).toBe(48_000);
    expect(m.amount?.text).toContain("2000元");
    // Under the ceiling, the month's 80% is paid for 24 months.
    expect(evaluate(c.rules[0], { [f.base!]: 2000 }).amount?.yuan).toBe(38_400);
  });
});

describe("a ceiling on what a body may charge", () => {
  const FEES = "其中，对单户担保金额500万元及以下的小微企业和“三农”主体收取的担保费率原则上不超过1%，对单户担保金额500万元以上的小微企业和“三农”主体收取的担保费率原则上不超过1.5%。";

  it("each 不超过R% of a 担保费率 sentence is a rate of the amount guaranteed, within its own band", () => {
    const c = compileText(FEES);
    expect(c.rules).toHaveLength(2);
    const [low, high] = c.rules;
    for (const r of c.rules) expect(r.charge).toBe(true);
    const base = formula(low, "rate").base;
    expect(c.facts.find((f) => f.key === base)?.label).toBe("单户担保金额");
    expect(yuanFor(high, { [base]: 8_000_000 })).toBe(120_000);
    // 及以下 beside 以上: the shared bound belongs to the lower band only.
    expect(yuanFor(low, { [base]: 5_000_000 })).toBe(50_000);
    expect(evaluate(high, { [base]: 5_000_000 }).status).toBe("ineligible");
    expect(evaluate(low, { [base]: 8_000_000 }).status).toBe("ineligible");
  });

  it("收费…不高于承担风险责任的0.3% is a rate of the liability borne", () => {
    const c = compileText("单户担保金额500万元以上的再担保业务收费，原则上不高于承担风险责任的0.5%，单户担保金额500万元及以下的再担保业务收费，原则上不高于承担风险责任的0.3%。");
    const small = c.rules.find((r) => formula(r, "rate").rate === 0.3)!;
    const f = formula(small, "rate");
    expect(c.facts.find((x) => x.key === f.base)?.label).toBe("承担风险责任金额");
    const guaranteed = leavesOf(small)[0].fact;
    expect(yuanFor(small, { [guaranteed]: 3_000_000, [f.base]: 1_200_000 })).toBe(3_600);
  });

  it("a target for the average rate (降至1%以下) is no ceiling anyone is charged", () => {
    const out = compileCorpus([DOC], [clauseOf("引导合作机构逐步将平均担保费率降至1%以下。")]);
    expect(out.rules).toEqual([]);
  });
});

describe("a figure about one share of the award", () => {
  it("其中市级补助资金每年不超过1000万元 never caps the whole award: quote-only", () => {
    const out = compileCorpus([DOC], [clauseOf("按其提供的算力服务合同金额给予不超过50%的补助，所需补助资金由市、区两级按照1:1比例负担，其中市级补助资金每年不超过1000万元。")]);
    expect(out.rules.filter((r) => r.amount.kind === "rate")).toEqual([]);
    expect(out.report.refused.join("")).toContain("1000万元");
  });
});

describe("table rows without 的，", () => {
  it("固定资产投资额在100亿元以上一次性给予5000万元: the pay verb alone makes the award, the band its condition", () => {
    const c = compileText("1固定资产投资额在100亿元以上一次性给予5000万元");
    const key = leavesOf(c.rules[0])[0].fact;
    expect(c.facts.find((f) => f.key === key)?.label).toBe("固定资产投资额");
    expect(yuanFor(c.rules[0], { [key]: 12_000_000_000 })).toBe(50_000_000);
    expect(evaluate(c.rules[0], { [key]: 6_000_000_000 }).status).toBe("ineligible");
  });

  it("实际支付费用50万元-100万元给予20%的补贴: a range before the verb is a band of the base, not an award of 50–100万", () => {
    const c = compileText("实际支付费用50万元-100万元给予20%的补贴");
    const f = formula(c.rules[0], "rate");
    expect(c.facts.find((x) => x.key === f.base)?.label).toBe("实际支付费用");
    expect(yuanFor(c.rules[0], { [f.base]: 800_000 })).toBe(160_000);
    expect(evaluate(c.rules[0], { [f.base]: 1_200_000 }).status).toBe("ineligible");
  });

  it("实际支付费用100万元以上给予30%的补贴，年最高补贴50万元", () => {
    const c = compileText("实际支付费用100万元以上给予30%的补贴，年最高补贴50万元");
    const f = formula(c.rules[0], "rate");
    expect(yuanFor(c.rules[0], { [f.base]: 3_000_000 })).toBe(500_000);
    expect(yuanFor(c.rules[0], { [f.base]: 1_000_000 })).toBe(300_000);
  });
});

describe("其中 lists what each kind of applicant gets", () => {
  const TEXT = "对新引进落户工作的全日制本科及以上学历、学士及以上学位人才发放住房补贴，其中本科生2万元，硕士研究生4万元，博士研究生6万元。";

  it("one rule per kind, each with whom the award is for, one of them paid", () => {
    const c = compileText(TEXT);
    expect(c.rules).toHaveLength(3);
    const labels = c.rules.map((r) => leavesOf(r).map((l) => l.fact));
    const kind = (r: (typeof c.rules)[number]) => leavesOf(r).at(-1)!.fact;
    const whom = leavesOf(c.rules[0])[0].fact;
    expect(labels.every((ls) => ls[0] === whom)).toBe(true);
    expect(new Set(c.rules.map((r) => r.exclusiveGroup)).size).toBe(1);
    expect(yuanFor(c.rules[1], { [whom]: true, [kind(c.rules[1])]: true })).toBe(40_000);
    // Not newly settled: the kind alone pays nothing.
    expect(evaluate(c.rules[2], { [whom]: false, [kind(c.rules[2])]: true }).status).toBe("ineligible");
  });

  it("a list whose items carry more than a kind and a sum is not read this way", () => {
    const out = compileCorpus([DOC], [clauseOf("对企业给予奖励，其中营业收入超过1亿元的50万元，其余20万元。")]);
    expect(out.rules.filter((r) => r.amount.kind === "fixed" && leavesOf(r).some((l) => l.op === "eq"))).toEqual([]);
  });
});

describe("a price per head for each kind of person", () => {
  it("按博士学位人员每人8万元、硕士学位人员每人5万元的标准…最高不超过500万元: summed over the kinds, then capped", () => {
    const c = compileText("被认定的新型研发机构，根据上一年度末在岗全职科研人员情况，按博士学位人员每人8万元、硕士学位人员每人5万元的标准，给予新型研发机构科研经费补贴，每个研发机构每年补贴最高不超过500万元。");
    const f = formula(c.rules[0], "perHeads");
    expect(f.terms.map((t) => t.amount)).toEqual([80_000, 50_000]);
    expect(f.cap).toBe(5_000_000);
    const [phd, msc] = f.terms.map((t) => t.count);
    expect(yuanFor(c.rules[0], { [phd]: 10, [msc]: 20 })).toBe(1_800_000);
    expect(yuanFor(c.rules[0], { [phd]: 40, [msc]: 50 })).toBe(5_000_000);
    // One kind unstated: asked, never taken as none.
    expect(evaluate(c.rules[0], { [phd]: 3 }).status).toBe("needs_info");
  });
});

describe("kinds of person paid every year of a span", () => {
  it("…新引进的全日制应届博士、硕士，连续3年每年分别给予5000元、3000元: per head of each kind, summed over the three years", () => {
    const c = compileText("对园区内人工智能企业新引进的全日制应届博士、硕士，连续3年每年分别给予5000元、3000元的生活补贴。");
    const f = formula(c.rules[0], "perHeads");
    expect(f.years).toBe(3);
    const [phd, msc] = f.terms.map((t) => t.count);
    const whom = leavesOf(c.rules[0]).map((l) => l.fact);
    const stated = Object.fromEntries(whom.map((k) => [k, true]));
    expect(yuanFor(c.rules[0], { ...stated, [phd]: 2, [msc]: 3 })).toBe(57_000);
    expect(evaluate(c.rules[0], { ...stated, [phd]: 2, [msc]: 3 }).amount?.trace.join("")).toContain("× 3年");
  });

  it("a list of kinds that are not people is not read per head", () => {
    const out = compileCorpus([DOC], [clauseOf("对新认定的国家级、省级企业技术中心，连续3年每年分别给予50万元、20万元的奖励。")]);
    expect(out.rules.filter((r) => r.amount.kind === "perHeads")).toEqual([]);
  });
});
