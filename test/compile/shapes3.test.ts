import { describe, expect, it } from "vitest";
import { DEV10, DEV14, DEV15, compileText, evaluate, formula, leavesOf, moneyRules, quoteOnly, real, statements, statusFor, yuanFor } from "./kit.js";

/**
 * Provision shapes of issue 9 counted by heads or units: per head per period, a per-head rate
 * that changes with the head count, per unit with a share limit, and rent per area with a
 * ceiling price. Clause text in, rule out, amounts from the real engine on the compiled rule's
 * own fact keys; each with a nearby wording the reader must leave to the quote.
 */

const factOf = (c: ReturnType<typeof compileText>, key: string) => c.facts.find((f) => f.key === key);

describe("per head per period", () => {
  it("每人每月3000元…补贴期限不超过6个月 (issue wording): 3000元 × heads × months, months at most 6, both asked", () => {
    const c = compileText("对引进的高端人才，每人每月给予3000元生活补贴，补贴期限不超过6个月。");
    const rule = moneyRules(c)[0];
    const f = formula(rule, "perPeriod");
    expect(f).toMatchObject({ period: "月", amount: 3000, maxPeriods: 6 });
    expect(factOf(c, f.heads!)).toMatchObject({ type: "count", unit: "人" });
    expect(factOf(c, f.periods!)).toMatchObject({ type: "months" });
    // Neither count is guessed: both are asked.
    expect(evaluate(rule, {}).missing.sort()).toEqual([f.heads, f.periods].sort());
    expect(evaluate(rule, { [f.heads!]: 2 }).missing).toEqual([f.periods]);
    expect(yuanFor(rule, { [f.heads!]: 2, [f.periods!]: 4 })).toBe(24_000);
    expect(yuanFor(rule, { [f.heads!]: 2, [f.periods!]: 10 })).toBe(36_000);
    expect(statusFor(rule, { [f.heads!]: 0, [f.periods!]: 4 })).toBe("ineligible");
  });

  it("two rates per head in one sentence (硕士…3000元、博士…5000元) stay quote-only", () => {
    const sentence = "对引进的硕士每人每月给予3000元生活补贴，博士每人每月给予5000元生活补贴，补贴期限不超过6个月";
    quoteOnly(`${sentence}。`, sentence);
  });
});

describe("a per-head rate that changes with the head count", () => {
  it("招用3人以下的按每人2000元…4人以上的每增加1人给予3000元，总额最高不超过3万元 (issue wording)", () => {
    const c = compileText("招用3人以下的按每人2000元给予补贴，4人以上的每增加1人给予3000元，总额最高不超过3万元。");
    const rule = moneyRules(c)[0];
    const f = formula(rule, "marginal");
    expect(f).toMatchObject({ unit: "人", cap: 30_000, bands: [{ to: 3, each: 2000 }, { from: 3, each: 3000 }] });
    expect(factOf(c, f.base)).toMatchObject({ type: "count", unit: "人" });
    expect(yuanFor(rule, { [f.base]: 2 })).toBe(4000);
    expect(yuanFor(rule, { [f.base]: 3 })).toBe(6000);
    // 4人: 3 × 2000 + 1 × 3000; 5人: 3 × 2000 + 2 × 3000.
    expect(yuanFor(rule, { [f.base]: 4 })).toBe(9000);
    expect(yuanFor(rule, { [f.base]: 5 })).toBe(12_000);
    // 11人 would be 30000; 20人 is 57000, held at the 3万元 ceiling.
    expect(yuanFor(rule, { [f.base]: 20 })).toBe(30_000);
    expect(evaluate(rule, { [f.base]: 20 }).amount!.trace.join("；")).toContain("第4至20人");
  });

  it("超过3人的 (not 4人以上) starts the upper band after the third head too", () => {
    const c = compileText("招用3人（含）以下的按每人2000元给予补贴，超过3人的每增加1人给予3000元，总额最高不超过3万元。");
    const f = formula(moneyRules(c)[0], "marginal");
    expect(yuanFor(moneyRules(c)[0], { [f.base]: 5 })).toBe(12_000);
  });

  it("a gap between the bands (3人以下…5人以上) stays quote-only: the fourth head is paid by neither", () => {
    const sentence = "招用3人以下的按每人2000元给予补贴，5人以上的每增加1人给予3000元，总额最高不超过3万元";
    quoteOnly(`${sentence}。`, sentence);
  });
});

describe("per unit with a share limit", () => {
  const sentence = "对开展职工培训的企业，每培训1人给予2000元补贴，每年最多不超过10万元，且培训人员的比例限定在企业员工总数的15%以内";

  it("每培训1人给予2000元…每年最多不超过10万元，且…比例限定在企业员工总数的15%以内 (issue wording)", () => {
    const c = compileText(`${sentence}。`);
    const rule = moneyRules(c)[0];
    const f = formula(rule, "perUnit");
    expect(f).toMatchObject({ unit: "人", amount: 2000, yearlyCap: 100_000, sharePercent: 15 });
    expect(factOf(c, f.count)).toMatchObject({ type: "count", unit: "人", label: "培训人数" });
    expect(factOf(c, f.shareOf!)).toMatchObject({ type: "count", unit: "人", label: "企业员工总数" });
    const who = statements(rule);
    // The employees are asked: without them the share cannot be applied.
    expect(evaluate(rule, { ...who, [f.count]: 20 }).missing).toEqual([f.shareOf]);
    // 200 employees: at most 30 trained are paid.
    expect(yuanFor(rule, { ...who, [f.count]: 20, [f.shareOf!]: 200 })).toBe(40_000);
    expect(yuanFor(rule, { ...who, [f.count]: 40, [f.shareOf!]: 200 })).toBe(60_000);
    // 15% of 210 is 31.5: 31 heads, never 32.
    expect(yuanFor(rule, { ...who, [f.count]: 40, [f.shareOf!]: 210 })).toBe(62_000);
    // 1000 employees, 80 trained: 160000, held at the yearly 10万元.
    expect(yuanFor(rule, { ...who, [f.count]: 80, [f.shareOf!]: 1000 })).toBe(100_000);
    expect(leavesOf(rule).some((l) => l.value === true)).toBe(true);
  });

  it("a share of nothing named (培训人员的比例不超过15%) stays quote-only", () => {
    const s = "对开展职工培训的企业，每培训1人给予2000元补贴，每年最多不超过10万元，且培训人员的比例不超过15%";
    quoteOnly(`${s}。`, s);
  });

  it("a step (每增加1人) is not a head counted once: quote-only", () => {
    const s = "对吸纳就业的企业，每增加1人给予2000元补贴，每年最多不超过10万元";
    quoteOnly(`${s}。`, s);
  });
});

describe("rent per area per month with a ceiling price", () => {
  it("最高给予15元/平方米·月…人均不超过20平方米…年补助金额不超过20万元 (k12): area up to 20㎡ a head, the lower rent", () => {
    const c = compileText(real(DEV14, "对于纳入规上统计入库的软件信息服务业企业，未享受市级数字经济产业园区房租补助的，按实际租金价格和租赁面积（人均不超过20平方米），最高给予15元/平方米·月房租补助，年补助金额不超过20万元，补助期限不超过3年。"));
    const rule = moneyRules(c)[0];
    const f = formula(rule, "areaRent");
    expect(f).toMatchObject({ price: 15, period: "月", perHead: 20, maxYears: 3, yearlyCap: 200_000 });
    expect(factOf(c, f.area)).toMatchObject({ label: "租赁面积", unit: "平方米" });
    const who = statements(rule);
    // 25人 × 20㎡ = 500㎡ of the 700㎡ rented; 18元 is above the 15元 ceiling: 500 × 15 × 12.
    expect(yuanFor(rule, { ...who, [f.area]: 700, [f.heads!]: 25, [f.rent!]: 18 })).toBe(90_000);
    // A rent below the ceiling is what is paid: 500 × 12 × 12.
    expect(yuanFor(rule, { ...who, [f.area]: 700, [f.heads!]: 25, [f.rent!]: 12 })).toBe(72_000);
    // Enough heads for the whole area, held at the yearly 20万元.
    expect(yuanFor(rule, { ...who, [f.area]: 2000, [f.heads!]: 200, [f.rent!]: 18 })).toBe(200_000);
    expect(evaluate(rule, { ...who, [f.area]: 700 }).missing).toEqual([f.heads]);
    // Without the rent the standard is a ceiling: an upper bound.
    expect(evaluate(rule, { ...who, [f.area]: 700, [f.heads!]: 25 }).amount).toMatchObject({ yuan: 90_000, upTo: true });
  });

  it("可按最高20元/平方米•月的标准…但不超过实际租赁成本…每年最高不超过60万元, on a threshold of 地方综合贡献", () => {
    const c = compileText(real(DEV15, "对于在我区新设的非总部型现代服务业企业，上一年地方综合贡献超过60万元且在我区租用、购置自用办公用房的（不包括附属和配套用房，下同），可按最高20元/平方米•月的标准，给予补助，但不超过实际租赁成本，补助期限不超过3年,每年最高不超过60万元。"));
    const rule = moneyRules(c)[0];
    const f = formula(rule, "areaRent");
    expect(f).toMatchObject({ price: 20, period: "月", maxYears: 3, yearlyCap: 600_000 });
    const t = leavesOf(rule).find((l) => l.op === "gt")!;
    expect(t.value).toBe(600_000);
    const who = statements(rule);
    expect(yuanFor(rule, { ...who, [t.fact]: 800_000, [f.area]: 600, [f.rent!]: 35 })).toBe(144_000);
    expect(statusFor(rule, { ...who, [t.fact]: 450_000, [f.area]: 600, [f.rent!]: 35 })).toBe("ineligible");
  });

  it("对租用面积1000平方米以上的企业，按每平方米每月最高20元: the threshold is on the area paid by", () => {
    const c = compileText("对租用面积1000平方米以上的企业，按每平方米每月最高20元给予补贴。");
    const rule = moneyRules(c)[0];
    const f = formula(rule, "areaRent");
    expect(f).toMatchObject({ price: 20, upTo: true });
    expect(leavesOf(rule)).toEqual([expect.objectContaining({ fact: f.area, op: "gte", value: 1000 })]);
    expect(evaluate(rule, { [f.area]: 1200 }).amount).toMatchObject({ yuan: 288_000, upTo: true });
    expect(statusFor(rule, { [f.area]: 800 })).toBe("ineligible");
  });

  it("按3元/月•平方米…对首次“小升规”企业，按2元/月•平方米: a second price for another group is not everyone's: quote-only", () => {
    const s = real(DEV14, "对在鹿城区范围内没有工业用地，租赁厂房用于生产经营的规上企业且亩均税收达到100万元以上的实行租赁补助，按3元/月•平方米给予补助，对首次“小升规”企业，按2元/月•平方米给予补助，对同一企业实际控制人在同一地块上的企业不予补助");
    const c = compileText(`${s}。`);
    expect(moneyRules(c).filter((r) => r.amount.kind === "areaRent" && r.amount.price === 2)).toEqual([]);
  });

  it("30元/平方米•月且每年总额不超过15万元: per month, so 12 months a year, held at the yearly cap", () => {
    const c = compileText("在鹿城区租赁自用办公用房的，可按30元/平方米•月且每年总额不超过15万元的标准，给予租房补助，补助期限不超过3年。");
    const f = formula(moneyRules(c)[0], "areaRent");
    expect(f).toMatchObject({ price: 30, period: "月", yearlyCap: 150_000, maxYears: 3 });
    expect(f.upTo).toBeUndefined();
    expect(evaluate(moneyRules(c)[0], { ...statements(moneyRules(c)[0]), [f.area]: 300 }).amount).toMatchObject({ yuan: 108_000 });
    expect(evaluate(moneyRules(c)[0], { ...statements(moneyRules(c)[0]), [f.area]: 600 }).amount).toMatchObject({ yuan: 150_000 });
  });

  it("a threshold on another area (办公面积) than the one paid by stays quote-only", () => {
    const s = "对办公面积1000平方米以上的企业，按每平方米每月最高20元给予补贴";
    quoteOnly(`${s}。`, s);
  });
});

describe("per unit on an event that is counted", () => {

  it("获得授权后资助40000元/件: the count of granted patents is asked, not a separate 获得授权后 yes/no", () => {
    const c = compileText(real(DEV10, "申请美国、日本、欧盟发明专利，获得授权后资助40000元/件;") + "。");
    const rule = moneyRules(c)[0];
    const f = formula(rule, "perUnit");
    expect(leavesOf(rule)).toEqual([]);
    expect(yuanFor(rule, { [f.count]: 3 })).toBe(120_000);
    expect(statusFor(rule, { [f.count]: 0 })).toBe("ineligible");
  });

  it("a statement that is not the counted event (经认定为高新技术企业的) still conditions the award", () => {
    const c = compileText("经认定为高新技术企业的，获得授权后资助40000元/件。");
    const rule = moneyRules(c)[0];
    const f = formula(rule, "perUnit");
    const who = leavesOf(rule).find((l) => l.value === true);
    expect(who).toBeDefined();
    expect(statusFor(rule, { [f.count]: 3, [who!.fact]: false })).toBe("ineligible");
  });
});
