import { describe, expect, it } from "vitest";
import type { FactDef } from "../../core/facts/registry.js";
import { bindFacts } from "../../server/nlu/bind.js";
import { canonicalizer, synonyms } from "../../server/nlu/synonyms.js";

/** Facts as the clause compiler names them: the document's own phrase and unit. */
const fact = (phrase: string, type: FactDef["type"], unit?: string, options?: string[]): FactDef => ({
  key: `c:${phrase}:${unit ?? type}`,
  type,
  label: phrase,
  question: `${phrase}？`,
  group: "条款事实",
  phrases: [phrase, ...(options ?? [])],
  compiled: true,
  ...(unit ? { unit } : {}),
});

const canon = canonicalizer([
  ["投资额", "投入", "投资", "花了"],
  ["研发投入", "研发费用"],
]);
const bind = (defs: FactDef[], ...turns: string[]) => Object.fromEntries(bindFacts(defs, turns, canon).map((b) => [b.key, b.value]));

describe("facts that differ in a word (第一年/第二年/第三年实到外资)", () => {
  const years = ["第一年", "第二年", "第三年"].map((y) => fact(`${y}实到外资`, "usd", "美元"));
  const [y1, y2, y3] = years.map((f) => f.key);
  it("a year named before a comma names the number after it; an unnamed year takes no one else's figure", () => {
    const out = bind(years, "第一年实到外资400万美元，那一年的奖励已经拿了。今年是第二年，实到外资1800万美元");
    expect(out[y1]).toBe(4_000_000);
    expect(out[y2]).toBe(18_000_000);
    expect(out[y3]).toBeUndefined();
    const third = bind(years, "第一年实到外资400万美元。今年是第三年，实到外资1800万美元");
    expect(third[y2]).toBeUndefined();
    expect(third[y3]).toBe(18_000_000);
  });

  it("a figure per year, the year said before each", () => {
    const out = bind(years, "第一年实到外资1200万美元，第二年600万美元，第三年300万美元");
    expect([out[y1], out[y2], out[y3]]).toEqual([12_000_000, 6_000_000, 3_000_000]);
  });

  it("a phrase with its own figure before the comma is that figure's, and a long aside names nothing", () => {
    expect(bind(years, "第二年实到外资600万美元，实到外资1800万美元")[y2]).toBe(6_000_000);
    expect(bind(years, "我们今年是第二年来这里投资办厂的外商，实到外资1800万美元")).toEqual({});
  });

  it("the general fact (实到外资) is no sibling of the specific ones: it takes any year's figure", () => {
    const all = fact("实到外资", "usd", "美元");
    expect(bind([...years, all], "第一年实到外资1200万美元")[all.key]).toBe(12_000_000);
  });

  it("a number alone in the message still needs two of the fact's character pairs", () => {
    const price = fact("成套重大技术装备的首套销售价格", "money");
    expect(bind([price], "关键零部件首次取得市场业绩，首单销售额350万元")[price.key]).toBeUndefined();
    expect(bind([price], "成套装备首套销售价格350万元")[price.key]).toBe(3_500_000);
  });

  it("向银行贷了2亿元 is the 贷款金额 (project synonyms); a sum merely near a loan is not", () => {
    const loan = fact("贷款金额", "money");
    const real = (text: string) => Object.fromEntries(bindFacts([loan], [text], synonyms()).map((b) => [b.key, b.value]));
    expect(real("固定资产投资5亿元，另外向银行贷了2亿元，贷款期限3年")[loan.key]).toBe(200_000_000);
    expect(real("固定资产投资5亿元，银行审批很快，营业收入2亿元")[loan.key]).toBeUndefined();
  });

  it("汇率按1美元兑7元 is a rate of 7, not of 1", () => {
    expect(bind(years, "第一年实到外资1200万美元，汇率按1美元兑7元人民币算").usdRate).toBe(7);
    expect(bind(years, "第一年实到外资1200万美元，汇率按6.9算").usdRate).toBe(6.9);
  });
});

describe("binding a question's numbers to the candidate rules' facts", () => {
  const rd = fact("项目研发投入", "money");
  const mna = fact("核定后并购金额", "money");
  it("binds a figure to the fact its words name", () => {
    expect(bind([rd, mna], "项目研发投入500万元，能拿多少？")).toEqual({ [rd.key]: 5_000_000 });
  });

  it("reads synonyms: 研发费用 is the clause's 研发投入", () => {
    expect(bind([rd], "我们的研发费用是300万元")[rd.key]).toBe(3_000_000);
  });

  it("keeps units apart: 美元 is never 元, and a count needs its measure", () => {
    const usd = fact("实到外资", "usd", "美元");
    const yuan = fact("实际投资额", "money");
    const patents = fact("国内发明专利", "count", "件");
    const out = bind([usd, yuan, patents], "实到外资3000万美元，有10件国内发明专利，外加5个人");
    expect(out[usd.key]).toBe(30_000_000);
    expect(out[yuan.key]).toBeUndefined();
    expect(out[patents.key]).toBe(10);
  });

  it("takes the exchange rate the asker states, and not as a money fact", () => {
    const usd = fact("引进项目实到外资", "usd", "美元");
    const money = fact("奖励金额", "money");
    const out = bind([usd, money], "引进项目实到外资2000万美元，按1美元折合7元人民币计算");
    expect(out.usdRate).toBe(7);
    expect(out[money.key]).toBeUndefined();
  });

  it("does not give one number to a fact whose words name something else entirely", () => {
    expect(bind([mna], "我们公司有员工300人，注册资本5000万元")[mna.key]).toBeUndefined();
  });

  it("a yes/no statement holds when its words are said, and is false when denied", () => {
    const hte = fact("首次认定为国家高新技术企业", "boolean");
    expect(bind([hte], "我们今年首次认定为国家高新技术企业")[hte.key]).toBe(true);
    expect(bind([hte], "我们不是首次认定为国家高新技术企业")[hte.key]).toBe(false);
    expect(bind([hte], "我们是一家制造企业")[hte.key]).toBeUndefined();
  });

  it("a denial is read where the statement is mentioned, not where another fact shares its first word", () => {
    const imported = fact("购置国际进口设备", "boolean");
    const purchase = fact("单个项目设备购置", "money");
    const got = bind([imported, purchase], "一家工业企业的技改项目，设备购置实际投资额（不含税）250万元，不是国际进口设备，能拿多少补助？");
    expect(got[imported.key]).toBe(false);
    expect(got[purchase.key]).toBe(2_500_000);
    expect(bind([imported], "我们购置国际进口设备花了250万元")[imported.key]).toBe(true);
  });

  it("a category fact takes the option named", () => {
    const level = fact("重点实验室级别", "text", "类别", ["国家级", "省级", "市级"]);
    expect(bind([level], "我们的实验室是省级重点实验室")[level.key]).toBe("省级");
  });

  it("a bare reply answers the fact the assistant just asked for", () => {
    const out = bindFacts([mna, rd], ["并购海外科技型企业能拿多少？", "2亿元"], canon, [undefined, [mna.key]]);
    expect(Object.fromEntries(out.map((b) => [b.key, b.value]))).toEqual({ [mna.key]: 200_000_000 });
  });

  it("a later turn corrects an earlier one", () => {
    expect(bind([rd], "项目研发投入500万元", "不对，项目研发投入是800万元")[rd.key]).toBe(8_000_000);
  });
});

describe("which fact a number belongs to when several could take it", () => {
  const cost = fact("上年度运营成本", "money");
  const invest = fact("上年度投资总额", "money");

  it("an aside in brackets does not hide the words naming the number", () => {
    expect(bind([cost], "去年运营成本（水电、物业、取暖、场地费）一共花了80万元")[cost.key]).toBe(800_000);
  });

  it("the clause's words said literally beat a synonym: 运营成本…花了 is not the 投资总额", () => {
    const out = bind([cost, invest], "去年运营成本（水电、物业、取暖、场地费）一共花了80万元，能补多少？");
    expect(out).toEqual({ [cost.key]: 800_000 });
  });

  it("the synonym still binds when no fact names the number literally", () => {
    expect(bind([invest], "项目前后花了200万元")[invest.key]).toBe(2_000_000);
  });

  it("facts one rule reads together may share a number: the literal match does not take it away", () => {
    const turns = ["去年运营成本（水电、物业、取暖、场地费）一共花了80万元"];
    const together = Object.fromEntries(bindFacts([cost, invest], turns, canon, [], () => true).map((b) => [b.key, b.value]));
    expect(together).toEqual({ [cost.key]: 800_000, [invest.key]: 800_000 });
  });
});

describe("statements and articles", () => {
  it("a sibling statement's distinguishing word must be said: 省级 does not make 国家级 true", () => {
    const nat = fact("年度荣获国家级表彰的优秀企业", "boolean");
    const prov = fact("年度荣获省级表彰的优秀企业", "boolean");
    const out = bind([nat, prov], "我们今年荣获省级表彰，是优秀企业");
    expect(out[prov.key]).toBe(true);
    expect(out[nat.key]).toBeUndefined();
  });

  it("一个 is an article, not a figure that owns the words before it", () => {
    const area = fact("租用仓储面积", "count", "平方米");
    expect(bind([area], "在波兰租用仓储一个1500平方米的公共海外仓")[area.key]).toBe(1500);
  });

  it("equally named figures: the later one is the asker's latest word", () => {
    const usd = fact("实到外资", "usd", "美元");
    expect(bind([usd], "第一年实到外资400万美元，今年实到外资1800万美元")[usd.key]).toBe(18_000_000);
  });
});

describe("a span of years inside a fact's name (近3年平均增速 / 近2年平均增速)", () => {
  const growth = ["近3年平均增速", "近2年平均增速"].map((p) => fact(p, "percent"));
  it("the span said right before the figure tells the siblings apart", () => {
    const out = bind(growth, "年营业收入3000万元，近3年平均增速22%");
    expect(out[growth[0].key]).toBe(22);
    expect(out[growth[1].key]).toBeUndefined();
  });
  it("a span cut off by a comma is not the name", () => {
    const out = bind(growth, "成立近3年，平均增速22%");
    expect(out[growth[0].key]).toBeUndefined();
  });
});

describe("a statement the asker shortens (纳入国家统计局联网直报平台 → 联网直报平台)", () => {
  const onPlatform = fact("纳入国家统计局联网直报平台", "boolean");
  const honoured = fact("荣获省级表彰的优秀跨境电子商务企业", "boolean");
  it("half the name, with a long stretch said word for word, states it", () => {
    expect(bind([onPlatform], "我们已纳入联网直报平台")[onPlatform.key]).toBe(true);
    expect(bind([onPlatform], "我们还没纳入联网直报平台")[onPlatform.key]).toBe(false);
  });
  it("the kind of enterprise alone does not state the honour it names", () => {
    expect(bind([honoured], "我们是一家跨境电子商务企业")[honoured.key]).toBeUndefined();
  });
});

describe("wordings the project's synonym vocabulary covers (corpus/vocab/synonyms.yaml), in numerals or in words", () => {
  const vocab = (defs: FactDef[], ...turns: string[]) => Object.fromEntries(bindFacts(defs, turns, synonyms()).map((b) => [b.key, b.value]));
  const price = fact("首台重大技术装备首次销售价格", "money", "元");
  const trained = fact("年培训人数", "count", "人");
  const visits = fact("年接待游客人次", "count", "人次");

  it.each([
    ["首台套装备首次成交价八千万", 80_000_000],
    ["首次销售价一个亿", 100_000_000],
    ["首台套装备首次售价1.2亿元", 120_000_000],
    ["首次成交价格两千万", 20_000_000],
    ["首次销售价格三百五十万元", 3_500_000],
  ])("%s fills the 首次销售价格 (%d元)", (said, yuan) => expect(vocab([price], said)[price.key]).toBe(yuan));

  it("a head count said in 人次 fills a 人数, and the other way round, 万 converted", () => {
    expect(vocab([trained], "去年培训了3.5万人次")[trained.key]).toBe(35_000);
    expect(vocab([visits], "年接待游客人数两万人")[visits.key]).toBe(20_000);
  });

  it("a figure said in a later turn, in other words, replaces the earlier one", () => {
    expect(vocab([price], "首次成交价两千万", "我们在沈阳", "不对，首次销售价格应该是1.2亿")[price.key]).toBe(120_000_000);
  });

  it("a sum of another kind is not the price", () => {
    expect(vocab([price], "首台套装备研发投入两千万")[price.key]).toBeUndefined();
  });
});

describe("a sum of another kind than the fact's (core/facts/sum-kinds.ts)", () => {
  const price = fact("首台重大技术装备首次销售价格", "money", "元");
  it("is not the fact, even in reply to the question that asked for it", () => {
    expect(bindFacts([price], ["首台套装备研发投入两千万"], synonyms())).toEqual([]);
    expect(bindFacts([price], ["研发投入两千万"], synonyms(), [[price.key]])).toEqual([]);
  });
  it("a sum of the same kind, or with no known head, still is", () => {
    expect(bindFacts([price], ["两千万"], synonyms(), [[price.key]]).map((b) => b.value)).toEqual([20_000_000]);
    expect(bindFacts([price], ["首台套装备首次成交价两千万"], synonyms()).map((b) => b.value)).toEqual([20_000_000]);
  });
});
