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
