import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { marginal, schema } from "./marginal.js";

const INVEST = "c:单笔投资额:元";
beforeAll(() => registerFacts([{ key: INVEST, type: "money", label: "单笔投资额", question: "单笔投资额是多少（万元）？", group: "条款事实", compiled: true }]));

describe("marginal (500万元（含）以下的部分按4%；超过500万元不超过1000万元（含）的部分按2%；…3000万元以上的部分按1%)", () => {
  const f = schema.parse({
    kind: "marginal",
    base: INVEST,
    bands: [{ to: 5000000, rate: 4 }, { from: 5000000, to: 10000000, rate: 2 }, { from: 10000000, to: 30000000, rate: 1.5 }, { from: 30000000, rate: 1 }],
    cap: 1000000,
  });

  it("each band's rate applies only to the part of the base inside it", () => {
    expect(marginal.compute(f, { [INVEST]: 3000000 }).amount).toMatchObject({ yuan: 120000, trace: ["0元至500万元的部分300万元 × 4% = 12万元", "合计12万元"] });
    expect(marginal.compute(f, { [INVEST]: 8000000 }).amount).toMatchObject({
      yuan: 260000,
      trace: ["0元至500万元的部分500万元 × 4% = 20万元", "500万元至1000万元的部分300万元 × 2% = 6万元", "合计26万元"],
    });
    // 20 + 10 + 30 = 60万元, then 1% of the 2000万元 above 3000万元 = 20万元 → 80万元.
    expect(marginal.compute(f, { [INVEST]: 50000000 }).amount?.yuan).toBe(800000);
  });

  it("the ceiling binds; at the band edge the lower band's rate holds", () => {
    expect(marginal.compute(f, { [INVEST]: 100000000 }).amount).toMatchObject({ yuan: 1000000 });
    expect(marginal.compute(f, { [INVEST]: 100000000 }).amount!.trace.at(-1)).toBe("合计130万元，超过上限100万元，按100万元计");
    expect(marginal.compute(f, { [INVEST]: 5000000 }).amount?.yuan).toBe(200000);
  });

  it("unknown base is asked for, with the ladder and the ceiling shown", () => {
    expect(marginal.compute(f, {})).toMatchObject({ missing: [INVEST], amount: { min: 0, max: 1000000 } });
    expect(marginal.compute(f, {}).amount!.text).toContain("500万元以下的部分4%");
    expect(marginal.compute(f, { [INVEST]: 0 }).zero).toBeDefined();
  });

  it("refuses bands that leave a gap or overlap, and reports every number for provenance", () => {
    expect(schema.safeParse({ kind: "marginal", base: INVEST, bands: [{ to: 5000000, rate: 4 }, { from: 6000000, rate: 2 }] }).success).toBe(false);
    expect(schema.safeParse({ kind: "marginal", base: INVEST, bands: [{ from: 1, to: 5000000, rate: 4 }, { from: 5000000, rate: 2 }] }).success).toBe(false);
    expect(marginal.numbers(f).map((n) => `${n.where}:${n.dim}:${n.value}`)).toContain("amount.bands[1].from:money:5000000");
    expect(marginal.facts(f)).toEqual([INVEST]);
  });
});

describe("marginal per unit (招用3人以下的按每人2000元…4人以上的每增加1人给予3000元)", () => {
  const HIRED = "c:招用人数:人";
  const g = schema.parse({ kind: "marginal", base: HIRED, unit: "人", bands: [{ to: 3, each: 2000 }, { from: 3, each: 3000 }], cap: 30000 });

  it("pays each head at its band's sum, the whole held at the ceiling", () => {
    expect(marginal.compute(g, { [HIRED]: 3 }).amount?.yuan).toBe(6000);
    expect(marginal.compute(g, { [HIRED]: 5 }).amount).toMatchObject({ yuan: 12000, trace: ["第1至3人：3人 × 2000元 = 6000元", "第4至5人：2人 × 3000元 = 6000元", "合计1.2万元"] });
    expect(marginal.compute(g, { [HIRED]: 30 }).amount?.yuan).toBe(30000);
    expect(marginal.compute(g, { [HIRED]: 0 }).zero).toBeDefined();
  });

  it("refuses a band with both a rate and a sum, or bands of both kinds; reports the sums for provenance", () => {
    expect(schema.safeParse({ kind: "marginal", base: HIRED, bands: [{ to: 3, each: 2000, rate: 5 }, { from: 3, each: 3000 }] }).success).toBe(false);
    expect(schema.safeParse({ kind: "marginal", base: HIRED, bands: [{ to: 3, each: 2000 }, { from: 3, rate: 5 }] }).success).toBe(false);
    expect(marginal.numbers(g).map((n) => `${n.where}:${n.value}`)).toEqual(expect.arrayContaining(["amount.bands[0].each:2000", "amount.bands[1].each:3000", "amount.cap:30000"]));
  });
});
