import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CUES, readLexicon, STATEMENTS } from "../../server/nlu/lexicon.js";
import { expandPattern, unboundedReason } from "../../core/vocab.js";

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "lexicon-")), "lexicon.yaml");
  writeFileSync(file, text);
  return file;
};

describe("lexicon patterns", () => {
  it.each(["(?:a+)+", "(?:ab*)*", "(?:x(?:a|b)?){2,}", `(?:${expandPattern("{W:4}")}b)*`, "(a{1,3}){2}"])("rejects the nested quantifier in %s", (src) => {
    expect(unboundedReason(src)).toMatch(/又被重复/);
  });

  it.each(["(?:a|b)+", "(?:ab)?c*", "(?:a?)?", "[(+*]+(?:x)", "\\(a+\\)+", "(?<![提升拔])高企(?!业)", expandPattern("纳入{W:4}(?:国家统计局)?{W}{1,6}?")])("accepts the bounded %s", (src) => {
    expect(unboundedReason(src)).toBeUndefined();
  });

  it("expands the clause placeholders", () => {
    expect(expandPattern("登峰{W:10}立项{W}")).toBe("登峰[^，,。；;！？!?\\n]{0,10}?立项[^，,。；;！？!?\\n]");
  });

  it("the shipped lexicon loads: statements, cues and the growth cue's window", () => {
    expect(STATEMENTS.length).toBeGreaterThan(50);
    const growth = CUES.find((c) => c.pattern.test("近3年平均增速"))!;
    const keysFor = (text: string) => growth.facts(growth.pattern.exec(text)!).map((f) => f.key);
    expect(keysFor("近3年平均增速")).toEqual(["avgGrowth3y"]);
    expect(keysFor("近两年年均增长")).toEqual(["avgGrowth2y"]);
    expect(keysFor("近5年平均增速")).toEqual([]);
  });
});

describe("a malformed lexicon file", () => {
  const base = (over: string) => `statements: []\ncues: []\ntopics: []\n${over}`;

  it("names the entry of an unknown fact, an unknown unit and an unbounded pattern", () => {
    const file = write(
      "statements:\n  - sets: { isHighTeck: true }\n    pattern: 高新技术企业\ncues:\n  - pattern: 投资额\n    facts:\n      - { key: investment, accepts: cash }\ntopics:\n  - key: lockers\n    accepts: count(台)\n    topic: (?:外卖柜+)+\n",
    );
    const err = () => readLexicon(file);
    expect(err).toThrow(/lexicon\.yaml 有误/);
    expect(err).toThrow(/statements → 第1项 → sets → isHighTeck：未知的事实 isHighTeck/);
    expect(err).toThrow(/cues → 第1项 → facts → 第1项 → accepts：无法识别的 accepts：cash/);
    expect(err).toThrow(/topics → 第1项 → topic：模式可能回溯失控/);
  });

  it("says when a regex does not compile", () => {
    expect(() => readLexicon(write(base("").replace("statements: []", "statements:\n  - sets: { isGazelle: true }\n    pattern: 瞪羚(?:企业\n")))).toThrow(/statements → 第1项 → pattern：正则无法编译/);
  });

  it("reads a well-formed file, alternatives joined", () => {
    const lex = readLexicon(write("statements:\n  - sets: { isGazelle: true }\n    pattern: [瞪羚企业, 瞪羚]\ncues:\n  - pattern: 外卖柜\n    facts:\n      - { key: lockers, accepts: count(台、个) }\n      - { key: lockerPrice, accepts: rate(台) }\ntopics: []\n"));
    expect(lex.statements[0].pattern.source).toBe("瞪羚企业|瞪羚");
    const [lockers, price] = lex.cues[0].facts(lex.cues[0].pattern.exec("外卖柜")!);
    const q = { value: 4, raw: "4台", start: 0, end: 2 };
    expect(lockers.accepts({ ...q, unit: "count", measure: "台" })).toBe(true);
    expect(lockers.accepts({ ...q, unit: "count", measure: "件" })).toBe(false);
    expect(price.accepts({ ...q, unit: "yuan", perUnit: true, measure: "台" })).toBe(true);
    expect(price.accepts({ ...q, unit: "yuan" })).toBe(false);
  });
});
