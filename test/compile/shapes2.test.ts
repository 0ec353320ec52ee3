import { describe, expect, it } from "vitest";
import { DEV02, DEV03, DEV10, DEV11, DEV12, DEV13, DEV14, DEV15, compileText, evaluate, formula, leavesOf, moneyRules, quoteOnly, real, statements, statusFor, yuanFor } from "./kit.js";

/**
 * More provision shapes of issue 9, one fixture each (clause text in, rule out, the amount the
 * real engine computes from the compiled rule's own fact keys), each with the negative case
 * that must stay quote-only. Sentences are quoted from test/fixtures/dev-corpus (checked by
 * `real`); where the fixture corpus lacks the document, the sentence is given as the dev
 * corpus writes it.
 */

const factOf = (c: ReturnType<typeof compileText>, key: string) => c.facts.find((f) => f.key === key);

describe("a base award plus a per-step award above the threshold", () => {
  it("到位注册资本1.7亿元…170万元；超过1.7亿元的，每超过1亿元给予100万元: 3.7亿 → 170万 + 2 × 100万", () => {
    const base = compileText(real(DEV02, "（一）到位注册资本1.7亿元人民币的，给予170万元人民币奖励；"));
    const step = compileText(real(DEV02, "（二）到位注册资本超过1.7亿元人民币的，每超过1亿元人民币，给予100万元人民币奖励。"));
    const f = formula(step.rules[0], "perStep");
    expect(f).toMatchObject({ step: 100_000_000, amount: 1_000_000, from: 170_000_000 });
    expect(factOf(step, f.base)).toMatchObject({ label: "到位注册资本", type: "money" });
    const [leaf] = leavesOf(base.rules[0]);
    // Both items name the same fact, so one stated capital answers both.
    expect(leaf.fact).toBe(f.base);
    const profile = { [f.base]: 370_000_000 };
    expect(yuanFor(base.rules[0], profile)! + yuanFor(step.rules[0], profile)!).toBe(3_700_000);
    expect(yuanFor(step.rules[0], { [f.base]: 369_000_000 })).toBe(1_000_000);
    expect(statusFor(step.rules[0], { [f.base]: 170_000_000 })).toBe("ineligible");
  });

  it("a 每超过 step with no stated threshold does not say where the steps start: quote-only", () => {
    quoteOnly("营业收入每超过1亿元，给予10万元奖励。", "营业收入每超过1亿元，给予10万元奖励");
    const sales = real(DEV15, "每增加1亿元，另给予10万元奖励");
    quoteOnly(`${sales}。`, sales);
  });
});

describe("a matching ratio (1:1 / 1:0.5 配套) of a sum the clause names", () => {
  it("除享受大连市跨境电商扶持资金外，区政府给予1:1的配套补贴: the matched sum, named by the clause's phrase", () => {
    const c = compileText(real(DEV03, "（二）鼓励企业在本地建设保税仓及海关认定的监管场所，以上场所除享受大连市跨境电商扶持资金外，区政府给予1:1的配套补贴。"));
    const f = formula(c.rules[0], "multiple");
    expect(f.times).toBe(1);
    expect(factOf(c, f.base)).toMatchObject({ label: "大连市跨境电商扶持资金", type: "money" });
    expect(yuanFor(c.rules[0], { [f.base]: 200_000 })).toBe(200_000);
  });

  it("按1:0.5给予配套 of the enterprise's own spend, with its ceiling", () => {
    const c = compileText("对企业自筹资金按1:0.5给予配套，最高不超过100万元。");
    const f = formula(c.rules[0], "multiple");
    expect(f).toMatchObject({ times: 0.5, cap: 1_000_000 });
    expect(factOf(c, f.base)?.label).toBe("企业自筹资金");
    expect(yuanFor(c.rules[0], { [f.base]: 600_000 })).toBe(300_000);
    expect(yuanFor(c.rules[0], { [f.base]: 5_000_000 })).toBe(1_000_000);
  });

  it("a ratio of nothing the clause names stays quote-only", () => {
    quoteOnly("区政府给予1:1的配套补贴。", "区政府给予1:1的配套补贴");
  });
});

describe("progressive bands within one sentence", () => {
  const VOUCHER = real(DEV14, "同一企业一次性申领不超过3万元，全年低于5000元的服务可全额抵用，超过5000元部分抵用50%，全年合计不超过5万元。");

  it("全年低于5000元的服务可全额抵用，超过5000元部分抵用50%，全年合计不超过5万元", () => {
    const c = compileText(VOUCHER);
    const f = formula(c.rules[0], "marginal");
    expect(f.bands).toEqual([{ to: 5000, rate: 100 }, { from: 5000, rate: 50 }]);
    expect(f.cap).toBe(50_000);
    expect(factOf(c, f.base)).toMatchObject({ label: "服务费用", type: "money" });
    expect(yuanFor(c.rules[0], { [f.base]: 3000 })).toBe(3000);
    expect(yuanFor(c.rules[0], { [f.base]: 20_000 })).toBe(12_500);
    expect(yuanFor(c.rules[0], { [f.base]: 200_000 })).toBe(50_000);
    // The per-application ceiling is of the vouchers applied for, told beside the award.
    expect(c.rules[0].notes.map((n) => n.text).join("")).toContain("同一企业一次性申领不超过3万元");
  });

  it("an upper band without 部分 is a tier of the whole, not progressive: quote-only", () => {
    quoteOnly("全年低于5000元的服务可全额抵用，超过5000元的按50%抵用。", "全年低于5000元的服务可全额抵用，超过5000元的按50%抵用");
  });
});

describe("alternatives (或) and loan-interest subsidies", () => {
  // 07 大连集成电路 (十二), as the dev corpus writes it (the fixture corpus has no 07).
  const IC = "对新建的重大集成电路制造、高端封装测试及关键设备和材料项目，按其固定资产投资额的10%给予投资补助，或按年利率6%给予两年的贷款贴息补助。";

  it("按固定资产投资额的10%…，或按年利率6%给予两年的贷款贴息: two rules, one of which is paid", () => {
    const c = compileText(IC);
    expect(c.report).toMatchObject({ provisions: 1, compiled: 1, quoteOnly: 0 });
    const [invest, loan] = moneyRules(c);
    expect(formula(invest, "rate")).toMatchObject({ rate: 10 });
    const f = formula(loan, "perPeriod");
    expect(f).toMatchObject({ period: "年", rate: 6, maxPeriods: 2 });
    expect(factOf(c, f.base!)?.label).toBe("贷款金额");
    expect(invest.exclusiveGroup).toBeDefined();
    expect(loan.exclusiveGroup).toBe(invest.exclusiveGroup);
    const m = evaluate(loan, { [f.base!]: 100_000_000 });
    expect(m.amount).toMatchObject({ yuan: 6_000_000 });
    expect(m.amount!.schedule!.map((s) => s.yuan)).toEqual([6_000_000, 6_000_000]);
    expect(yuanFor(invest, { [formula(invest, "rate").base]: 50_000_000 })).toBe(5_000_000);
  });

  it("按其申请当笔贷款基准利率的100%…贴息: a share of the interest at the benchmark rate, which the asker states", () => {
    const c = compileText(real(DEV10, "贷款贴息补助：对取得商业银行机构贷款的科技型中小企业，按其申请当笔贷款基准利率的100%，对该企业给予贴息补助，单笔贷款贴息时间最长不超过1年，每家企业每年可申请一笔贷款贴息(一份贷款合同)，贴息金额不超过100万元。"));
    const f = formula(c.rules[0], "perPeriod");
    expect(f).toMatchObject({ rate: 100, maxPeriods: 1, periodCap: 1_000_000 });
    expect(factOf(c, f.base!)?.label).toBe("贷款利息");
    expect(yuanFor(c.rules[0], { ...statements(c.rules[0]), [f.base!]: 400_000 })).toBe(400_000);
  });

  it("an alternative with no figure to read is not split off: the sentence keeps its one readable award", () => {
    const c = compileText("对新建项目，按其固定资产投资额的10%给予投资补助，或给予一定的贷款贴息。");
    expect(moneyRules(c).every((r) => r.exclusiveGroup === undefined)).toBe(true);
  });
});

describe("rent per unit area per period, with rate, area and year limits", () => {
  it("每平方米每月最高20元…实际支付场租低于补贴标准的按实际…补贴面积不超过500平方米，不超过3年", () => {
    const c = compileText(real(DEV10, "第十八条 企业进入孵化器发展，或新落户的高新技术企业租赁区内办公场地，按照实际租用面积给予企业不超过3年的场租补贴，补贴标准为每平方米每月最高20元，企业实际支付场租低于补贴标准的，按照实际支付场租进行补贴，补贴面积不超过500平方米。"));
    const f = formula(c.rules[0], "areaRent");
    expect(f).toMatchObject({ price: 20, period: "月", maxArea: 500, maxYears: 3 });
    expect(factOf(c, f.area)).toMatchObject({ label: "实际租用面积", type: "count", unit: "平方米" });
    const rent = f.rent!;
    expect(yuanFor(c.rules[0], { [f.area]: 300, [rent]: 25 })).toBe(72_000);
    expect(yuanFor(c.rules[0], { [f.area]: 800, [rent]: 25 })).toBe(120_000);
    expect(yuanFor(c.rules[0], { [f.area]: 300, [rent]: 15 })).toBe(54_000);
    expect(evaluate(c.rules[0], { [f.area]: 300 }).amount).toMatchObject({ yuan: 72_000, upTo: true });
  });

  it("按每月每平方米最高50元的标准…补贴期限为3年，每年最高不超过300万元: the standard is a ceiling", () => {
    const c = compileText(real(DEV11, "对新落户及认定的总部型企业，其本部在我区租用自用办公用房的(不包括附属和配套用房，下同)，按每月每平方米最高50元的标准予以场地补贴，补贴期限为3年，每年最高不超过300万元。"));
    const f = formula(c.rules[0], "areaRent");
    expect(f).toMatchObject({ price: 50, upTo: true, maxYears: 3, yearlyCap: 3_000_000 });
    expect(evaluate(c.rules[0], { [f.area]: 1000 }).amount).toMatchObject({ yuan: 600_000, upTo: true });
    expect(evaluate(c.rules[0], { [f.area]: 10_000 }).amount).toMatchObject({ yuan: 3_000_000 });
  });

});

describe("rates by categories that are not levels", () => {
  it("购置国际进口设备、列入市级和省级以上技改重点项目的，分别按实际投资额的10%、12%、15%补助: a rule per category, one of which applies", () => {
    const c = compileText(`${real(DEV14, "购置国际进口设备、列入市级和省级以上技改重点项目的，分别按实际投资额的10%、12%、15%补助；")}`);
    const rules = moneyRules(c);
    expect(rules.map((r) => formula(r, "rate").rate)).toEqual([10, 12, 15]);
    expect(rules.map((r) => formula(r, "rate").base)).toEqual(["investment", "investment", "investment"]);
    expect(rules.map((r) => leavesOf(r).map((l) => c.facts.find((f) => f.key === l.fact)?.label))).toEqual([["购置国际进口设备"], ["列入市级技改重点项目"], ["列入省级以上技改重点项目"]]);
    expect(new Set(rules.map((r) => r.exclusiveGroup)).size).toBe(1);
    expect(rules[0].exclusiveGroup).toBeDefined();
    expect(c.report).toMatchObject({ provisions: 1, compiled: 1 });
    const provincial = rules[2];
    expect(yuanFor(provincial, { ...statements(provincial), investment: 2_000_000 })).toBe(300_000);
    expect(statusFor(provincial, { [leavesOf(provincial)[0].fact]: false, investment: 2_000_000 })).toBe("ineligible");
  });

  it("a list whose items do not match the rates one to one stays quote-only", () => {
    quoteOnly("购置国际进口设备、列入技改重点项目的，分别按实际投资额的10%、12%、15%补助。", "购置国际进口设备、列入技改重点项目的，分别按实际投资额的10%、12%、15%补助");
  });
});

describe("per unit with a count limit", () => {
  it("对于首次申请发明专利的单位，前5件额外给予2000元/件的奖励", () => {
    const c = compileText(real(DEV10, "对于首次申请发明专利的单位，前5件额外给予2000元/件的奖励。"));
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ amount: 2000, maxUnits: 5 });
    expect(factOf(c, f.count)?.label).toBe("首次申请发明专利");
    expect(yuanFor(c.rules[0], { [f.count]: 8 })).toBe(10_000);
    expect(yuanFor(c.rules[0], { [f.count]: 3 })).toBe(6000);
  });

  it("每家企业每年资助不超过10件: the limit of every applicant is computed", () => {
    const c = compileText("对企业获得授权的发明专利，每件资助1000元。每家企业每年资助不超过10件。");
    const f = formula(c.rules[0], "perUnit");
    expect(f.maxUnits).toBe(10);
    expect(c.rules[0].quote).toContain("不超过10件");
    expect(yuanFor(c.rules[0], { [f.count]: 12 })).toBe(10_000);
  });

  it("同一个人（指自然人）…分别不超过5件 binds natural persons only: computed when the asker is one, told otherwise; the exception is quoted with its award", () => {
    const c = compileText(
      real(DEV12, "（1）国内发明专利申请进入实质审查后每件资助3000元（获国家知识产权局费用减缓的，不再给予资助），获得授权后每件再资助12000元。同一个人（指自然人）同一年度国内发明专利申请和授权资助分别不超过5件。"),
    );
    const [exam, grant] = moneyRules(c);
    const fe = formula(exam, "perUnit");
    const fg = formula(grant, "perUnit");
    expect(fe).toMatchObject({ amount: 3000 });
    expect(fg).toMatchObject({ amount: 12_000 });
    expect(fe).toMatchObject({ maxUnits: 5 });
    expect(fg.maxUnitsFor).toBe(fe.maxUnitsFor);
    expect(factOf(c, fg.maxUnitsFor!)).toMatchObject({ type: "boolean" });
    expect(grant.quote).toContain("分别不超过5件");
    expect(exam.quote).toContain("不再给予资助");
    expect(factOf(c, fe.count)?.label).toBe("国内发明专利申请进入实质审查");
    expect(factOf(c, fg.count)?.label).toBe("国内发明专利获得授权");
    for (const r of [exam, grant]) expect(r.notes.map((n) => n.text).join("")).toContain("同一个人（指自然人）");
    // An enterprise, or an asker who does not say: every unit; a natural person: the first 5.
    expect(yuanFor(grant, { ...statements(grant), [fg.count]: 7 })).toBe(84_000);
    expect(evaluate(grant, { ...statements(grant), [fg.count]: 7 }).amount!.trace.join("；")).toContain("以5件为限");
    expect(yuanFor(grant, { ...statements(grant), [fg.count]: 7, [fg.maxUnitsFor!]: false })).toBe(84_000);
    expect(yuanFor(grant, { ...statements(grant), [fg.count]: 8, [fg.maxUnitsFor!]: true })).toBe(60_000);
    expect(yuanFor(grant, { ...statements(grant), [fg.count]: 3, [fg.maxUnitsFor!]: true })).toBe(36_000);
  });

  it("a limit joint to several awards without 分别 is not split between them", () => {
    const c = compileText("对企业获得授权的发明专利，每件资助1000元，实用新型专利每件资助500元。每家企业每年资助不超过10件。");
    for (const r of moneyRules(c)) expect((r.amount as { maxUnits?: number }).maxUnits).toBeUndefined();
  });
});

describe("several per-unit amounts in one clause, each its own rule and fact", () => {
  it("南沙第二十六条: every kind of patent binds its own count", () => {
    const c = compileText(
      real(
        DEV10,
        "第二十六条 对专利申请授权进行资助，每个单位或个人年资助总额不超过300万元：其中，国内(包括港澳台)发明专利，申请费资助1000元/件，获得授权后资助8000元/件;实用新型专利获得授权后资助1000元/件;外观设计专利获得授权后资助500元/件;提交PCT专利申请取得国际检索报告后资助12000元/件;申请美国、日本、欧盟发明专利，获得授权后资助40000元/件;获得其他国家或地区专利授权的，资助10000元/件。",
      ),
    );
    const perUnit = moneyRules(c).filter((r) => r.amount.kind === "perUnit");
    const byAmount = new Map(perUnit.map((r) => [formula(r, "perUnit").amount, r]));
    const label = (amount: number) => factOf(c, formula(byAmount.get(amount), "perUnit").count)?.label;
    expect(label(40_000)).toBe("美国、日本、欧盟发明专利获得授权");
    expect(label(500)).toBe("外观设计专利获得授权");
    expect(label(12_000)).toBe("PCT专利申请取得国际检索报告");
    expect(label(10_000)).toBe("其他国家或地区专利授权");
    const counts = new Set(perUnit.map((r) => formula(r, "perUnit").count));
    expect(counts.size).toBe(perUnit.length);
    // Two US patents and three designs: each count pays at its own price.
    const us = byAmount.get(40_000)!;
    const design = byAmount.get(500)!;
    const profile = { ...statements(us), ...statements(design), [formula(us, "perUnit").count]: 2, [formula(design, "perUnit").count]: 3 };
    expect(yuanFor(us, profile)).toBe(80_000);
    expect(yuanFor(design, profile)).toBe(1500);
  });
});

describe("rates that change with the band, and how the award is shared", () => {
  it("达到2000万元…1%；达到5000万元…1.5%；达到1亿元…2%，由…按各50%的比例分享: one scale, the split told", () => {
    const c = compileText(
      real(DEV15, "（3）投资专项奖励：投资鹿城区企业的资金规模达到2000万元且投资期限已满1年的（可合并计算，下同），按不超过其投资鹿城区企业资金规模1%的比例给予奖励；达到5000万元的，按不超过1.5%的比例给予奖励；达到1亿元的，按不超过2%的比例给予奖励。投资专项奖励资金由投资基金企业及其管理企业按各50%的比例分享。"),
    );
    expect(moneyRules(c)).toHaveLength(1);
    const rule = c.rules[0];
    const f = formula(rule, "tiers");
    expect(f.tiers.map((t) => [t.from, t.rate])).toEqual([
      [20_000_000, 1],
      [50_000_000, 1.5],
      [100_000_000, 2],
    ]);
    expect(f.upTo).toBe(true);
    const years = leavesOf(rule).find((l) => l.fact !== f.base)!;
    expect(evaluate(rule, { [f.base]: 60_000_000, [years.fact]: 2 }).amount).toMatchObject({ yuan: 900_000, upTo: true });
    expect(statusFor(rule, { [f.base]: 60_000_000, [years.fact]: 0.5 })).toBe("ineligible");
    expect(rule.notes.map((n) => n.text).join("")).toContain("按各50%的比例分享");
  });

  it("第一年…分别按人民币30万元、50万元、实到外资额的8‰折合人民币；第二年、第三年达到上述标准的…: a table per year, the last band a converted rate", () => {
    const c = compileText(
      real(
        DEV13,
        "第一条 外商设立（含增资、并购）符合我区产业导向的项目，自领取营业执照之日起，第一年实到外资200万-500万（不含）美元、500万-1000万（不含）美元、1000万美元以上的，分别按人民币30万元、50万元、实到外资额的8‰折合人民币给予奖励；第二年实到外资达到上述标准的，分别按人民币15万元、25万元、实到外资额的6‰折合人民币给予奖励；第三年实到外资达到上述标准的，分别按人民币8万元、15万元、实到外资额的4‰折合人民币给予奖励，每个项目三年奖励累计不超过300万元。",
      ),
    );
    expect(c.report).toMatchObject({ provisions: 3, compiled: 3, quoteOnly: 0 });
    const [y1, y2, y3] = moneyRules(c).map((r) => formula(r, "tiers"));
    expect(y1.tiers.map((t) => t.amount ?? t.rate)).toEqual([300_000, 500_000, 0.8]);
    expect(y2.tiers.map((t) => t.amount ?? t.rate)).toEqual([150_000, 250_000, 0.6]);
    expect(y3.tiers.map((t) => t.amount ?? t.rate)).toEqual([80_000, 150_000, 0.4]);
    // 上述标准: the same bands, each year on its own fact.
    expect(y2.tiers.map((t) => [t.from, t.to])).toEqual(y1.tiers.map((t) => [t.from, t.to]));
    expect(new Set([y1.base, y2.base, y3.base]).size).toBe(3);
    expect(c.facts.find((f) => f.key === y2.base)).toMatchObject({ label: "第二年实到外资", type: "usd" });
    const [r1, r2, r3] = moneyRules(c);
    expect(yuanFor(r1, { [y1.base]: 20_000_000, usdRate: 7 })).toBe(1_120_000);
    expect(yuanFor(r2, { [y2.base]: 3_000_000 })).toBe(150_000);
    expect(evaluate(r3, { [y3.base]: 30_000_000 }).missing).toContain("usdRate");
    expect(evaluate(r1, { [y1.base]: 1_500_000 }).amount).toBeUndefined();
    // The three-year ceiling binds the years together: told, not a cap on the third year alone.
    expect(y3.cap).toBeUndefined();
    expect(r3.notes.map((n) => n.text).join("")).toContain("三年奖励累计不超过300万元");
  });

  it("a rate that is one item of a list whose bands the sentence does not state stays quote-only", () => {
    const second = real(DEV13, "第二年实到外资达到上述标准的，分别按人民币15万元、25万元、实到外资额的6‰折合人民币给予奖励");
    quoteOnly(`${second}。`, second);
  });
});
