import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FACT_EXAMPLES, FACTS, readFacts, valueSchemaOf } from "../../core/facts/registry.js";
import { extractFacts } from "../../server/nlu/extract.js";

// The examples are data (corpus/vocab/facts.yaml): each says what a user writes and the value it states.
const cases = [...FACT_EXAMPLES].flatMap(([key, list]) => list.map(([say, value]) => [key, say, value] as const));

describe("fact examples in corpus/vocab/facts.yaml", () => {
  it("most facts have examples", () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(FACT_EXAMPLES.size / FACTS.length).toBeGreaterThan(0.8);
  });

  it.each(cases)("%s: %s", (key, say, value) => {
    expect(valueSchemaOf(key)?.safeParse(value).success, "the example's value fits the fact's type").toBe(true);
    expect(extractFacts(say).facts[key]).toBe(value);
  });
});

describe("a malformed vocabulary file", () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), "vocab-")), "facts.yaml");
    writeFileSync(file, text);
    return file;
  };

  it("names the file, the fact and the field", () => {
    const file = write("groups: [项目与投入]\nfacts:\n  investment:\n    type: cash\n    group: 项目与投入\n    label: 投资额\n    question: 投资额是多少？\n");
    expect(() => readFacts(file)).toThrow(/facts\.yaml 有误[\s\S]*investment → type：应为 boolean/);
    const ungrouped = write("groups: [地区]\nfacts:\n  investment:\n    type: money\n    group: 项目与投入\n    label: 投资额\n    question: 投资额是多少？\n");
    expect(() => readFacts(ungrouped)).toThrow(/investment → group：分组“项目与投入”不在 groups 中/);
  });

  it("rejects a misspelt field, a missing one and a key that is not an identifier", () => {
    const misspelt = write("groups: [项目与投入]\nfacts:\n  investment:\n    type: money\n    group: 项目与投入\n    label: 投资额\n    qustion: 投资额是多少？\n");
    expect(() => readFacts(misspelt)).toThrow(/investment → question：缺少 question[\s\S]*未知的字段 qustion/);
    const chinese = write("groups: [项目与投入]\nfacts:\n  投资:\n    type: money\n    group: 项目与投入\n    label: 投资额\n    question: 投资额是多少？\n");
    expect(() => readFacts(chinese)).toThrow(/facts → 投资：事实的键应为字母开头的英文标识符/);
  });

  it("says when the file is not YAML", () => {
    expect(() => readFacts(write("facts: [\n"))).toThrow(/无法读取或不是合法的 YAML/);
  });

  it("reads a well-formed file", () => {
    const { facts, examples } = readFacts(write("groups: [项目与投入]\nfacts:\n  investment:\n    type: money\n    group: 项目与投入\n    label: 投资额\n    question: 投资额是多少？\n    examples:\n      投资500万: 5000000\n"));
    expect(facts).toEqual([{ key: "investment", type: "money", group: "项目与投入", label: "投资额", question: "投资额是多少？" }]);
    expect(examples.get("investment")).toEqual([["投资500万", 5000000]]);
  });
});
