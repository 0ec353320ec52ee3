import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { perUnit, schema } from "./per-unit.js";

describe("perUnit (每件0.3元，每个网点每年最多3万元)", () => {
  const f = schema.parse({ kind: "perUnit", count: "ruralParcels", unit: "件", amount: 0.3, yearlyCap: 30000, maxYears: 3, perEach: "ruralOutlets", eachUnit: "个网点" });

  it("applies the yearly cap per outlet, then multiplies by the outlets", () => {
    expect(perUnit.compute(f, { ruralParcels: 200000, ruralOutlets: 3 }).amount).toEqual({
      yuan: 90000,
      text: "9万元/年，最长不超过3年",
      basis: "200000件 × 0.3元/件",
      trace: ["200000件 × 0.3元/件 = 6万元", "每个网点每年上限3万元 → 3万元", "3万元 × 3个网点 = 9万元", "最长不超过3年"],
    });
    expect(perUnit.compute(f, { ruralParcels: 1000, ruralOutlets: 0 }).zero).toContain("为0个");
  });

  it("a missing count is asked for, with the yearly cap as the ceiling", () => {
    expect(perUnit.compute(f, {})).toMatchObject({ missing: ["ruralParcels"], amount: { text: "0.3元/件，每年不超过3万元，最长不超过3年", min: 0, max: 30000 } });
  });

  it("a fractional count of outlets is counted whole, never a crash", () => {
    expect(perUnit.compute(f, { ruralOutlets: 2.5 })).toMatchObject({ missing: ["ruralParcels"], amount: { max: 60000 } });
    expect(perUnit.compute(f, { ruralParcels: 200000, ruralOutlets: 2.5 }).amount?.yuan).toBe(60000);
  });

  it("a cumulative cap holds after the count", () => {
    const a = perUnit.compute(schema.parse({ kind: "perUnit", count: "lockers", unit: "台", amount: 5000, totalCap: 20000 }), { lockers: 6 }).amount;
    expect(a).toMatchObject({ yuan: 20000, trace: ["6台 × 5000元/台 = 3万元", "累计上限2万元"] });
  });

  it("checks sums and the span, and reads count, price and the per-each count", () => {
    expect(perUnit.numbers(f)).toEqual([
      { value: 0.3, dim: "money", where: "amount.amount" },
      { value: 30000, dim: "money", where: "amount.yearlyCap" },
      { value: 3, dim: "count", where: "amount.maxYears", unit: "年" },
    ]);
    expect(perUnit.facts(f)).toEqual(["ruralParcels", "ruralOutlets"]);
    expect(perUnit.facts(schema.parse({ kind: "perUnit", count: "lockers", unit: "台", rate: 30, price: "lockerPrice" }))).toEqual(["lockers", "lockerPrice"]);
  });
});

describe("perUnit with a count limit (前5件额外给予2000元/件)", () => {
  const PATENTS = "c:首次申请发明专利:件";
  beforeAll(() => registerFacts([{ key: PATENTS, type: "count", unit: "件", label: "首次申请发明专利", question: "首次申请发明专利有多少件？", group: "条款事实", compiled: true }]));
  const f = () => schema.parse({ kind: "perUnit", count: PATENTS, unit: "件", amount: 2000, maxUnits: 5 });

  it("pays only up to the limit, and says so", () => {
    expect(perUnit.compute(f(), { [PATENTS]: 8 }).amount).toMatchObject({ yuan: 10000, basis: "5件 × 2000元/件", trace: ["8件，以5件为限", "5件 × 2000元/件 = 1万元"] });
    expect(perUnit.compute(f(), { [PATENTS]: 3 }).amount?.yuan).toBe(6000);
    expect(perUnit.compute(f(), {}).amount?.text).toBe("2000元/件，以5件为限");
  });

  it("checks the limit as a count in the quote", () => {
    expect(perUnit.numbers(f())).toContainEqual({ value: 5, dim: "count", where: "amount.maxUnits", unit: "件" });
  });
});

describe("perUnit share and person limits", () => {
  it("每培训1人2000元，比例限定在企业员工总数的15%以内: units paid are a whole share of the other count", () => {
    const f = schema.parse({ kind: "perUnit", count: "c:培训人数:人", unit: "人", amount: 2000, yearlyCap: 100000, shareOf: "c:企业员工总数:人", sharePercent: 15 });
    expect(perUnit.compute(f, { "c:培训人数:人": 40 }).missing).toEqual(["c:企业员工总数:人"]);
    expect(perUnit.compute(f, { "c:培训人数:人": 40, "c:企业员工总数:人": 210 }).amount?.yuan).toBe(62000);
    expect(perUnit.compute(f, { "c:培训人数:人": 5, "c:企业员工总数:人": 6 }).zero).toBeDefined();
    expect(perUnit.numbers(f).map((n) => n.where)).toContain("amount.sharePercent");
    expect(perUnit.facts(f)).toEqual(["c:培训人数:人", "c:企业员工总数:人"]);
  });

  it("同一个人（指自然人）…不超过5件: the limit binds only when the yes/no fact holds", () => {
    const f = schema.parse({ kind: "perUnit", count: "c:授权件数:件", unit: "件", amount: 12000, maxUnits: 5, maxUnitsFor: "c:自然人申请:是否" });
    expect(perUnit.compute(f, { "c:授权件数:件": 8, "c:自然人申请:是否": true }).amount?.yuan).toBe(60000);
    expect(perUnit.compute(f, { "c:授权件数:件": 8, "c:自然人申请:是否": false }).amount?.yuan).toBe(96000);
    expect(perUnit.compute(f, { "c:授权件数:件": 8 }).amount?.yuan).toBe(96000);
    expect(perUnit.facts(f)).toContain("c:自然人申请:是否");
  });
});
