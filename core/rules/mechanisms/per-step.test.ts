import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { perStep, schema } from "./per-step.js";

const VISITORS = "c:游客人数:人";
beforeAll(() => registerFacts([{ key: VISITORS, type: "count", unit: "人", label: "游客人数", question: "游客人数是多少（人）？", group: "条款事实", compiled: true }]));

describe("perStep (每满一万人奖励一万元，最高5万元)", () => {
  const f = schema.parse({ kind: "perStep", base: VISITORS, step: 10000, amount: 10000, cap: 50000 });

  it("only whole steps count, and the cap holds", () => {
    expect(perStep.compute(f, { [VISITORS]: 35000 }).amount).toEqual({ yuan: 30000, text: "3万元", basis: "3 × 1万元", trace: ["游客人数35000人，满3个10000人 → 3 × 1万元 = 3万元"] });
    expect(perStep.compute(f, { [VISITORS]: 80000 }).amount).toMatchObject({ yuan: 50000, trace: ["游客人数80000人，满8个10000人 → 8 × 1万元 = 8万元；上限5万元"] });
    expect(perStep.compute(f, { [VISITORS]: 9999 }).zero).toBe("游客人数为9999人，无可计算的补助");
    expect(perStep.compute(f, {})).toMatchObject({ missing: [VISITORS], amount: { min: 0, max: 50000 } });
  });

  it("checks the step in the base's unit, the amount and the cap; reads the base", () => {
    expect(perStep.numbers(f)).toEqual([
      { value: 10000, dim: "count", where: "amount.step" },
      { value: 10000, dim: "money", where: "amount.amount" },
      { value: 50000, dim: "money", where: "amount.cap" },
    ]);
    expect(perStep.facts(f)).toEqual([VISITORS]);
  });
});

describe("perStep above a threshold (超过1.7亿元的，每超过1亿元给予100万元)", () => {
  const CAPITAL = "c:到位注册资本:元";
  beforeAll(() => registerFacts([{ key: CAPITAL, type: "money", unit: "元", label: "到位注册资本", question: "到位注册资本是多少（元）？", group: "条款事实", compiled: true }]));
  const f = schema.parse({ kind: "perStep", base: CAPITAL, step: 100_000_000, amount: 1_000_000, from: 170_000_000 });

  it("steps only the part above the threshold", () => {
    expect(perStep.compute(f, { [CAPITAL]: 370_000_000 }).amount).toMatchObject({ yuan: 2_000_000, basis: "2 × 100万元" });
    expect(perStep.compute(f, { [CAPITAL]: 369_000_000 }).amount?.yuan).toBe(1_000_000);
    expect(perStep.compute(f, { [CAPITAL]: 250_000_000 }).zero).toBeDefined();
    expect(perStep.compute(f, { [CAPITAL]: 100_000_000 }).zero).toBeDefined();
    expect(perStep.compute(f, {}).amount?.text).toContain("超过");
  });

  it("checks the threshold as a number of the base's unit", () => {
    expect(perStep.numbers(f)).toContainEqual({ value: 170_000_000, dim: "money", where: "amount.from" });
  });
});
