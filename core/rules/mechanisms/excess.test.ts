import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { excess, schema } from "./excess.js";

const GROWTH = "c:年产值增长额:元";
beforeAll(() => registerFacts([{ key: GROWTH, type: "money", label: "年产值增长额", question: "年产值同比增长了多少（元）？", group: "条款事实", compiled: true }]));

describe("excess (增长超过1000万元的，给予超出额0.5%的奖励，最高不超过20万元)", () => {
  const f = schema.parse({ kind: "excess", base: GROWTH, threshold: 10000000, rate: 0.5, cap: 200000 });

  it("only the part above the threshold counts, capped", () => {
    expect(excess.compute(f, { [GROWTH]: 30000000 }).amount).toEqual({
      yuan: 100000, text: "10万元", basis: "(3000万元 − 1000万元) × 0.5%", trace: ["年产值增长额超出1000万元的部分2000万元 × 0.5% = 10万元"],
    });
    expect(excess.compute(f, { [GROWTH]: 100000000 }).amount).toMatchObject({ yuan: 200000, trace: ["年产值增长额超出1000万元的部分9000万元 × 0.5% = 45万元；上限20万元"] });
  });

  it("at or below the threshold nothing is due; unknown, it is asked for", () => {
    expect(excess.compute(f, { [GROWTH]: 10000000 }).zero).toBe("年产值增长额为1000万元，无可计算的补助");
    expect(excess.compute(f, {})).toMatchObject({ missing: [GROWTH], amount: { text: "超过1000万元部分的0.5%，最高20万元", min: 0, max: 200000 } });
  });

  it("checks threshold, rate and cap; reads the base", () => {
    expect(excess.numbers(f).map((n) => `${n.where}:${n.dim}:${n.value}`)).toEqual(["amount.threshold:money:10000000", "amount.rate:percent:0.5", "amount.cap:money:200000"]);
    expect(excess.facts(f)).toEqual([GROWTH]);
  });
});
