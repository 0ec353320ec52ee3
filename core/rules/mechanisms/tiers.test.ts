import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { schema, tiers } from "./tiers.js";

const USD = "c:实到外资:美元";
beforeAll(() => registerFacts([{ key: USD, type: "usd", label: "实到外资", question: "实到外资是多少（美元）？", group: "条款事实", compiled: true }]));

describe("tiers (300万美元、500万美元、1000万美元以上分别奖励2万元、3万元、5万元)", () => {
  const f = schema.parse({ kind: "tiers", base: USD, tiers: [{ from: 3000000, amount: 20000 }, { from: 5000000, amount: 30000 }, { from: 10000000, amount: 50000 }] });

  it("pays the highest band reached; a boundary value belongs to the band it opens", () => {
    expect(tiers.compute(f, { [USD]: 5000000 }).amount).toMatchObject({ yuan: 30000, trace: ["实到外资500万美元，属于“500万美元（含）以上”档 → 3万元"] });
    expect(tiers.compute(f, { [USD]: 12000000 }).amount?.yuan).toBe(50000);
    expect(tiers.compute(f, { [USD]: 2000000 }).zero).toBe("实到外资为200万美元，未达到最低档（300万美元（含）以上）");
  });

  it("an unknown base shows the table and the range of its fixed amounts", () => {
    expect(tiers.compute(f, {})).toMatchObject({ missing: [USD], amount: { min: 20000, max: 50000, trace: ["300万美元（含）以上：2万元", "500万美元（含）以上：3万元", "1000万美元（含）以上：5万元"] } });
  });

  it("5000万元(含)至1亿元 is half-open, and 最高 marks a ceiling", () => {
    const b = schema.parse({ kind: "tiers", base: "investment", tiers: [{ from: 50000000, to: 100000000, amount: 6000000 }, { from: 100000000, amount: 10000000 }], upTo: true });
    expect(tiers.compute(b, { investment: 60000000 }).amount).toMatchObject({ yuan: 6000000, text: "最高600万元", upTo: true });
    expect(tiers.compute(b, { investment: 100000000 }).amount?.yuan).toBe(10000000);
  });

  it("banded rates apply to the rate base, capped", () => {
    const r = schema.parse({ kind: "tiers", base: "investment", tiers: [{ to: 10000000, rate: 5 }, { from: 10000000, rate: 8 }], cap: 1000000 });
    expect(tiers.compute(r, { investment: 5000000 }).amount).toMatchObject({ yuan: 250000, trace: ["实际投资（投入）额500万元，属于“1000万元（不含）以下”档，比例5%", "500万元 × 5% = 25万元"] });
    expect(tiers.compute(r, { investment: 20000000 }).amount?.trace[1]).toBe("2000万元 × 8% = 160万元；超过上限100万元，按100万元计");
    const other = schema.parse({ kind: "tiers", base: "investment", rateBase: "contractAmount", tiers: [{ from: 1000000, rate: 5 }] });
    expect(tiers.compute(other, { investment: 2000000 }).missing).toEqual(["contractAmount"]);
    expect(tiers.compute(other, { investment: 2000000, contractAmount: 400000 }).amount?.yuan).toBe(20000);
  });

  it("checks bounds in the base's unit, amounts, rates and cap; reads the rate base only when a band has a rate", () => {
    expect(tiers.numbers(f).filter((n) => n.where.endsWith("from")).map((n) => n.dim)).toEqual(["usd", "usd", "usd"]);
    expect(tiers.numbers(f).filter((n) => n.dim === "money").map((n) => n.value)).toEqual([20000, 30000, 50000]);
    expect(tiers.facts(f)).toEqual([USD]);
    expect(tiers.facts(schema.parse({ kind: "tiers", base: "investment", rateBase: "contractAmount", tiers: [{ from: 1000000, rate: 5 }] }))).toEqual(["investment", "contractAmount"]);
    expect(tiers.facts(schema.parse({ kind: "tiers", base: "investment", rateBase: "contractAmount", tiers: [{ from: 1000000, amount: 5 }] }))).toEqual(["investment"]);
  });
});
