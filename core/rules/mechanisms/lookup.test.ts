import { beforeAll, describe, expect, it } from "vitest";
import { registerFacts } from "../../facts/registry.js";
import { lookup, schema } from "./lookup.js";

const GRADE = "c:景区等级:类别";
beforeAll(() => registerFacts([{ key: GRADE, type: "text", label: "景区等级", question: "景区等级是哪一级？", group: "条款事实", compiled: true }]));

describe("lookup (国家3A、4A、5A级…分别给予10万元、50万元、100万元)", () => {
  const f = schema.parse({ kind: "lookup", fact: GRADE, options: [{ value: "3A", amount: 100000 }, { value: "4A", amount: 500000 }, { value: "5A", amount: 1000000 }] });

  it("the stated category picks its amount", () => {
    expect(lookup.compute(f, { [GRADE]: "4A" })).toEqual({ missing: [], amount: { yuan: 500000, text: "50万元", basis: "4A", trace: ["景区等级为“4A” → 50万元"] } });
  });

  it("an unknown category shows the table and asks for it", () => {
    expect(lookup.compute(f, {})).toMatchObject({ missing: [GRADE], amount: { text: "3A：10万元；4A：50万元；5A：100万元", min: 100000, max: 1000000 } });
  });

  it("checks every option's amount; reads the category", () => {
    expect(lookup.numbers(f).map((n) => `${n.where}=${n.value}`)).toEqual(["amount.options[0].amount=100000", "amount.options[1].amount=500000", "amount.options[2].amount=1000000"]);
    expect(lookup.facts(f)).toEqual([GRADE]);
  });
});
