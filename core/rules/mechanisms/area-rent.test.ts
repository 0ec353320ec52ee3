import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { areaRent, schema } from "./area-rent.js";

const AREA = "c:实际租用面积:平方米";
const RENT = "c:每平方米每月实际支付场租:元";
beforeAll(() =>
  registerFacts([
    { key: AREA, type: "count", unit: "平方米", label: "实际租用面积", question: "实际租用面积是多少（平方米）？", group: "条款事实", compiled: true },
    { key: RENT, type: "money", unit: "元", label: "每平方米每月实际支付场租", question: "每平方米每月实际支付场租是多少（元）？", group: "条款事实", compiled: true },
  ]),
);

describe("areaRent (每平方米每月最高20元，实际支付场租低于标准的按实际，补贴面积不超过500平方米，不超过3年)", () => {
  const f = () => schema.parse({ kind: "areaRent", area: AREA, unit: "平方米", price: 20, period: "月", rent: RENT, maxArea: 500, maxYears: 3 });

  it("pays area × standard × 12 a year, the area capped, for each year of the span", () => {
    const m = areaRent.compute(f(), { [AREA]: 300, [RENT]: 25 });
    expect(m.amount).toMatchObject({ yuan: 72000, text: "7.2万元/年，最长3年", basis: "300平方米 × 20元/平方米/月" });
    expect(m.amount!.schedule!.map((s) => s.yuan)).toEqual([72000, 72000, 72000]);
    expect(m.amount!.upTo).toBeUndefined();
    expect(areaRent.compute(f(), { [AREA]: 800, [RENT]: 30 }).amount).toMatchObject({ yuan: 120000, trace: expect.arrayContaining(["800平方米，按上限500平方米计"]) });
  });

  it("pays the actual rent when it is below the standard, and the standard as a ceiling when the rent is not stated", () => {
    expect(areaRent.compute(f(), { [AREA]: 100, [RENT]: 15 }).amount?.yuan).toBe(18000);
    expect(areaRent.compute(f(), { [AREA]: 100 }).amount).toMatchObject({ yuan: 24000, upTo: true });
  });

  it("asks for the area, and holds the yearly ceiling", () => {
    expect(areaRent.compute(f(), {}).missing).toEqual([AREA]);
    const capped = schema.parse({ kind: "areaRent", area: AREA, unit: "平方米", price: 40, period: "月", maxYears: 5, yearlyCap: 2_000_000 });
    expect(areaRent.compute(capped, { [AREA]: 10000 }).amount).toMatchObject({ yuan: 2_000_000 });
    expect(areaRent.compute(capped, { [AREA]: 0 }).zero).toBeDefined();
    const ceiling = schema.parse({ kind: "areaRent", area: AREA, unit: "平方米", price: 50, period: "月", upTo: true, maxYears: 3 });
    expect(areaRent.compute(ceiling, { [AREA]: 100 }).amount).toMatchObject({ yuan: 60000, upTo: true });
  });

  it("checks the standard, the area limit, the years and the ceilings against the quote", () => {
    expect(areaRent.numbers(f())).toEqual([
      { value: 20, dim: "money", where: "amount.price" },
      { value: 500, dim: "count", where: "amount.maxArea", unit: "平方米" },
      { value: 3, dim: "count", where: "amount.maxYears", unit: "年" },
    ]);
    expect(areaRent.facts(f())).toEqual([AREA, RENT]);
  });
});

describe("areaRent per head (人均不超过20平方米)", () => {
  const f = schema.parse({ kind: "areaRent", area: AREA, unit: "平方米", price: 15, period: "月", perHead: 20, heads: "c:员工人数:人", yearlyCap: 200000 });

  it("the area paid is at most heads × the per-head area; the heads are asked", () => {
    expect(areaRent.compute(f, { [AREA]: 700 }).missing).toEqual(["c:员工人数:人"]);
    expect(areaRent.compute(f, { [AREA]: 700, "c:员工人数:人": 25 }).amount!.trace[0]).toBe("人均不超过20平方米：25人 × 20平方米 = 500平方米");
    expect(areaRent.compute(f, { [AREA]: 700, "c:员工人数:人": 25 }).amount?.yuan).toBe(90000);
    expect(areaRent.compute(f, { [AREA]: 300, "c:员工人数:人": 25 }).amount?.yuan).toBe(54000);
    expect(areaRent.numbers(f).map((n) => n.where)).toContain("amount.perHead");
  });
});
