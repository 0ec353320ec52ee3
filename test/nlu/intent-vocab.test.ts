import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyIntent } from "../../server/nlu/intent.js";
import { INTENT_IDS, loadQuestionVocab, parseQuestionVocab } from "../../server/nlu/question-types.js";

/** The intent classifier's cue patterns, off-topic list and greeting are data in corpus/vocab/question-types.yaml. */

const file = new URL("../../corpus/vocab/question-types.yaml", import.meta.url);

describe("intents from corpus/vocab/question-types.yaml", () => {
  it("every intent has its pattern, in a precedence that names each once", () => {
    const v = loadQuestionVocab().intents!;
    expect([...v.precedence].sort()).toEqual([...INTENT_IDS].sort());
    for (const id of INTENT_IDS) expect(v.patterns[id].source).not.toBe("(?!)");
  });

  it("the classifier reads them: off-topic, greeting, validity before amount", () => {
    expect(classifyIntent("个人所得税专项附加扣除的标准是多少？").intent).toBe("out_of_scope");
    expect(classifyIntent("您好").intent).toBe("greeting");
    const r = classifyIntent("能拿多少？现在还有效吗？");
    expect(r.intent).toBe("validity");
    expect(r.secondary).toContain("how_much");
  });

  it("a broken intent pattern is refused with a Chinese message naming it", () => {
    const text = readFileSync(file, "utf8").replace(/^ {2}offTopic: '.*'$/m, "  offTopic: '(个税'");
    expect(() => parseQuestionVocab(text)).toThrow(/问题类型词表.*intents\.offTopic/);
  });
});
