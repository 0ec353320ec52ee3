import { describe, expect, it } from "vitest";
import { allOf, anyOf, evalCond, type CondResult } from "../../core/rules/conditions.js";
import { Cond } from "../../core/rules/schema.js";

const T: CondResult = { value: true, met: ["t"], failed: [], missing: [] };
const F: CondResult = { value: false, met: [], failed: ["f"], missing: [] };
const U: CondResult = { value: undefined, met: [], failed: [], missing: ["u"] };

describe("three-valued logic", () => {
  it.each([
    ["all(T,T)", allOf([T, T]).value, true],
    ["all(T,U)", allOf([T, U]).value, undefined],
    ["all(U,F)", allOf([U, F]).value, false],
    ["all(F,F)", allOf([F, F]).value, false],
    ["any(F,F)", anyOf([F, F]).value, false],
    ["any(F,U)", anyOf([F, U]).value, undefined],
    ["any(U,T)", anyOf([U, T]).value, true],
    ["any(T,F)", anyOf([T, F]).value, true],
  ])("%s", (_name, got, want) => expect(got).toBe(want));

  it("reports missing facts only while the result is unknown", () => {
    expect(allOf([T, U]).missing).toEqual(["u"]);
    expect(allOf([F, U]).missing).toEqual([]);
    expect(anyOf([T, U]).missing).toEqual([]);
    expect(anyOf([F, U]).missing).toEqual(["u"]);
  });
});

const leaf = (c: unknown) => Cond.parse(c);

describe("leaves and boundary words", () => {
  const growth = leaf({ fact: "avgGrowth3y", op: "gte", value: 20, word: "以上(含)", label: "近3年平均增速在20%以上（含）" });
  const revenue = leaf({ fact: "annualRevenue", op: "gt", value: 20000000, word: "突破", label: "年营业收入突破2000万元" });
  const trainees = leaf({ fact: "trainees", op: "gte", value: 300, word: "不少于", label: "年累计培训不少于300人" });

  it("以上(含) includes the number; 突破 does not", () => {
    expect(evalCond(growth, { avgGrowth3y: 20 }).value).toBe(true);
    expect(evalCond(revenue, { annualRevenue: 20000000 }).value).toBe(false);
    expect(evalCond(revenue, { annualRevenue: 20000000.01 }).value).toBe(true);
  });

  it("a missing fact is unknown, never 0 or false", () => {
    expect(evalCond(growth, {})).toEqual({ value: undefined, met: [], failed: [], missing: ["avgGrowth3y"] });
    expect(evalCond(leaf({ fact: "hostsPark", op: "eq", value: true, label: "建设园区" }), {}).value).toBeUndefined();
  });

  it("failures put the enterprise's value beside the threshold in the document's words", () => {
    expect(evalCond(growth, { avgGrowth3y: 18 }).failed[0]).toMatch(/^近3年平均增速18%，低于20%/);
    expect(evalCond(revenue, { annualRevenue: 15000000 }).failed[0]).toMatch(/^年营业收入1500万元，未突破2000万元/);
    expect(evalCond(trainees, { trainees: 280 }).failed[0]).toMatch(/^年累计培训人数280人，少于300人/);
    expect(evalCond(revenue, { annualRevenue: 15000000 }).failed[0]).toContain("需年营业收入突破2000万元");
  });

  it("in / notIn on text facts", () => {
    const kind = leaf({ fact: "entityKind", op: "in", value: ["高等院校", "科研机构"], label: "高校或科研机构" });
    expect(evalCond(kind, { entityKind: "科研机构" }).value).toBe(true);
    expect(evalCond(kind, { entityKind: "企业" }).failed[0]).toContain("申报主体类型为企业，不属于高等院校、科研机构");
    const not = leaf({ fact: "district", op: "notIn", value: ["西湖区"], label: "非西湖区" });
    expect(evalCond(not, { district: "余杭区" }).value).toBe(true);
  });

  it("a value of the wrong type is unknown rather than a guess", () => {
    expect(evalCond(growth, { avgGrowth3y: "二十" }).value).toBeUndefined();
  });

  it("an any that fails explains both routes", () => {
    const c = leaf({ any: [growth, revenue], label: "两类要求之一" });
    const r = evalCond(c, { avgGrowth3y: 10, annualRevenue: 100 });
    expect(r.value).toBe(false);
    expect(r.failed[0]).toContain("两类要求之一");
    expect(r.failed).toHaveLength(3);
  });
});
