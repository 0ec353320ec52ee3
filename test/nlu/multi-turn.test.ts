import { describe, expect, it } from "vitest";
import type { FactDef } from "../../core/facts/registry.js";
import { bindFacts } from "../../server/nlu/bind.js";
import { synonyms } from "../../server/nlu/synonyms.js";

/** Facts as the clause compiler names them: the document's own phrase and unit. */
const fact = (phrase: string, type: FactDef["type"], unit?: string): FactDef => ({
  key: `c:${phrase}:${unit ?? type}`,
  type,
  label: phrase,
  question: `${phrase}？`,
  group: "条款事实",
  phrases: [phrase],
  compiled: true,
  ...(unit ? { unit } : {}),
});

/** Bound values by key, with the project's own synonym vocabulary. */
const bind = (defs: FactDef[], turns: string[], asked: (string[] | undefined)[] = []) => Object.fromEntries(bindFacts(defs, turns, synonyms(), asked).map((b) => [b.key, b.value]));

describe("a number given in a later turn replaces the earlier one", () => {
  const rd = fact("项目研发投入", "money");
  const staff = fact("年培训人数", "count", "人");

  it("said again in full", () => {
    expect(bind([rd], ["项目研发投入500万元，能补多少？", "说错了，研发投入其实是800万元"])[rd.key]).toBe(8_000_000);
  });

  it("as a bare reply to the question asked about it", () => {
    expect(bind([rd], ["项目研发投入500万元", "800万"], [undefined, [rd.key]])[rd.key]).toBe(8_000_000);
  });

  it("a later turn about another fact keeps the first turn's figure", () => {
    const out = bind([rd, staff], ["项目研发投入500万元", "今年培训了120人"]);
    expect(out).toEqual({ [rd.key]: 5_000_000, [staff.key]: 120 });
  });

  it("the later of two turns wins, whichever unit it is said in", () => {
    expect(bind([rd], ["研发投入1200万元", "研发投入改成0.15亿元"])[rd.key]).toBe(15_000_000);
  });
});

describe("units that convert", () => {
  it("a head count said in 人次 or 万人次 fills a count of 人", () => {
    const trained = fact("年培训人数", "count", "人");
    expect(bind([trained], ["去年培训了1200人次"])[trained.key]).toBe(1200);
    expect(bind([trained], ["年培训人数3万人次"])[trained.key]).toBe(30_000);
    expect(bind([trained], ["年培训人数达到45名"])[trained.key]).toBe(45);
  });

  it("Chinese numerals and 亿/万 amounts read as yuan", () => {
    const revenue = fact("年度营业收入", "money");
    const invest = fact("项目总投资", "money");
    expect(bind([revenue], ["我们年度营业收入一个亿"])[revenue.key]).toBe(100_000_000);
    expect(bind([revenue], ["年营收1.2亿"])[revenue.key]).toBe(120_000_000);
    expect(bind([invest], ["项目总投资八千万"])[invest.key]).toBe(80_000_000);
    expect(bind([invest], ["项目总投资两千五百万元"])[invest.key]).toBe(25_000_000);
    expect(bind([invest], ["项目总投资5个亿"])[invest.key]).toBe(500_000_000);
  });

  it("a count in another measure is not a head count", () => {
    const trained = fact("年培训人数", "count", "人");
    expect(bind([trained], ["年培训场次30场"])[trained.key]).toBeUndefined();
  });
});

describe("a sum named by a noun the fact only modifies is not the fact", () => {
  const interest = fact("贷款利息", "money");
  const loan = fact("贷款金额", "money");

  it("贷款2000万元 is the loan, not its interest", () => {
    expect(bind([interest], ["我们贷款2000万元，期限1年"])[interest.key]).toBeUndefined();
    expect(bind([interest, loan], ["我们贷款2000万元"])).toEqual({ [loan.key]: 20_000_000 });
  });

  it("the interest not said is a year's interest on the loan at the rate said", () => {
    expect(bind([interest], ["我们贷款2000万元、期限1年，申请时该笔贷款基准利率4.35%"])[interest.key]).toBe(870_000);
    expect(bind([interest], ["贷款1200万元，期限6个月，利率为5%"])[interest.key]).toBe(300_000);
    // No rate said: no interest guessed.
    expect(bind([interest], ["贷款2000万元，期限1年"])[interest.key]).toBeUndefined();
  });

  it("the interest said in words is the interest", () => {
    expect(bind([interest], ["今年付了贷款利息87万元"])[interest.key]).toBe(870_000);
  });

  it("funds of the same sum are that sum (建设总投入 / 建设总投入经费)", () => {
    const funds = fact("建设总投入经费", "money");
    expect(bind([funds], ["孵化器建设总投入8000万元（含装修、场地使用费用）"])[funds.key]).toBe(80_000_000);
  });

  it("a total of the same sum is that sum (投资额 / 投资总额)", () => {
    const total = fact("上年度投资总额", "money");
    expect(bind([total], ["上年度投资额3000万元"])[total.key]).toBe(30_000_000);
  });
});

describe("statements and milestones said in other words", () => {
  it("a statement with other words in its middle is another statement (特色专业型 is not 双跨)", () => {
    const dual = fact("新入选的国家级双跨工业互联网平台", "boolean");
    expect(bind([dual], ["我们的平台今年新入选国家级特色专业型工业互联网平台，奖励多少？"])[dual.key]).toBeUndefined();
    expect(bind([dual], ["我们今年新入选国家级双跨工业互联网平台"])[dual.key]).toBe(true);
  });

  it("a statement said in a shortened form still binds (已纳入联网直报平台)", () => {
    const listed = fact("纳入国家统计局联网直报平台", "boolean");
    expect(bind([listed], ["我们已纳入联网直报平台了"])[listed.key]).toBe(true);
  });

  it("首次突破50亿元，达到62亿元: the mark crossed is not the figure", () => {
    const revenue = fact("主营业务收入", "money");
    expect(bind([revenue], ["今年主营业务收入首次突破50亿元，达到62亿元"])[revenue.key]).toBe(6_200_000_000);
    expect(bind([revenue], ["今年主营业务收入首次突破50亿元"])[revenue.key]).toBe(5_000_000_000);
  });
});
