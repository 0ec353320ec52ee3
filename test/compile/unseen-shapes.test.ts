import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCorpus } from "../../ingest/compile/index.js";
import { compileText, DOC, evaluate, formula, leavesOf, moneyRules, quoteOnly, yuanFor, clauseOf } from "./kit.js";

/**
 * Wordings met in documents the compiler was not developed on (dev-corpus-2 and the issue's
 * unseen sets), one reader each: what each provision pays, as a pure function of its text.
 */

describe("分别 lists", () => {
  it("a list of thresholds that counts down (首次突破1000亿元、…10亿元) pays the band the figure reached; 突破 is strict", () => {
    const c = compileText("对主营业务收入首次突破1000亿元、500亿元、200亿元、100亿元、50亿元、30亿元、10亿元的法人企业，分别给予1000万元、800万元、500万元、300万元、200万元、100万元、50万元的奖励。");
    const f = formula(c.rules[0], "tiers");
    const facts = { ...Object.fromEntries(leavesOf(c.rules[0]).map((l) => [l.fact, true])) };
    expect(yuanFor(c.rules[0], { ...facts, [f.base]: 6_200_000_000 })).toBe(2_000_000);
    expect(yuanFor(c.rules[0], { ...facts, [f.base]: 120_000_000_000 })).toBe(10_000_000);
    // Exactly 50亿 has not broken through 50亿.
    expect(yuanFor(c.rules[0], { ...facts, [f.base]: 5_000_000_000 })).toBe(1_000_000);
  });

  it("rates by growth band after a threshold of sales: the band list is the run right before 分别, the rest are conditions", () => {
    const c = compileText("年度销售额3亿元以上（含3亿元）的批发企业，年度销售额同比增长达到10%、16%、22%、28%以上的，分别按照其年度对我区经济贡献的10%、20%、30%、40%予以奖励。");
    const rule = c.rules[0];
    const f = formula(rule, "tiers");
    expect(c.facts.find((x) => x.key === f.base)?.label).toBe("年度销售额同比增长");
    const sales = leavesOf(rule).find((l) => l.value === 300_000_000)!;
    const who = leavesOf(rule).find((l) => l.value === true)!;
    const profile = { [sales.fact]: 500_000_000, [who.fact]: true, [f.base]: 18, [f.rateBase!]: 6_000_000 };
    expect(yuanFor(rule, profile)).toBe(1_200_000);
    expect(evaluate(rule, { ...profile, [sales.fact]: 200_000_000 }).status).toBe("ineligible");
  });

  it("a figure typeset with spaces inside its unit (１０００ 万 元) is read as written", () => {
    const c = compileText("对主营业务收入首次突破１０００亿元、１０ 亿元的法人企业，分别给予 １０００ 万 元、５０万元的奖励。");
    expect(formula(c.rules[0], "tiers").tiers.map((t) => t.amount)).toEqual([10_000_000, 500_000]);
  });
});

describe("per unit", () => {
  it("每艘钢制渔船…补助2万元: the 每 stands far from the figure, and it still prices each boat", () => {
    const c = compileText("我区内陆捕捞渔民减船转产补助：对每艘钢制渔船减船转产补助2万元，每艘木质渔船减船转产补助1.5万元。");
    const [steel, wood] = moneyRules(c).map((r) => formula(r, "perUnit"));
    expect(steel).toMatchObject({ unit: "艘", amount: 20_000 });
    expect(wood).toMatchObject({ unit: "艘", amount: 15_000 });
    expect(yuanFor(c.rules[0], { [steel.count]: 3 })).toBe(60_000);
  });

  it("每50公斤粮食补助5元 pays per 50 kg: not computable per unit here, so quote-only, never 5元 once", () => {
    quoteOnly("给予农户每50公斤粮食补助5元。", "给予农户每50公斤粮食补助5元");
  });

  it("每项给予20万元 pays every item, 每家企业最高50万元 bounds the applicant", () => {
    const items = compileText("对认定的项目，每项给予20万元奖励。");
    const f = formula(items.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "项", amount: 200_000 });
    expect(yuanFor(items.rules[0], { [f.count]: 2, ...Object.fromEntries(leavesOf(items.rules[0]).map((l) => [l.fact, true])) })).toBe(400_000);
    const cap = compileText("每家企业最高奖励50万元。");
    expect(formula(cap.rules[0], "upTo").cap).toBe(500_000);
  });

  it("每新入驻1家 / 每增加1人: the units counted are those the verb names", () => {
    const firms = compileText("每新入驻1家规上企业，给予10万元奖励。");
    const f = formula(firms.rules[0], "perUnit");
    expect(firms.facts.find((x) => x.key === f.count)?.label).toBe("新入驻规上企业");
    expect(yuanFor(firms.rules[0], { [f.count]: 3 })).toBe(300_000);
    const heads = compileText("每增加1人给予2000元补贴。");
    const h = formula(heads.rules[0], "perUnit");
    expect(heads.facts.find((x) => x.key === h.count)?.label).toBe("增加人数");
  });

  it("单台（套）产品最高50万元，每家企业年度奖励最高200万元: a ceiling per unit, then the applicant's yearly one", () => {
    const c = compileText("对企业首次试用的创新产品予以奖励，单台（套）产品最高50万元，每家企业年度奖励最高200万元。");
    const f = formula(c.rules[0], "perUnit");
    expect(f).toMatchObject({ unit: "台", amount: 500_000, upTo: true, yearlyCap: 2_000_000 });
    const m = evaluate(c.rules[0], { [f.count]: 5 });
    expect(m.amount?.yuan).toBe(2_000_000);
    expect(m.amount?.upTo).toBe(true);
    expect(evaluate(c.rules[0], { [f.count]: 2 }).amount?.yuan).toBe(1_000_000);
  });

  it("补贴标准：每人1000元: the field's label is not the thing counted", () => {
    const c = compileText("补贴标准：每人1000元。");
    const f = formula(c.rules[0], "perUnit");
    const label = c.facts.find((x) => x.key === f.count)?.label ?? "";
    expect(label).toMatch(/人数$/);
    expect(label).not.toMatch(/标准/);
  });

  it("property: a sentence with a per-unit marker never compiles to a one-off", () => {
    const things = ["艘渔船", "台设备", "项专利", "人", "件作品", "亩耕地", "吨粮食", "家企业入驻"];
    fc.assert(
      fc.property(fc.constantFrom(...things), fc.integer({ min: 1, max: 99 }), fc.constantFrom("补助", "奖励", "给予"), (thing, wan, verb) => {
        const out = compileCorpus([DOC], [clauseOf(`对符合条件的主体，每${thing}${verb}${wan}万元。`)]);
        return out.rules.every((r) => r.amount.kind !== "fixed");
      }),
      { numRuns: 60 },
    );
  });
});

describe("whom", () => {
  it("对创新主体达规纳统的可给予10万元: whom the award is for is a condition, never dropped", () => {
    const c = compileText("鼓励具身智能产业创新主体小升规，对创新主体达规纳统的可给予10万元一次性奖励。");
    const [who] = leavesOf(c.rules[0]);
    expect(who).toMatchObject({ op: "eq", value: true });
    expect(evaluate(c.rules[0], {}).status).toBe("needs_info");
    expect(evaluate(c.rules[0], { [who.fact]: false }).status).toBe("ineligible");
  });

  it("…的项目，经综合评价，最高可给予1000万元: whom is read across the procedural part", () => {
    const c = compileText("对引领人工智能大模型发展或取得颠覆性突破的项目，经综合评价，最高可给予1000万元的补贴支持。");
    expect(leavesOf(c.rules[0]).some((l) => l.value === true)).toBe(true);
    expect(evaluate(c.rules[0], {}).status).toBe("needs_info");
  });

  it("奖励各街道 / 给予所在街道: an award to another party is never the applicant's (quote-only, for review)", () => {
    quoteOnly("奖励各街道10万元。", "奖励各街道10万元");
    quoteOnly("每新入驻1家规上企业，给予所在街道10万元奖励。", "每新入驻1家规上企业，给予所在街道10万元奖励");
  });

  it("比上年度增加20%: a growth the applicant reaches, named by the figure before it", () => {
    const c = compileText("服务我市企业200家以上，业务收入达500万元，且比上年度增加20%的科技服务机构，给予10万元的奖励。");
    const growth = leavesOf(c.rules[0]).find((l) => l.value === 20)!;
    expect(growth.op).toBe("gte");
    expect(c.facts.find((x) => x.key === growth.fact)?.label).toBe("业务收入增长");
  });
});

describe("ceilings and schedules", () => {
  it("但最高不得超过200万元 is a ceiling, not a threshold", () => {
    const c = compileText("按设备投资额的10%给予补助，但最高不得超过200万元。");
    const f = formula(c.rules[0], "rate");
    expect(f.cap).toBe(2_000_000);
    expect(leavesOf(c.rules[0])).toEqual([]);
    expect(yuanFor(c.rules[0], { [f.base]: 30_000_000 })).toBe(2_000_000);
  });

  it("按实际发生额给予补贴，最高不超过50万元: the smaller of what was spent and the ceiling", () => {
    const c = compileText("按实际发生额给予补贴，最高不超过50万元。");
    const f = formula(c.rules[0], "upTo");
    expect(f.base).toBeDefined();
    expect(yuanFor(c.rules[0], { [f.base!]: 300_000 })).toBe(300_000);
    expect(yuanFor(c.rules[0], { [f.base!]: 800_000 })).toBe(500_000);
  });

  it("最长五年，其中前两年100%、后三年50%, then 单个企业累计…不超过1000万元: every year paid, the sum within the ceiling", () => {
    const c = compileText(
      "经认定新入驻园区的人工智能企业，租赁自用办公场所和生产经营场地面积超过300平方米（含）的，给予最长五年的房租补贴，其中前两年100%、后三年50%。单个企业累计补贴金额不超过1000万元，补贴期间不得转租。",
    );
    expect(c.report).toMatchObject({ compiled: 1, quoteOnly: 0 });
    const f = formula(c.rules[0], "perPeriod");
    expect(f).toMatchObject({ steps: [{ periods: 2, rate: 100 }, { periods: 3, rate: 50 }], maxPeriods: 5, totalCap: 10_000_000 });
    const facts = Object.fromEntries(leavesOf(c.rules[0]).map((l) => [l.fact, l.value === true ? true : 800]));
    const m = evaluate(c.rules[0], { ...facts, [f.base!]: 1_200_000 });
    expect(m.amount?.yuan).toBe(4_200_000);
    expect(m.amount?.schedule?.map((s) => s.yuan)).toEqual([1_200_000, 1_200_000, 600_000, 600_000, 600_000]);
    expect(evaluate(c.rules[0], { ...facts, [f.base!]: 3_000_000 }).amount?.yuan).toBe(10_000_000);
  });
});
