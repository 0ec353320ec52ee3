import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRules, parseRuleFile, RuleLoadError } from "../../core/rules/load.js";

const ok = (id: string, extra = "") => `
  - id: ${id}
    docId: hangzhou-new-ecommerce-2022
    article: 一、（五）
    title: t
    quote: "对符合条件的新电商示范企业,给予不超过50万元的一次性奖励。"
    target: x
    amount: { kind: upTo, cap: 500000 }${extra}
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "rules-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleLoadError) return e.problems;
    throw e;
  }
  throw new Error("expected a RuleLoadError");
};

describe("loadRules", () => {
  it("loads and validates the real rule base", () => {
    const rules = loadRules();
    expect(rules.length).toBeGreaterThan(40);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it("names the file and the rule when a rule is invalid", () => {
    const p = problems(() => parseRuleFile(`rules:${ok("good")}${ok("bad-fact", "\n    conditions: { fact: noSuchFact, op: eq, value: true, label: x }")}`, "x.yaml"));
    expect(p[0]).toMatch(/^x\.yaml：规则 bad-fact：conditions/);
    expect(p[0]).toContain("unknown fact key");
  });

  it("reports YAML syntax errors with the file name", () => {
    expect(problems(() => parseRuleFile("rules: [", "broken.yaml"))[0]).toMatch(/^broken\.yaml：YAML/);
  });

  it("rejects duplicate ids across files", () => {
    const dir = dirWith({ "a.yaml": `rules:${ok("same")}`, "b.yaml": `rules:${ok("same")}` });
    expect(problems(() => loadRules(dir))).toEqual([expect.stringContaining("b.yaml：规则 same：编号重复（已见于 a.yaml）")]);
  });

  it("rejects references to rules that do not exist", () => {
    const dir = dirWith({ "a.yaml": `rules:${ok("r1", "\n    general: [missing-rule]")}` });
    expect(problems(() => loadRules(dir))[0]).toContain("missing-rule");
  });

  it("rejects unknown fields (strict schema)", () => {
    expect(problems(() => parseRuleFile(`rules:${ok("r", "\n    amout: 5")}`, "x.yaml"))[0]).toContain("规则 r");
  });
});
