import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRuleFile, loadRules } from "../../core/rules/load.js";
import { checkRule, checkRuleBase, numbersOf } from "../../core/rules/provenance.js";
import { quoteQuantities } from "../../core/rules/quantities.js";
import { Rule } from "../../core/rules/schema.js";
import { sourceTexts } from "./fixtures/sources.js";

const rules = loadRules();
const sources = sourceTexts();
const broken = parseRuleFile(readFileSync(fileURLToPath(new URL("./fixtures/broken-rule.yaml", import.meta.url)), "utf8"), "broken-rule.yaml");
const byId = (id: string) => broken.find((r) => r.id === id)!;

describe("every rule against its source document", () => {
  it("finds a source for every document the rules cite", () => {
    for (const r of rules) expect(sources.has(r.docId), r.docId).toBe(true);
  });
  for (const rule of rules) {
    it(`${rule.id}: quote verbatim in ${rule.docId}, every number written in the quote`, () => {
      expect(checkRule(rule, sources.get(rule.docId)!)).toEqual([]);
    });
  }
});

describe("checkRule refuses unfaithful rules", () => {
  const hz = () => sources.get("hangzhou-new-ecommerce-2022")!;

  it("names the rule and the number that is not in the quote (600万元 vs 500万元)", () => {
    const errors = checkRule(byId("hz-ecom-attract-broken"), hz());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("规则 hz-ecom-attract-broken");
    expect(errors[0]).toContain("数值 6000000（600万元）未出现在引文中 / number not in quote");
  });

  it("refuses a paraphrased quote", () => {
    const errors = checkRule(byId("hz-ecom-paraphrased"), hz());
    expect(errors.some((e) => e.includes("引文未逐字出现") && e.includes("hz-ecom-paraphrased"))).toBe(true);
  });

  it("refuses a threshold the quote does not write (40件 vs 50件)", () => {
    const errors = checkRule(byId("sz-threshold-wrong"), sources.get("suzhou-dengfeng-2021")!);
    expect(errors).toEqual([expect.stringContaining("数值 40（40件）未出现在引文中")]);
  });

  it("compares after stripping whitespace only, nothing else", () => {
    const r = rules.find((x) => x.id === "hz-ecom-demo")!;
    expect(checkRule(r, "对符合条件的新电商示范企业,\n  给予不超过50万元的一次性奖励。")).toEqual([]);
    // Full-width comma where the source has a half-width one: not the same text.
    expect(checkRule(r, "对符合条件的新电商示范企业，给予不超过50万元的一次性奖励。")).toHaveLength(1);
  });

  it("a number must match in kind: 20 (percent) is not 20万元", () => {
    const r = Rule.parse({ ...rules.find((x) => x.id === "hz-ecom-three-same")!, amount: { kind: "rate", base: "investment", rate: 20 } });
    expect(checkRule(r, r.quote)).toEqual([expect.stringContaining("数值 20（20%）")]);
  });
});

describe("checkRuleBase", () => {
  const demo = rules.find((r) => r.id === "hz-ecom-demo")!;

  it("reports an unknown clause", () => {
    expect(checkRuleBase([demo], () => undefined)).toContainEqual(expect.stringContaining("规则 hz-ecom-demo：条款 hangzhou-new-ecommerce-2022:一、（五） 不存在"));
  });

  it("looks clauses up by clauseIdOf(docId, article)", () => {
    const seen: string[] = [];
    checkRuleBase([demo], (id) => (seen.push(id), demo.quote));
    expect(seen).toEqual(["hangzhou-new-ecommerce-2022:一、（五）"]);
  });

  it("reports duplicate ids and unknown references", () => {
    const dangling = Rule.parse({ ...demo, id: "x-ref", general: ["no-such-rule"] });
    const errors = checkRuleBase([demo, demo, dangling], () => demo.quote);
    expect(errors.some((e) => e.includes("规则编号重复"))).toBe(true);
    expect(errors.some((e) => e.includes("no-such-rule"))).toBe(true);
  });

  it("passes the real rule base against the source documents (by document, until ingest supplies clauses)", () => {
    // Every clause id resolves to its document's text here; ingest will pass real clause text.
    expect(checkRuleBase(rules, (id) => sources.get(id.split(":")[0]))).toEqual([]);
  });
});

describe("numbersOf", () => {
  const ids = (id: string) => numbersOf(rules.find((r) => r.id === id)!).map((n) => `${n.dim}:${n.value}`);
  it("collects thresholds, rates, caps, periods", () => {
    expect(ids("hz-ecom-attract")).toEqual(["percent:20", "count:3", "money:5000000"]);
    expect(ids("hz-ecom-scale-up")).toEqual(["money:20000000", "percent:20", "money:1000000"]);
    expect(ids("hz-ecom-expo-booth")).toEqual(["percent:70", "count:6"]);
    expect(ids("hz-ecom-village-outlet")).toEqual(["money:50000", "money:20000", "count:3"]);
    expect(ids("sz-dengfeng-funding")).toEqual(["money:300000", "money:700000", "money:1000000", "percent:200"]);
    expect(ids("hz-ecom-cost-share")).toEqual(["percent:75", "percent:25", "percent:50", "percent:50"]);
    expect(ids("sz-dengfeng-ip")).toContain("count:3");
  });
});

describe("quoteQuantities", () => {
  const q = (s: string) => quoteQuantities(s).map((x) => `${x.dim}:${x.value}`);
  it.each([
    ["500万元", "money:5000000"],
    ["1亿元", "money:100000000"],
    ["0.5亿元", "money:50000000"],
    ["20%以上(含)", "percent:20"],
    ["最长不超过3年", "count:3"],
    ["设立三年以上", "count:3"],
    ["满足以下两类要求之一", "count:2"],
    ["不超过6个标准展位", "count:6"],
    ["服务电商企业50家以上", "count:50"],
    ["按照0.3元/件的标准", "money:0.3"],
    ["给予5000元/台的补贴", "money:5000"],
    ["不少于政府财政投入的200%", "percent:200"],
    ["给予每个10万元的补贴", "money:100000"],
    ["5%左右", "percent:5"],
  ])("%s → %s", (text, expected) => {
    expect(q(text)).toContain(expected);
  });
  it("does not read calendar years as thresholds", () => {
    expect(q("2022年7月1日")).toEqual([]);
  });
});
