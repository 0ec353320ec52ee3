import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { rate, schema } from "./rate.js";

const USD = "c:实到外资:美元";
beforeAll(() => registerFacts([{ key: USD, type: "usd", label: "实到外资", question: "实到外资是多少（美元）？", group: "条款事实", compiled: true }]));

describe("rate (按实际投资额的20%，不超过500万元)", () => {
  it("caps the product and says so in the trace", () => {
    const f = schema.parse({ kind: "rate", base: "investment", rate: 20, cap: 5000000 });
    expect(rate.compute(f, { investment: 30000000 }).amount).toEqual({ yuan: 5000000, text: "500万元", basis: "3000万元 × 20%", trace: ["3000万元 × 20% = 600万元；超过上限500万元，按500万元计"] });
  });

  it("按不超过…的30%: the rate is a ceiling, so the amount is one too", () => {
    const a = rate.compute(schema.parse({ kind: "rate", base: "investment", rate: 30, upTo: true }), { investment: 1000000 }).amount;
    expect(a).toMatchObject({ yuan: 300000, text: "最高30万元", upTo: true, trace: ["100万元 × 30%（比例上限） = 30万元"] });
  });

  it("a 美元 base is never taken as 元: it asks for the exchange rate, then converts first", () => {
    const f = schema.parse({ kind: "rate", base: USD, rate: 0.4, cap: 1000000, fx: "usdRate" });
    expect(rate.compute(f, {}).missing).toEqual([USD]);
    const asked = rate.compute(f, { [USD]: 5000000 });
    expect(asked.missing).toEqual(["usdRate"]);
    expect(asked.amount).toMatchObject({ text: "按实到外资的0.4%折合人民币，不超过100万元", min: 0, max: 1000000 });
    expect(rate.compute(f, { [USD]: 5000000, usdRate: 7.1 }).amount).toMatchObject({ yuan: 142000, trace: ["500万美元 × 7.1 = 3550万元；3550万元 × 0.4% = 14.2万元"] });
  });

  it("checks rate and cap, and reads the base and the exchange rate", () => {
    const f = schema.parse({ kind: "rate", base: USD, rate: 0.4, cap: 1000000, fx: "usdRate" });
    expect(rate.numbers(f)).toEqual([
      { value: 0.4, dim: "percent", where: "amount.rate" },
      { value: 1000000, dim: "money", where: "amount.cap" },
    ]);
    expect(rate.facts(f)).toEqual([USD, "usdRate"]);
  });
});
