import { describe, expect, it } from "vitest";
import { DEV01, DEV02, DEV03, DEV04, DEV05, DEV06, DEV10, DEV11, DEV12, DEV13, DEV14, DEV15, HANGZHOU, compileText, evaluate, formula, leavesOf, moneyRules, quoteOnly, real, statements, statusFor, yuanFor } from "./kit.js";

/**
 * One fixture per provision shape of issue 9: clause text in, rule(s) out, and the amount a
 * citizen is shown, computed by the real engine from the compiled rule's own fact keys.
 * Real sentences come from test/fixtures/dev-corpus and the seed corpus (checked verbatim by
 * `real`); where no document has the shape, the issue's own wording is used. A shape the
 * compiler cannot read in full must stay quote-only: no rule, counted in report.quoteOnly.
 */

describe("fixed and one-off", () => {
  it("给予20万元一次性奖励, with its threshold kept as a three-valued condition (达到…(含)以上)", () => {
    const text = real(DEV10, "第三十一条 对年度主营业务收入达到200万元(含)以上的知识产权服务机构，经认定，给予20万元一次性奖励。");
    const c = compileText(text);
    expect(c.report).toMatchObject({ provisions: 1, compiled: 1, quoteOnly: 0 });
    const [rule] = c.rules;
    expect(formula(rule, "fixed")).toMatchObject({ amount: 200_000, once: true });
    const [leaf] = leavesOf(rule).filter((l) => typeof l.value === "number");
    expect(leaf).toMatchObject({ op: "gte", value: 2_000_000 });
    expect(c.facts.find((f) => f.key === leaf.fact)).toMatchObject({ type: "money", label: "年度主营业务收入" });
    expect(yuanFor(rule, { [leaf.fact]: 2_000_000 })).toBe(200_000);
    expect(statusFor(rule, { [leaf.fact]: 1_990_000 })).toBe("ineligible");
    const unknown = evaluate(rule, {});
    expect(unknown.status).toBe("needs_info");
    expect(unknown.missing).toContain(leaf.fact);
  });
});

describe("up to a cap", () => {
  it("给予不超过100万元的一次性奖励 above a 100亿元 threshold: the ceiling, never more", () => {
    const c = compileText(real(HANGZHOU, "对本地年实际交易额在100亿元以上的电商平台,给予不超过100万元的一次性奖励。"));
    const [rule] = c.rules;
    expect(formula(rule, "upTo").cap).toBe(1_000_000);
    const [leaf] = leavesOf(rule);
    expect(leaf).toMatchObject({ op: "gte", value: 10_000_000_000 });
    const m = evaluate(rule, { [leaf.fact]: 12_000_000_000 });
    expect(m.status).toBe("eligible");
    expect(m.amount).toMatchObject({ yuan: 1_000_000, upTo: true });
    expect(m.amount!.text).toContain("不超过");
    expect(statusFor(rule, { [leaf.fact]: 8_000_000_000 })).toBe("ineligible");
  });

  it("给予最高200万元的一次性资助 with no condition", () => {
    const c = compileText(real(DEV10, "第十七条 对紧密结合我区产业发展方向、集聚优质创新创业资源、具有较强示范意义的特色孵化器和众创空间，经认定，给予最高200万元的一次性资助。"));
    const rule = c.rules[0];
    expect(formula(rule, "upTo").cap).toBe(2_000_000);
    expect(evaluate(rule, {}).amount).toMatchObject({ yuan: 2_000_000, upTo: true, min: 0, max: 2_000_000 });
  });
});

describe("rate × base with a cap", () => {
  it("按其实际投资额的20%给予补助,最高不超过300万元: the base resolves to the shared fact 实际投资额", () => {
    const c = compileText(real(HANGZHOU, "对能够整合设计、生产、服务、管理、营销全流程,并形成特色品牌产品的供应链(选品中心)项目,按其实际投资额的20%给予补助,最高不超过300万元。"));
    const f = formula(c.rules[0], "rate");
    expect(f).toMatchObject({ base: "investment", rate: 20, cap: 3_000_000 });
    expect(f.upTo).toBeUndefined();
    expect(yuanFor(c.rules[0], { investment: 10_000_000 })).toBe(2_000_000);
    expect(yuanFor(c.rules[0], { investment: 20_000_000 })).toBe(3_000_000);
    expect(evaluate(c.rules[0], {}).missing).toEqual(["investment"]);
  });

  it("按不超过项目研发投入的30%比例…不超过200万元: the rate is a ceiling; 可上调10% is a notice, never computed", () => {
    const c = compileText(
      real(DEV01, "（一）重点研发及成果转化项目及重大协同创新项目，按不超过项目研发投入的30%比例给予补助，单项补助最高额度原则上不超过200万元。国家高新技术企业、知识产权试点示范企业、省级以上研发中心补助比例可上调10%。"),
    );
    expect(c.rules).toHaveLength(1);
    const rule = c.rules[0];
    const f = formula(rule, "rate");
    expect(f).toMatchObject({ rate: 30, cap: 2_000_000, upTo: true });
    expect(c.facts.find((x) => x.key === f.base)?.label).toContain("研发投入");
    const m = evaluate(rule, { [f.base]: 5_000_000 });
    expect(m.amount).toMatchObject({ yuan: 1_500_000, upTo: true });
    expect(yuanFor(rule, { [f.base]: 10_000_000 })).toBe(2_000_000);
    expect(m.notices.join("")).toContain("上调10%");
  });

  it("按引进项目实到外资的4‰折合人民币…最高不超过300万元: ‰ is a tenth of a percent and 美元 is never read as 元", () => {
    const c = compileText(
      real(DEV13, "第四条 引进境外资金在我区投资（200万美元以上）的中介机构、中介人（不含政府部门及公职人员），按引进项目实到外资的4‰折合人民币给予奖励；单个项目奖励最高不超过300万元。"),
    );
    expect(moneyRules(c)).toHaveLength(1);
    const rule = c.rules[0];
    const f = formula(rule, "rate");
    expect(f).toMatchObject({ rate: 0.4, cap: 3_000_000, fx: "usdRate" });
    expect(c.facts.find((x) => x.key === f.base)?.type).toBe("usd");
    const threshold = leavesOf(rule).find((l) => l.value === 2_000_000)!;
    expect(threshold).toMatchObject({ op: "gte" });
    expect(c.facts.find((x) => x.key === threshold.fact)?.type).toBe("usd");
    const investor = { [f.base]: 10_000_000, [threshold.fact]: 10_000_000 };
    const noRate = evaluate(rule, investor);
    expect(noRate.status).toBe("needs_info");
    expect(noRate.missing).toContain("usdRate");
    expect(yuanFor(rule, { ...investor, usdRate: 7 })).toBe(280_000);
    expect(yuanFor(rule, { [f.base]: 200_000_000, [threshold.fact]: 200_000_000, usdRate: 7 })).toBe(3_000_000);
  });
});

describe("ranges", () => {
  it("a range of rates: 按固定资产投资的5%—20%给予奖励 (issue wording)", () => {
    const c = compileText("对符合条件的技术改造项目，按固定资产投资的5%—20%给予奖励。");
    const f = formula(c.rules[0], "rateRange");
    expect(f).toMatchObject({ min: 5, max: 20 });
    const m = evaluate(c.rules[0], { [f.base]: 10_000_000 });
    expect(m.status).toBe("eligible");
    expect(m.amount).toMatchObject({ min: 500_000, max: 2_000_000 });
    // A range is never shown as one promised figure.
    expect(m.amount!.yuan).toBeUndefined();
  });

  it("a range of amounts: 给予20万~100万元的资金资助", () => {
    const c = compileText(real(DEV06, "对引进的高层次人才和科研团队，根据其创新能力、项目与生态科技创新城产业的结合程度，给予20万~100万元的资金资助。"));
    expect(formula(c.rules[0], "range")).toMatchObject({ min: 200_000, max: 1_000_000 });
    const m = evaluate(c.rules[0], {});
    expect(m.amount).toMatchObject({ min: 200_000, max: 1_000_000 });
    expect(m.amount!.yuan).toBeUndefined();
  });
});

describe("per unit", () => {
  it("每件资助500元 / 每件资助1000元; the sentence with 费用减缓 exceptions stays quote-only", () => {
    const text = real(DEV12, "国内外观设计专利授权后每件资助500元；国内实用新型专利授权后每件资助1000元；国内发明专利申请进入实质审查后每件资助3000元（获国家知识产权局费用减缓的，职务发明每件资助1000元，非职务发明每件资助500元），获得授权后每件再资助12000元。");
    const c = compileText(text);
    const utility = c.rules.find((r) => r.quote === "国内实用新型专利授权后每件资助1000元")!;
    const f = formula(utility, "perUnit");
    expect(f).toMatchObject({ unit: "件", amount: 1000 });
    expect(yuanFor(utility, { [f.count]: 12 })).toBe(12_000);
    const design = c.rules.find((r) => r.quote === "国内外观设计专利授权后每件资助500元")!;
    expect(formula(design, "perUnit").amount).toBe(500);
    // Two patent kinds, two facts: a count of one is not a count of the other.
    expect(formula(design, "perUnit").count).not.toBe(f.count);
    expect(c.report).toMatchObject({ provisions: 3, compiled: 2, quoteOnly: 1 });
    expect(c.rules.some((r) => r.quote.includes("3000元"))).toBe(false);
  });

  it("0.3元/件, 每个网点每年最多补贴3万元", () => {
    const c = compileText(real(HANGZHOU, "对在农村地区的快递投递业务,按照0.3元/件的标准进行补贴,每个网点每年最多补贴3万元,最长不超过3年。"));
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "件", amount: 0.3, yearlyCap: 30_000 });
    expect(yuanFor(c.rules[0], { [f.count]: 50_000 })).toBe(15_000);
    expect(yuanFor(c.rules[0], { [f.count]: 200_000 })).toBe(30_000);
    // The yearly cap is per outlet, and so is the count; 最长不超过3年 is kept; decimals are exact.
    expect(f).toMatchObject({ maxYears: 3, eachUnit: "个网点" });
    expect(c.facts.find((x) => x.key === f.count)?.label).toMatch(/^每个网点每年/);
    expect(yuanFor(c.rules[0], { [f.count]: 70_003, [f.perEach!]: 1 })).toBe(21_000.9);
    expect(yuanFor(c.rules[0], { [f.count]: 200_000, [f.perEach!]: 2 })).toBe(60_000);
  });

  it("每件进口件1元…每家企业每年补贴不超过20万元: the thing counted is named after 每件, and 每家企业 is the applicant", () => {
    const c = compileText(real(HANGZHOU, "对进口国际邮件、快件因全方位消杀、静置等增加的成本,给予每件进口件1元的防疫补贴,每家企业每年补贴不超过20万元。"));
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "件", amount: 1, yearlyCap: 200_000 });
    expect(f.perEach).toBeUndefined();
    expect(c.facts.find((x) => x.key === f.count)?.label).toBe("进口件");
    expect(yuanFor(c.rules[0], { [f.count]: 150_000 })).toBe(150_000);
    expect(yuanFor(c.rules[0], { [f.count]: 300_000 })).toBe(200_000);
  });

  it("每台给予采购方购买价30%的补贴,最高不超过500元/台: a share of each unit's price, capped per unit", () => {
    const c = compileText(real(HANGZHOU, "对在核心写字楼、大型小区等区域设置物品投放外卖柜的,每台给予采购方购买价30%的补贴,最高不超过500元/台。"));
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "台", rate: 30, unitCap: 500 });
    expect(yuanFor(c.rules[0], { [f.count]: 10, [f.price!]: 1000 })).toBe(3000);
    expect(yuanFor(c.rules[0], { [f.count]: 10, [f.price!]: 2000 })).toBe(5000);
    const unknown = evaluate(c.rules[0], { [f.count]: 10 });
    expect(unknown.missing).toContain(f.price);
  });

  it("a share of each unit's price with a period and a ceiling of another scope is not read as one (每套…补贴期限3年，单套设备最高…)", () => {
    const c = compileText(real(DEV02, "第五条 凡在甘井子区注册的融资租赁企业，利用商业贷款购买大型设备（单套价格达到200万元人民币及以上）用于开展融资租赁业务的，每套设备按照年贷款利息的20%给予补贴，补贴期限3年，单套设备最高补贴100万元人民币。"));
    expect(moneyRules(c).map((r) => r.amount.kind)).not.toContain("perUnit");
  });

  it("按每平方米800元的标准…补贴金额不超过1000万元", () => {
    const c = compileText(real(DEV10, "新型研发机构在区内新建成或购置自用办公房产的，按每平方米800元的标准给予一次性补贴，补贴金额不超过1000万元。"));
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "平方米", amount: 800, totalCap: 10_000_000 });
    expect(yuanFor(c.rules[0], { [f.count]: 5000 })).toBe(4_000_000);
    expect(yuanFor(c.rules[0], { [f.count]: 20_000 })).toBe(10_000_000);
  });

  it("每人1000元的培训补贴，每家每年最多不超过10万元, above a head-count threshold (达到40人以上)", () => {
    const c = compileText(
      real(DEV03, "（一）在辖区内具备跨境电商商务培训资质的社会培训机构开展跨境电子商务专业培训。对年培训人数达到40人以上、被甘井子区跨境电子商务企业正式录用的，给予培训机构每人1000元的培训补贴，每家每年最多不超过10万元。"),
    );
    const rule = moneyRules(c)[0];
    const f = formula(rule, "perUnit");
    expect(f).toMatchObject({ unit: "人", amount: 1000, yearlyCap: 100_000 });
    const heads = leavesOf(rule).find((l) => l.value === 40)!;
    expect(heads.op).toBe("gte");
    const trained = (n: number) => ({ ...statements(rule), [heads.fact]: n, [f.count]: n });
    expect(yuanFor(rule, trained(40))).toBe(40_000);
    expect(yuanFor(rule, trained(150))).toBe(100_000);
    expect(statusFor(rule, trained(39))).toBe("ineligible");
  });

});

describe("a fee share over at most N units", () => {
  it("最高按展位费的70%…不超过6个标准展位: the fee per booth × booths counted up to 6 × 70%", () => {
    const c = compileText(real(HANGZHOU, "对参加新电商展会的企业,最高按展位费的70%给予一次性资金扶持,对单个企业单次参展费用的扶持不超过6个标准展位。"));
    const f = formula(c.rules[0], "feeShare");
    expect(f).toMatchObject({ rate: 70, maxUnits: 6, unit: "个标准展位" });
    expect(yuanFor(c.rules[0], { [f.units]: 3, [f.fee]: 9000 })).toBe(18_900);
    expect(yuanFor(c.rules[0], { [f.units]: 8, [f.fee]: 10_000 })).toBe(42_000);
  });

  it("a count limit that names something else than the fee is not a fee share", () => {
    const c = compileText("对参加展会的企业，按展位费的50%给予补贴，每年支持不超过10个项目。");
    expect(moneyRules(c).map((r) => r.amount.kind)).not.toContain("feeShare");
  });
});

describe("up to a cap, measured by a cost", () => {
  it("按其实际投入给予主办方不超过50万元的奖励: what was spent, up to the ceiling, and not a ceiling of the award before it", () => {
    const c = compileText(
      real(HANGZHOU, "对参加新电商展会的企业,最高按展位费的70%给予一次性资金扶持,对单个企业单次参展费用的扶持不超过6个标准展位。对举办具有行业、全国乃至国际影响力并符合条件的新电商主题展会和活动的,按其实际投入给予主办方不超过50万元的奖励。"),
    );
    const [share, host] = moneyRules(c);
    expect(share.amount.kind).toBe("feeShare");
    const f = formula(host, "upTo");
    expect(f).toMatchObject({ cap: 500_000, base: "investment" });
    expect(yuanFor(host, { investment: 300_000 })).toBe(300_000);
    expect(yuanFor(host, { investment: 800_000 })).toBe(500_000);
    expect(yuanFor(host, {})).toBe(500_000);
  });

  it("按其实际发生费用给予…不超过30万元, with the thresholds kept", () => {
    const c = compileText(real(HANGZHOU, "认定一批规范的新电商培训机构,对新电商培训机构每次专项培训不少于40学时且年累计培训不少于300人的,按其实际发生费用给予主办方不超过30万元的资金扶持。"));
    const rule = c.rules[0];
    const f = formula(rule, "upTo");
    expect(f.cap).toBe(300_000);
    const meets = Object.fromEntries(leavesOf(rule).map((l) => [l.fact, l.value as number | boolean]));
    expect(yuanFor(rule, { ...meets, [f.base!]: 200_000 })).toBe(200_000);
    expect(c.facts.find((x) => x.key === f.base)?.label).toBe("实际发生费用");
  });

  it("按规定给予不超过…: a word that is no cost is no base", () => {
    const c = compileText("对符合条件的企业，按规定给予不超过20万元的补助。");
    expect(formula(c.rules[0], "upTo").base).toBeUndefined();
  });
});

describe("a one-off sum, then one per year of operation", () => {
  it("一次性补助5万元,每运营满1年再给予补助2万元,最长不超过3年", () => {
    const c = compileText(real(HANGZHOU, "加快村级服务站点建设,对在行政村中新设立基层服务网点的邮政快递企业,一次性补助5万元,每运营满1年再给予补助2万元,最长不超过3年"));
    expect(c.report).toMatchObject({ provisions: 1, compiled: 1, quoteOnly: 0 });
    const f = formula(c.rules[0], "onceplusRecurring");
    expect(f).toMatchObject({ once: 50_000, recurring: 20_000, maxYears: 3 });
    // The text does not say 每个网点: the enterprise's sum, not one per outlet.
    expect(f.count).toBeUndefined();
    // "…的邮政快递企业": whom it is for, a yes/no fact.
    const who = statements(c.rules[0]);
    expect(Object.keys(who)).toEqual(["c:邮政快递企业:是否"]);
    expect(yuanFor(c.rules[0], { ...who, [f.years]: 2 })).toBe(90_000);
    expect(yuanFor(c.rules[0], { ...who, [f.years]: 5 })).toBe(110_000);
    expect(yuanFor(c.rules[0], who)).toBe(50_000);
  });
});

describe("progressive bands (超额累进)", () => {
  const LADDER =
    "单笔投资额不超过500万元（含）的，按投资额的4%给予奖励。单笔投资额不超过1000万元（含）的，500万元（含）以下的部分按投资额的4%给予奖励；超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励。单笔投资额不超过3000万元（含）的，500万元（含）以下的部分按投资额的4%给予奖励；超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励；超过1000万元不超过3000万元（含）的部分按投资额的1.5%给予奖励。单笔投资额在3000万元以上的，500万元（含）以下的部分按投资额的4%给予奖励；超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励；超过1000万元不超过3000万元（含）的部分按投资额的1.5%给予奖励；3000万元以上的部分按投资额的1%给予奖励。单笔奖励不超过100万元，累计奖励不超过1000万元。";

  it("a clause that restates its lower bands for each bracket is one ladder, with the per-award ceiling", () => {
    const c = compileText(real(DEV05, `18.外资股权投资企业投资我市科技创新企业的，根据投资额分级对其管理机构给予奖励。${LADDER}`));
    expect(c.report.quoteOnly).toBe(0);
    expect(c.report.compiled).toBe(c.report.provisions);
    const rules = moneyRules(c);
    expect(rules).toHaveLength(1);
    const f = formula(rules[0], "marginal");
    expect(f.bands).toEqual([{ to: 5_000_000, rate: 4 }, { from: 5_000_000, to: 10_000_000, rate: 2 }, { from: 10_000_000, to: 30_000_000, rate: 1.5 }, { from: 30_000_000, rate: 1 }]);
    expect(f.cap).toBe(1_000_000);
    expect(yuanFor(rules[0], { [f.base]: 3_000_000 })).toBe(120_000);
    expect(yuanFor(rules[0], { [f.base]: 8_000_000 })).toBe(260_000);
    expect(yuanFor(rules[0], { [f.base]: 50_000_000 })).toBe(800_000);
    expect(yuanFor(rules[0], { [f.base]: 200_000_000 })).toBe(1_000_000);
  });

  it("restatements that disagree are not a ladder", () => {
    const c = compileText("500万元（含）以下的部分按投资额的4%给予奖励；超过500万元的部分按投资额的2%给予奖励。单笔投资额在3000万元以上的，500万元（含）以下的部分按投资额的5%给予奖励。");
    expect(moneyRules(c).map((r) => r.amount.kind)).not.toContain("marginal");
  });
});

describe("per step", () => {
  it("每满一万人奖励一万元 (issue wording), capped", () => {
    const c = compileText("景区年接待游客每满一万人奖励一万元，最高不超过50万元。");
    const f = formula(c.rules[0], "perStep");
    expect(f).toMatchObject({ step: 10_000, amount: 10_000, cap: 500_000 });
    expect(c.facts.find((x) => x.key === f.base)).toMatchObject({ type: "count" });
    expect(yuanFor(c.rules[0], { [f.base]: 25_000 })).toBe(20_000);
    expect(yuanFor(c.rules[0], { [f.base]: 1_000_000 })).toBe(500_000);
    expect(statusFor(c.rules[0], { [f.base]: 9_999 })).toBe("ineligible");
  });

  it("零售企业年零售额每实现2000万元，给予奖励2万元", () => {
    const text = real(DEV15, "零售企业年零售额每实现2000万元，给予奖励2万元");
    const c = compileText(`${text}。`);
    const f = formula(c.rules[0], "perStep");
    expect(f).toMatchObject({ step: 20_000_000, amount: 20_000 });
    expect(yuanFor(c.rules[0], { [f.base]: 70_000_000 })).toBe(60_000);
  });

  it("a step of money it cannot compute (每增加1亿元) is never a one-off award: quote-only", () => {
    // 每超过1亿元 after a stated threshold is read (shapes2.test.ts); without one it stays quote-only there.
    const sales = real(DEV15, "每增加1亿元，另给予10万元奖励");
    quoteOnly(`${sales}。`, sales);
  });

  it("每新设一家连锁门店，给予1万元 above a threshold of stores: a price per store set up, never a one-off", () => {
    const stores = real(DEV15, "限上商贸企业（含独立核算的非独立法人）直营连锁门店10家以上的，每新设一家连锁门店,给予1万元奖励");
    const c = compileText(`${stores}。`);
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "家", amount: 10_000 });
    expect(c.facts.find((x) => x.key === f.count)?.label).toBe("新设连锁门店");
    const threshold = leavesOf(c.rules[0]).find((l) => l.value === 10)!;
    expect(threshold).toMatchObject({ op: "gte" });
    expect(yuanFor(c.rules[0], { [threshold.fact]: 12, [f.count]: 3 })).toBe(30_000);
    expect(evaluate(c.rules[0], { [threshold.fact]: 8, [f.count]: 3 }).status).toBe("ineligible");
  });
});

describe("threshold tiers and bands", () => {
  it("200万美元以上…10万元；500万美元以上…20万元 (issue wording): one table, the highest band reached pays", () => {
    const c = compileText("对企业在境外开展直接投资，中方投资额200万美元以上的，给予10万元奖励；500万美元以上的，给予20万元奖励。");
    expect(moneyRules(c)).toHaveLength(1);
    const f = formula(c.rules[0], "tiers");
    expect(c.facts.find((x) => x.key === f.base)?.type).toBe("usd");
    expect(f.tiers.map((t) => [t.from, t.amount])).toEqual([
      [2_000_000, 100_000],
      [5_000_000, 200_000],
    ]);
    expect(yuanFor(c.rules[0], { [f.base]: 3_000_000 })).toBe(100_000);
    expect(yuanFor(c.rules[0], { [f.base]: 5_000_000 })).toBe(200_000);
    expect(yuanFor(c.rules[0], { [f.base]: 6_000_000 })).toBe(200_000);
    expect(statusFor(c.rules[0], { [f.base]: 1_000_000 })).toBe("ineligible");
  });

  it("300万美元、500万美元…1亿美元以上，且增长10%以上的…分别奖励: lower bounds only, and the growth threshold is never dropped", () => {
    const text = real(DEV13, "对当年自营出口额300万美元、500万美元、1000万美元、2000万美元、5000万美元、1亿美元以上，且增长10%以上的企业，分别奖励2万元、3万元、5万元、10万元、20万元、30万元。");
    const c = compileText(text);
    const rule = moneyRules(c)[0];
    const f = formula(rule, "tiers");
    expect(f.tiers.map((t) => [t.from, t.amount])).toEqual([
      [3_000_000, 20_000],
      [5_000_000, 30_000],
      [10_000_000, 50_000],
      [20_000_000, 100_000],
      [50_000_000, 200_000],
      [100_000_000, 300_000],
    ]);
    const growth = leavesOf(rule).find((l) => l.value === 10)!;
    expect(growth).toMatchObject({ op: "gte" });
    expect(c.facts.find((x) => x.key === growth.fact)?.type).toBe("percent");
    expect(yuanFor(rule, { [f.base]: 12_000_000, [growth.fact]: 12 })).toBe(50_000);
    expect(yuanFor(rule, { [f.base]: 150_000_000, [growth.fact]: 10 })).toBe(300_000);
    expect(statusFor(rule, { [f.base]: 12_000_000, [growth.fact]: 8 })).toBe("ineligible");
    expect(evaluate(rule, { [f.base]: 12_000_000 }).missing).toContain(growth.fact);
  });

  it("5000万元(含)至1亿元的，奖励600万元: (含) includes the lower bound, 至 excludes the upper", () => {
    const c = compileText(real(DEV11, "(2)实缴注册资本5000万元(含)至1亿元的，奖励600万元;"));
    const rule = c.rules[0];
    expect(formula(rule, "fixed").amount).toBe(6_000_000);
    const leaves = leavesOf(rule);
    expect(leaves.map((l) => [l.op, l.value])).toEqual([
      ["gte", 50_000_000],
      ["lt", 100_000_000],
    ]);
    const capital = leaves[0].fact;
    expect(yuanFor(rule, { [capital]: 50_000_000 })).toBe(6_000_000);
    expect(statusFor(rule, { [capital]: 49_990_000 })).toBe("ineligible");
    expect(statusFor(rule, { [capital]: 100_000_000 })).toBe("ineligible");
  });

  it("三档营业收入 sentences (1亿（含）至5亿元…10亿元（含）以上) merge into one table on the shared fact", () => {
    const c = compileText(
      real(DEV05, "2.对外资制造业和现代服务业企业，当年营业收入1亿（含）至5亿元的，给予100万元的奖励；当年营业收入5亿（含）至10亿元的，给予200万元的奖励；当年营业收入10亿元（含）以上的，给予300万元的奖励。"),
    );
    expect(moneyRules(c)).toHaveLength(1);
    const rule = c.rules[0];
    const f = formula(rule, "tiers");
    expect(f.base).toBe("annualRevenue");
    expect(yuanFor(rule, { annualRevenue: 100_000_000 })).toBe(1_000_000);
    expect(yuanFor(rule, { annualRevenue: 499_990_000 })).toBe(1_000_000);
    expect(yuanFor(rule, { annualRevenue: 500_000_000 })).toBe(2_000_000);
    expect(yuanFor(rule, { annualRevenue: 1_200_000_000 })).toBe(3_000_000);
    expect(statusFor(rule, { annualRevenue: 90_000_000 })).toBe("ineligible");
  });

  it("banded rates: 分别给予实际投资额5%、6%、7%、8%的补助; the next sentence's 10%、12%、15% are rules by category (shapes2.test.ts); 再提高2个百分点 is a notice", () => {
    const text = real(
      DEV14,
      "2.鼓励企业运用先进技术转变发展方式。对单个项目设备购置在50万元以上至100万元以下、100万元以上至200 万元以下、200万元以上至300 万元以下、300万元以上的项目，分别给予实际投资额（不含税，下同）5%、6%、7%、8%的补助；购置国际进口设备、列入市级和省级以上技改重点项目的，分别按实际投资额的10%、12%、15%补助；省级“三名”企业、“两型”企业、功勋企业、新增规上企业，补助比例在原有基础上再提高2个百分点；工业50强企业补助比例再提高1个百分点；成功创建国家级、省级、市级企业技术中心的，补助比例分别提高3、2、1个百分点。",
    );
    const c = compileText(text);
    expect(moneyRules(c).map((r) => r.amount.kind)).toEqual(["tiers", "rate", "rate", "rate"]);
    const rule = c.rules[0];
    const f = formula(rule, "tiers");
    expect(f.tiers.map((t) => [t.from, t.rate])).toEqual([
      [500_000, 5],
      [1_000_000, 6],
      [2_000_000, 7],
      [3_000_000, 8],
    ]);
    // The rate applies to the investment: the banded purchase and, when named apart, 实际投资额.
    const project = (v: number) => ({ [f.base]: v, ...(f.rateBase ? { [f.rateBase]: v } : {}) });
    expect(yuanFor(rule, project(1_500_000))).toBe(90_000);
    expect(yuanFor(rule, project(4_000_000))).toBe(320_000);
    expect(statusFor(rule, project(400_000))).toBe("ineligible");
    expect(c.report.unread).toEqual([]);
    expect(evaluate(rule, project(1_500_000)).notices.join("")).toContain("再提高2个百分点");
  });

  it("50万-100万（不含）美元奖励10万元，100万-200万（不含）美元奖励20万元，200万美元以上的…另奖励20万元: bands read part by part", () => {
    const text = real(DEV13, "第十三条 对企业在境外开展直接投资、跨境并购等项目，按中方当年投资额50万-100万（不含）美元奖励10万元，100万-200万（不含）美元奖励20万元，200万美元以上的，在市级政策基础上另奖励20万元。");
    const c = compileText(text);
    expect(moneyRules(c)).toHaveLength(1);
    const rule = moneyRules(c)[0];
    const f = formula(rule, "tiers");
    expect(c.facts.find((x) => x.key === f.base)?.type).toBe("usd");
    expect(f.tiers.map((t) => [t.from, t.to, t.toIncl, t.amount])).toEqual([
      [500_000, 1_000_000, false, 100_000],
      [1_000_000, 2_000_000, false, 200_000],
      [2_000_000, undefined, false, 200_000],
    ]);
    expect(yuanFor(rule, { [f.base]: 800_000 })).toBe(100_000);
    expect(yuanFor(rule, { [f.base]: 1_000_000 })).toBe(200_000);
    expect(yuanFor(rule, { [f.base]: 3_000_000 })).toBe(200_000);
    expect(statusFor(rule, { [f.base]: 400_000 })).toBe("ineligible");
  });
});

describe("lookup by category", () => {
  it("国家级、省级、市级分别给予300万元、200万元、50万元", () => {
    const c = compileText(real(DEV10, "第五条 对有关政府部门认定的重点实验室、工程中心、技术中心、科技创新中心等创新平台，根据其所认定级别按就高不重复的原则,国家级、省级、市级分别给予300万元、200万元、50万元一次性资金配套。"));
    const f = formula(c.rules[0], "lookup");
    expect(f.options).toEqual([
      { value: "国家级", amount: 3_000_000 },
      { value: "省级", amount: 2_000_000 },
      { value: "市级", amount: 500_000 },
    ]);
    expect(yuanFor(c.rules[0], { [f.fact]: "省级" })).toBe(2_000_000);
    const unknown = evaluate(c.rules[0], {});
    expect(unknown.status).toBe("needs_info");
    expect(unknown.amount).toMatchObject({ min: 500_000, max: 3_000_000 });
    expect(c.facts.find((x) => x.key === f.fact)?.question).toContain("国家级、省级、市级");
  });

  it("国家3A、4A、5A级…分别给予10万元、50万元、100万元 (issue wording): each level its own amount", () => {
    const c = compileText("对新评为国家3A、4A、5A级旅游景区的，分别给予10万元、50万元、100万元奖励。");
    const rule = c.rules[0];
    const f = formula(rule, "lookup");
    expect(f.options.map((o) => [o.value.replace(/级$/, ""), o.amount])).toEqual([
      ["3A", 100_000],
      ["4A", 500_000],
      ["5A", 1_000_000],
    ]);
    expect(yuanFor(rule, { ...statements(rule), [f.fact]: f.options[1].value })).toBe(500_000);
    expect(yuanFor(rule, { ...statements(rule), [f.fact]: f.options[2].value })).toBe(1_000_000);
  });

  it("国家级、省级制造业与互联网融合发展、个性化定制…示范试点企业…分别给予20万元、10万元: the levels of a long list", () => {
    const c = compileText(real(DEV14, "对获评国家级、省级制造业与互联网融合发展、个性化定制、大数据应用等信息技术融合产业发展类荣誉示范试点企业的，分别给予20万元、10万元奖励。"));
    const rule = c.rules[0];
    const f = formula(rule, "lookup");
    expect(f.options).toEqual([{ value: "国家级", amount: 200_000 }, { value: "省级", amount: 100_000 }]);
    expect(yuanFor(rule, { ...statements(rule), [f.fact]: "省级" })).toBe(100_000);
  });

  it("3A、4A、5A级: every option spelled alike (the 级 written once counts for all)", () => {
    const c = compileText("对新评为国家3A、4A、5A级旅游景区的，分别给予10万元、50万元、100万元奖励。");
    expect(formula(c.rules[0], "lookup").options.map((o) => o.value)).toEqual(["3A级", "4A级", "5A级"]);
  });

  it("每年按照省、市两个等级分别补助…: a yearly sum by level is not paid once", () => {
    const c = compileText(real(DEV15, "凡被评为浙江省阳光体育后备人才基地、温州市阳光体育后备人才基地，在四年有效周期内每年按照省、市两个等级分别补助1万元、1.5万元。"));
    expect(moneyRules(c).map((r) => r.amount.kind)).not.toContain("lookup");
  });

  it("国家级、省级、市级和区级…分别奖励…10万元、5万元、2万元、1万元: four levels in order", () => {
    const c = compileText(real(DEV13, "新获国家级、省级、市级和区级跨境电子商务重点企业（项目）荣誉的，分别奖励运营主体或项目单位10万元、5万元、2万元、1万元。"));
    const rule = c.rules[0];
    const f = formula(rule, "lookup");
    expect(f.options).toEqual([
      { value: "国家级", amount: 100_000 },
      { value: "省级", amount: 50_000 },
      { value: "市级", amount: 20_000 },
      { value: "区级", amount: 10_000 },
    ]);
    expect(yuanFor(rule, { ...statements(rule), [f.fact]: "区级" })).toBe(10_000);
    expect(statusFor(rule, { [f.fact]: "区级" })).not.toBe("ineligible");
  });
});

describe("per period", () => {
  it("每年按其实际投资额的20%给予资助,最长不超过3年,累计不超过500万元", () => {
    const c = compileText(real(HANGZHOU, "对招引的新电商企业,从其落户、纳入国家统计局联网直报平台并上报统计数据起,每年按其实际投资额的20%给予资助,最长不超过3年,累计不超过500万元。"));
    const f = formula(c.rules[0], "perPeriod");
    expect(f).toMatchObject({ period: "年", base: "investment", rate: 20, maxPeriods: 3, totalCap: 5_000_000 });
    const m = evaluate(c.rules[0], { ...statements(c.rules[0]), investment: 10_000_000 });
    expect(m.status).toBe("eligible");
    expect(m.amount!.yuan).toBe(2_000_000);
    expect(m.amount!.schedule!.map((s) => s.yuan)).toEqual([2_000_000, 2_000_000, 1_000_000]);
  });

  it("每连续租满1年补贴6000元…累计不超过3年 (issue wording): 6000元 per full year, the years asked, at most 3", () => {
    const c = compileText("对租用园区厂房的企业，每连续租满1年补贴6000元，累计不超过3年。");
    const f = formula(moneyRules(c)[0], "perPeriod");
    expect(f).toMatchObject({ period: "年", amount: 6000, maxPeriods: 3 });
    expect(c.facts.find((x) => x.key === f.periods)).toMatchObject({ type: "years", label: "连续租满年数" });
    expect(yuanFor(moneyRules(c)[0], { [f.periods!]: 2 })).toBe(12_000);
    expect(yuanFor(moneyRules(c)[0], { [f.periods!]: 5 })).toBe(18_000);
  });

  it("每满2年 (a step other than one year) stays quote-only: the years would need dividing", () => {
    const sentence = "对租用园区厂房的企业，每连续租满2年补贴6000元，累计不超过6年";
    quoteOnly(`${sentence}。`, sentence);
  });
});

describe("staged payment", () => {
  it("分三年按40%、30%、30%比例拨付 a banded award", () => {
    const c = compileText(
      real(DEV13, "第三条 新引进的外资先进制造业企业，实到外资1000万-2000万（不含）美元、2000万-5000万（不含）美元、5000万美元以上的，分别给予奖励200万元、300万元、500万元人民币，本条所涉奖励资金在认定投产后分三年按40%、30%、30%比例拨付。"),
    );
    const rule = c.rules[0];
    const f = formula(rule, "tiers");
    expect(c.facts.find((x) => x.key === f.base)?.type).toBe("usd");
    expect(rule.payment?.map((p) => p.percent)).toEqual([40, 30, 30]);
    const m = evaluate(rule, { [f.base]: 15_000_000 });
    expect(m.amount!.yuan).toBe(2_000_000);
    expect(m.amount!.schedule!.map((s) => s.yuan)).toEqual([800_000, 600_000, 600_000]);
    // "新引进的外资先进制造业企业…的": whom the award is for is a yes/no fact, asked when unknown.
    const who = leavesOf(rule).find((l) => l.value === true)!;
    expect((who as { label?: string }).label).toBe("外资先进制造业企业");
    expect(evaluate(rule, { [f.base]: 60_000_000 }).missing).toContain(who.fact);
    expect(yuanFor(rule, { [f.base]: 60_000_000, [who.fact]: true })).toBe(5_000_000);
    expect(statusFor(rule, { [f.base]: 60_000_000, [who.fact]: false })).toBe("ineligible");
  });

  it("一次性拨付补助金额的80%…再拨付剩余的20%, after a 10% rate capped at 200万元", () => {
    const c = compileText(
      real(DEV04, "第六条 对列入风险补贴计划的项目，给予推广资金风险补贴。申请风险补贴须是本市用户单位首次订购或使用已列入生产资助计划的项目。补贴标准原则上不超过产品订货合同及发票认定金额的10%，补贴金额最高不超过200万元。订货合同完成后，一次性拨付补助金额的80%，项目通过验收后，再拨付剩余的20%。"),
    );
    const rules = moneyRules(c);
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    const f = formula(rule, "rate");
    expect(f).toMatchObject({ rate: 10, cap: 2_000_000, upTo: true });
    expect(rule.payment?.map((p) => p.percent)).toEqual([80, 20]);
    const small = evaluate(rule, { ...statements(rule), [f.base]: 10_000_000 });
    expect(small.amount!.schedule!.map((s) => s.yuan)).toEqual([800_000, 200_000]);
    const big = evaluate(rule, { ...statements(rule), [f.base]: 50_000_000 });
    expect(big.amount!.yuan).toBe(2_000_000);
    expect(big.amount!.schedule!.map((s) => s.yuan)).toEqual([1_600_000, 400_000]);
  });
});

describe("rates split by year", () => {
  it("前2年…80%…后3年…50% (issue wording): one per-year rule for each period, on the same base", () => {
    const c = compileText("对入驻孵化器的企业，前2年按实际租金的80%给予补贴，后3年按实际租金的50%给予补贴，每年最高不超过20万元。");
    const [first, later] = moneyRules(c);
    const a = formula(first, "perPeriod");
    const b = formula(later, "perPeriod");
    expect(a).toMatchObject({ period: "年", rate: 80, maxPeriods: 2, periodCap: 200_000 });
    expect(b).toMatchObject({ period: "年", rate: 50, maxPeriods: 3, periodCap: 200_000, base: a.base });
    expect(c.facts.find((x) => x.key === a.base)).toMatchObject({ type: "money", label: "实际租金" });
    expect(first.notes.map((x) => x.text)).toContain("适用年度：前2年");
    expect(later.notes.map((x) => x.text)).toContain("适用年度：其后3年（第3至5年）");
    // 实际租金10万元一年: 8万元 a year for the first 2 years, then 5万元 a year for 3 years.
    expect(yuanFor(first, { [a.base!]: 100_000 })).toBe(80_000);
    expect(yuanFor(later, { [b.base!]: 100_000 })).toBe(50_000);
    // The yearly ceiling holds in both periods.
    expect(yuanFor(first, { [a.base!]: 1_000_000 })).toBe(200_000);
  });

  it("a third figure the split does not read leaves it to the quote", () => {
    const sentence = "前2年按实际租金的80%给予补贴，后3年按实际租金的50%给予补贴，面积不超过500平方米";
    quoteOnly(`${sentence}。`, sentence);
  });
});

describe("the excess over a threshold", () => {
  it("年产值同比增长超过1000万元的，给予企业超出额0.5%的奖励，最高不超过20万元 (issue wording)", () => {
    const c = compileText("年产值同比增长超过1000万元的，给予企业超出额0.5%的奖励，最高不超过20万元。");
    const f = formula(c.rules[0], "excess");
    expect(f).toMatchObject({ threshold: 10_000_000, rate: 0.5, cap: 200_000 });
    expect(yuanFor(c.rules[0], { [f.base]: 30_000_000 })).toBe(100_000);
    expect(yuanFor(c.rules[0], { [f.base]: 60_000_000 })).toBe(200_000);
    expect(statusFor(c.rules[0], { [f.base]: 8_000_000 })).toBe("ineligible");
    expect(statusFor(c.rules[0], { [f.base]: 10_000_000 })).toBe("ineligible");
  });
});

describe("a multiple of a base", () => {
  it("按月租金的3倍进行补助 (issue wording) is a provision and is computed", () => {
    const c = compileText("对新引进的企业，按月租金的3倍进行补助。");
    expect(c.report).toMatchObject({ provisions: 1, compiled: 1 });
    const f = formula(c.rules[0], "multiple");
    expect(f.times).toBe(3);
    expect(c.facts.find((x) => x.key === f.base)).toMatchObject({ type: "money", label: "月租金" });
    expect(yuanFor(c.rules[0], { [f.base]: 20_000 })).toBe(60_000);
  });

  it("with a ceiling: 最高不超过10万元", () => {
    const c = compileText("对新引进的企业，按月租金的3倍进行补助，最高不超过10万元。");
    const f = formula(c.rules[0], "multiple");
    expect(f).toMatchObject({ times: 3, cap: 100_000 });
    expect(yuanFor(c.rules[0], { [f.base]: 50_000 })).toBe(100_000);
  });
});

describe("no amount at all", () => {
  for (const [name, text] of [
    ["一事一议 (issue wording)", "对具有产业牵动作用的重大项目，采取一事一议方式给予支持。"],
    ["择优 (issue wording)", "对到生态科技创新城转化的具有较好经济效益的项目，择优给予奖励。"],
    ["给予一定资助和奖励", real(DEV06, "加强知识产权创造、保护、管理和运用服务，对企业申报并获得知识产权、发明专利、驰名商标，参与研制并获准颁布国际、国家、行业标准等给予一定资助和奖励。")],
  ] as const) {
    it(`${name}: a rule that quotes the clause and computes no figure`, () => {
      const c = compileText(text);
      expect(c.rules).toHaveLength(1);
      const rule = c.rules[0];
      expect(["unspecified", "qualification"]).toContain(rule.amount.kind);
      expect(rule.quote).toBe(text.slice(0, -1));
      const m = evaluate(rule, {});
      expect(m.amount?.yuan).toBeUndefined();
      expect(m.amount?.max).toBeUndefined();
    });
  }
});
