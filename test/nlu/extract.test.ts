import { describe, expect, it } from "vitest";
import { extractFacts, extractFromConversation, mergeProfile } from "../../server/nlu/extract.js";

const facts = (text: string) => extractFacts(text).facts;

describe("extractFacts: numbers bound to facts", () => {
  it.each<[string, Record<string, unknown>]>([
    ["实际投资额1000万元", { investment: 10000000 }],
    ["项目实际投资额１０００万元", { investment: 10000000 }],
    ["我们投资了三千万元", { investment: 30000000 }],
    ["总投资1.2亿元", { investment: 120000000 }],
    ["投入3千万", { investment: 30000000 }],
    ["实际投资额为2,000万元", { investment: 20000000 }],
    ["投资12000000元", { investment: 12000000 }],
    ["实际投资5.25万元", { investment: 52500 }],
    ["1000万元的投资", { investment: 10000000 }],
    ["投资1000万元，其中研发投入200万元", { investment: 10000000, rdInvestment: 2000000 }],
    ["研发实际投入300万元", { rdInvestment: 3000000 }],
    // A year's figure is a sum of that year, not a price per item.
    ["计划每年实际投入400万元，连续做三年", { investment: 4000000 }],
    ["年营业收入3000万元，近3年平均增速22%", { annualRevenue: 30000000, avgGrowth3y: 22 }],
    ["营收1.5亿，近三年年均增长百分之二十", { annualRevenue: 150000000, avgGrowth3y: 20 }],
    ["去年营业收入5000万元近2年平均增速30%", { annualRevenue: 50000000, avgGrowth2y: 30 }],
    ["本地年实际交易额120亿元", { annualTransactionVolume: 12000000000 }],
    ["年交易额100亿", { annualTransactionVolume: 10000000000 }],
    ["交易额150亿元", { annualTransactionVolume: 15000000000 }],
    ["年销售额8000万元", { annualSales: 80000000 }],
    ["服务电商企业60家", { servedEnterprises: 60 }],
    ["服务了60家电商企业", { servedEnterprises: 60 }],
    ["电商专业服务业务收入1200万元", { serviceRevenue: 12000000 }],
    ["合同实际成交额500万元", { contractAmount: 5000000 }],
    ["技术合同成交额300万", { contractAmount: 3000000 }],
    ["展位费每个5000元", { boothFeePerBooth: 5000 }],
    ["参展租了8个标准展位，每个展位5000元", { expoBooths: 8, boothFeePerBooth: 5000 }],
    ["每次培训40学时", { trainingHours: 40 }],
    ["全年培训280人", { trainees: 280 }],
    ["设置外卖柜4台，每台2000元", { lockers: 4, lockerPrice: 2000 }],
    ["买了4台外卖柜", { lockers: 4 }],
    ["进口件30万件", { importParcels: 300000 }],
    ["每年处理30万件进口件", { importParcels: 300000 }],
    ["购买人证对比设备3台", { idDevices: 3 }],
    ["新建县级分拨中心2个", { countyHubs: 2 }],
    ["在3个行政村新设了网点", { villageOutlets: 3 }],
    ["行政村网点3个，运营满2年", { villageOutlets: 3, yearsOperated: 2 }],
    ["设立监测点60个", { monitorPoints: 60 }],
    ["有效发明专利55件", { validInventionPatents: 55 }],
    ["拥有55件有效发明专利", { validInventionPatents: 55 }],
    ["国外申请发明专利5件", { foreignInventionApplications: 5 }],
    ["国(境)外申请发明专利5件", { foreignInventionApplications: 5 }],
    ["国外授权发明专利2件", { foreignInventionGrants: 2 }],
    ["实用新型和外观设计专利30件", { utilityDesignPatents: 30 }],
    ["公司成立4年", { yearsEstablished: 4 }],
    ["设立三年", { yearsEstablished: 3 }],
    ["连续3个月严格落实防控措施，没有送餐人员感染", { epidemicCompliantMonths: 3 }],
    ["外卖平台连续三个月无感染", { epidemicCompliantMonths: 3, isTakeoutPlatform: true }],
    ["在封控区配送了5000单", { deliveryOrders: 5000 }],
    ["办展实际投入80万元", { eventInvestment: 800000 }],
    ["服务收入两千万", { serviceRevenue: 20000000 }],
    ["投资一千万", { investment: 10000000 }],
    ["我司位于余杭区，去年营收2.3亿元，近三年营业收入年均增长18%", { district: "余杭区", annualRevenue: 230000000, avgGrowth3y: 18 }],
    ["平台本地年交易额突破了一百二十亿", { annualTransactionVolume: 12000000000 }],
    ["PCT申请3件", { foreignInventionApplications: 3 }],
    ["实用新型专利20件，外观设计专利10件", { utilityDesignPatents: 30 }],
    ["我们想在杭州落户，投资2个亿", { newlySettled: true, city: "杭州市", investment: 200000000 }],
    ["投资额1000万和研发投入200万", { investment: 10000000, rdInvestment: 2000000 }],
    ["去年投了1500万", { investment: 15000000 }],
    ["有效发明专利有55件", { validInventionPatents: 55 }],
    ["我们有12个监测点，监测企业数量增长了30%", { monitorPoints: 12, monitorGrowth: 30 }],
    ["每个网点一年投递2万件", { ruralParcels: 20000 }],
  ])("%s", (text, expected) => {
    expect(facts(text)).toMatchObject(expected);
  });

  it.each<[string, string[]]>([
    ["近3年平均增速22%", ["yearsOperated", "yearsEstablished"]],
    ["最高补贴100万元", ["investment", "annualRevenue"]],
    ["能拿到50万奖励吗", ["investment"]],
    ["一年能获得多少资助", ["yearsOperated", "yearsEstablished"]],
    ["年营业收入3000万元", ["investment"]],
    ["每台2000元", ["investment"]],
    ["平均增速22%", ["avgGrowth3y", "avgGrowth2y"]],
    ["展位费一共3万元", ["boothFeePerBooth"]],
    ["千万不要忘记申报", ["investment"]],
  ])("%s does not set %j", (text, keys) => {
    const f = facts(text);
    for (const k of keys) expect(f[k]).toBeUndefined();
  });

  it("万 and 亿 differ", () => {
    expect(facts("年交易额100万元").annualTransactionVolume).toBe(1000000);
    expect(facts("年交易额100亿元").annualTransactionVolume).toBe(10000000000);
  });

  it("近3年 is part of the growth key, not a duration", () => {
    const f = facts("近3年营业收入平均增速25%，运营满3年");
    expect(f).toMatchObject({ avgGrowth3y: 25, yearsOperated: 3 });
  });

  it("evidence quotes the user's text", () => {
    const text = "我们实际投资额１０００万元。";
    const { evidence } = extractFacts(text);
    const e = evidence.find((x) => x.key === "investment")!;
    expect(e.value).toBe(10000000);
    expect(text.slice(e.start, e.end)).toBe(e.raw);
    expect(e.raw).toBe("实际投资额１０００万元");
  });
});

describe("extractFacts: statements and negation", () => {
  it.each<[string, Record<string, unknown>]>([
    ["已纳入国家统计局联网直报平台", { onDirectReport: true }],
    ["已纳入联网直报", { onDirectReport: true }],
    ["还没纳入联网直报", { onDirectReport: false }],
    ["未纳入国家统计局联网直报平台", { onDirectReport: false }],
    ["没有纳入联网直报平台", { onDirectReport: false }],
    ["联网直报平台还没纳入", { onDirectReport: false }],
    // One negation covers the items joined to it; a comma ends it.
    ["我们不是专精特新“小巨人”或独角兽培育企业", { isLittleGiant: false, isUnicorn: false }],
    ["不是小巨人企业，是独角兽培育企业", { isLittleGiant: false, isUnicorn: true }],
    ["刚落户杭州", { newlySettled: true, city: "杭州市" }],
    ["今年新引进的企业", { newlySettled: true }],
    ["我们是新电商企业", { isEcommerce: true }],
    ["开了一家网店", { isEcommerce: true }],
    ["我们是一家电商平台", { isEcommercePlatform: true }],
    ["我们是外卖平台", { isTakeoutPlatform: true }],
    ["我们是快递公司", { isPostalExpress: true }],
    ["邮政快递企业", { isPostalExpress: true }],
    ["我们是电商服务企业", { isEcommerceService: true }],
    ["我们是高新技术企业", { isHighTech: true }],
    ["我们是高企", { isHighTech: true }],
    ["我们不是高新技术企业", { isHighTech: false }],
    ["不是高企", { isHighTech: false }],
    ["我们还没有被认定为高新技术企业", { isHighTech: false }],
    ["专精特新“小巨人”企业", { isLittleGiant: true }],
    ["创新创业人才类企业", { isTalentEnterprise: true }],
    ["规上企业", { isAboveScale: true }],
    ["规模以上工业企业", { isAboveScale: true }],
    ["还不是规上企业", { isAboveScale: false }],
    ["瞪羚企业", { isGazelle: true }],
    ["独角兽企业", { isUnicorn: true }],
    ["行业龙头企业", { isIndustryLeader: true }],
    ["有省级企业技术中心", { hasProvincialRdInstitution: true, hasRdInstitution: true }],
    ["建有省级工程技术研究中心", { hasProvincialRdInstitution: true }],
    ["没有设立研发机构", { hasRdInstitution: false }],
    ["参与制定了行业标准", { participatedStandard: true }],
    ["有注册商标", { hasTrademark: true }],
    ["通过了贯标", { ipCertified: true }],
    ["知识产权管理通过第三方认证", { ipCertified: true }],
    ["是独立法人", { independentLegalPerson: true }],
    ["没有受过处罚", { noMajorViolation: true }],
    ["一年内无重大违规", { noMajorViolation: true }],
    ["去年受过行政处罚", { noMajorViolation: false }],
    ["进入天猫销售排行榜前十", { inTop10: true }],
    ["进了抖音Top10", { inTop10: true }],
    ["正在建设新电商园区", { hostsPark: true }],
    ["在抖音运营新型产业带", { industryBelt: true }],
    ["在天猫建了品牌特色馆", { brandHall: true }],
    ["国风国潮品牌", { guochaoBrand: true }],
    ["自行研发了电商服务系统并取得认证", { selfDevelopedCertifiedSystem: true }],
    ["举办了新电商主题展会", { hostsExpo: true }],
    ["开展了公益助农直播", { charityFarming: true }],
    ["我们是“三同”示范企业", { threeSameDemo: true }],
    ["被评为新电商示范企业", { isDemoEnterprise: true }],
    ["引进省外先进专利技术转化实施", { importsPatentTech: true }],
    ["我们是杭州市电子商务行业协会", { entityKind: "行业协会" }],
    ["我们是一所高校", { entityKind: "高等院校" }],
    ["我们是科研机构", { entityKind: "科研机构" }],
    ["我们是一家制造企业", { entityKind: "企业" }],
  ])("%s", (text, expected) => {
    expect(facts(text)).toMatchObject(expected);
  });

  it("没有送餐人员感染 negates nothing tracked", () => {
    const f = facts("没有送餐人员感染，已纳入联网直报");
    expect(f.onDirectReport).toBe(true);
    expect(Object.values(f)).not.toContain(false);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["没有省级研发机构", { hasProvincialRdInstitution: false }, "hasRdInstitution"],
    ["不是专精特新小巨人企业", { isLittleGiant: false }, "isSme"],
    ["我们不是电商服务企业", { isEcommerceService: false }, "isEcommerce"],
  ])("denying %s does not deny what it implies", (text, expected, untouched) => {
    const f = facts(text);
    expect(f).toMatchObject(expected);
    expect(f[untouched]).toBeUndefined();
  });

  it("serving e-commerce enterprises does not make us one", () => {
    expect(facts("服务电商企业60家").isEcommerce).toBeUndefined();
  });

  it.each([["需要纳入联网直报吗"], ["是否为高新技术企业才能申报"], ["高企有什么补贴吗"]])("a question states nothing: %s", (text) => {
    const f = facts(text);
    expect(f.onDirectReport).toBeUndefined();
    if (text.includes("是否")) expect(f.isHighTech).toBeUndefined();
  });

  it("the full example", () => {
    const { facts: f, evidence } = extractFacts("我们是刚落户杭州的新电商企业，已纳入国家统计局联网直报平台，实际投资额1000万元，一年能获得多少资助？");
    expect(f).toMatchObject({ province: "浙江省", city: "杭州市", newlySettled: true, isEcommerce: true, onDirectReport: true, investment: 10000000 });
    expect(f.yearsOperated).toBeUndefined();
    for (const e of evidence) expect(e.raw.length).toBeGreaterThan(0);
  });
});

describe("answers and conversations", () => {
  it.each<[string, string, unknown]>([
    ["1000万", "investment", 10000000],
    ["是的", "isHighTech", true],
    ["还没有", "onDirectReport", false],
    ["不是", "isAboveScale", false],
    ["60家", "servedEnterprises", 60],
    ["22%", "avgGrowth3y", 22],
  ])("%s answers %s", (text, expect_, value) => {
    expect(extractFacts(text, { expect: expect_ }).facts[expect_]).toBe(value);
  });

  it("a later turn overrides an earlier one", () => {
    const { facts: f } = extractFromConversation(["我们在萧山，实际投资额1000万元", "不对，投资额是800万"]);
    expect(f).toMatchObject({ district: "萧山区", investment: 8000000 });
  });

  it("a correction without a cue replaces the last fact of its kind", () => {
    const { facts: f, evidence } = extractFromConversation(["年营业收入3000万元，实际投资额1000万元", "说错了，是800万"]);
    expect(f).toMatchObject({ annualRevenue: 30000000, investment: 8000000 });
    expect(evidence.find((e) => e.key === "investment")).toMatchObject({ turn: 1, raw: "800万" });
  });

  it("negation in a later turn flips an earlier yes", () => {
    const { facts: f } = extractFromConversation(["已纳入联网直报", "抱歉，其实还没纳入联网直报"]);
    expect(f.onDirectReport).toBe(false);
  });

  it("mergeProfile keeps known facts and lets overrides win", () => {
    expect(mergeProfile({ investment: 1, city: "杭州市" }, { investment: 2, district: undefined })).toEqual({ investment: 2, city: "杭州市" });
  });
});

describe("a mark crossed and the figure after it", () => {
  it("首次突破50亿元，达到62亿元: the revenue is 62亿元", () => {
    expect(extractFacts("今年主营业务收入首次突破50亿元，达到62亿元").facts.annualRevenue).toBe(6_200_000_000);
  });
  it("首次突破50亿元 alone: the mark is all the asker said", () => {
    expect(extractFacts("今年主营业务收入首次突破50亿元").facts.annualRevenue).toBe(5_000_000_000);
  });
});
