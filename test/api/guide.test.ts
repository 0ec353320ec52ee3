import { describe, expect, it } from "vitest";
import { askedTopic, isVague } from "../../server/chat/guide.js";
import { loadQuestionVocab } from "../../server/nlu/question-types.js";
import { serverForSuite, startServer } from "../helpers/server.js";
import { askOnce } from "../helpers/chat.js";

/**
 * A question that names no subject is guided (the place's policies in force first, one line each, one
 * question back); a question whose subject no document covers is refused, naming that subject.
 */

const vocab = loadQuestionVocab();

describe("what a question names", () => {
  it("vague: who asks, where, and which policies there are, nothing more", () => {
    expect(isVague("我们公司能申请什么补贴？", [], vocab)).toBe(true);
    expect(isVague("我是苏州的企业，有什么政策？", ["苏州", "苏州市"], vocab)).toBe(true);
    expect(isVague("请问一下企业能享受哪些扶持政策", [], vocab)).toBe(true);
    // A subject said is not vague, however it is asked.
    expect(isVague("我们是苏州的企业，登峰计划有什么支持？", ["苏州"], vocab)).toBe(false);
    expect(isVague("鹿城区对养老机构有什么补助？", ["鹿城区", "鹿城"], vocab)).toBe(false);
    expect(isVague("我们公司实缴注册资本2亿元，能拿多少？", [], vocab)).toBe(false);
  });

  it("the subject of an uncovered question, for the refusal to name", () => {
    expect(askedTopic("我们公司想申请社保补贴，有什么规定？", [], vocab)).toBe("社保补贴");
    expect(askedTopic("广州南沙区的企业招用应届高校毕业生，能领多少社保补贴？", ["广州", "南沙区"], vocab)).toBe("社保补贴");
    expect(askedTopic("成都市对企业吸纳退役军人就业有什么补贴或税收减免？", ["成都市"], vocab)).toBe("税收减免");
    expect(askedTopic("鹿城区对养老机构有什么补助？", ["鹿城区"], vocab)).toBe("养老机构");
  });
});

describe("over HTTP, on the seed corpus", () => {
  const server = serverForSuite(() => startServer({ TODAY: "2026-12-07" }), 180_000);

  const ask = (q: string) => askOnce<{ answer: string; found: boolean; matches: unknown[]; followUps: string[] }>(server.url, q);

  it("a vague question with a place gets that place's policies, in force first, one line per document, no award to provinces", async () => {
    const a = await ask("我是苏州的企业，有什么政策？");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("苏州市适用的政策");
    const lines = a.answer.split("\n").filter((l) => l.startsWith("- 《"));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(a.answer).toContain("登峰");
    // Listed documents apply to 苏州: nothing from 杭州.
    expect(a.answer).not.toContain("杭州");
    // An award meant for provinces is not an enterprise's.
    expect(a.answer).not.toMatch(/省份，1亿元/);
    // In force before out of force.
    const firstOff = lines.findIndex((l) => l.includes("已失效"));
    expect(lines.slice(firstOff < 0 ? lines.length : firstOff).every((l) => l.includes("已失效"))).toBe(true);
    expect(a.followUps.length).toBeLessThanOrEqual(1);
    expect(a.answer).toMatch(/请问|请告诉我/);
  });

  it("a question on a subject no document covers says so by name and pays nothing", async () => {
    const a = await ask("我们公司想申请社保补贴，有什么规定？");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("没有关于“社保补贴”的规定");
    expect(a.matches).toEqual([]);
    expect(a.answer).not.toMatch(/符合条件/);
  });
});
