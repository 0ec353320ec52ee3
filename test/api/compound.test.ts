import { describe, expect, it } from "vitest";
import { isCompound, splitAsks } from "../../server/answer/asks.js";
import { loadQuestionVocab } from "../../server/nlu/question-types.js";
import { serverForSuite, startServer } from "../helpers/server.js";
import { askOnce } from "../helpers/chat.js";

/**
 * A message with several asks gets every one answered, in order, each with its own citation; a yes/no
 * question is answered from the documents it is about, never with 否 and another document's sentence.
 */

const vocab = loadQuestionVocab();

describe("the asks of a message", () => {
  it("an amount and a validity question, the facts staying with the amount", () => {
    const s = splitAsks("在杭州建设新电商园区，实际投资1000万元，能拿多少资助？现在还有效吗？", vocab);
    expect(s.asks.map((a) => (a.kind === "amount" ? "amount" : a.type.id))).toEqual(["amount", "validity"]);
    expect(s.context).toContain("实际投资1000万元");
    expect(s.context).not.toContain("有效吗");
    // The document question is asked of the subject, not of the amount.
    expect(s.subject).toContain("在杭州建设新电商园区");
    expect(s.subject).not.toContain("能拿多少");
    expect(isCompound(s)).toBe(true);
  });

  it("a deadline after an amount, in the order asked", () => {
    const s = splitAsks("研发投入500万元，最多能拿多少补助？申报截止时间是什么时候？", vocab);
    expect(s.asks.map((a) => (a.kind === "amount" ? "amount" : a.type.id))).toEqual(["amount", "deadline"]);
  });

  it("one ask is not compound", () => {
    expect(isCompound(splitAsks("实际投资1000万元，能拿多少资助？", vocab))).toBe(false);
    expect(isCompound(splitAsks("这个政策现在还有效吗？", vocab))).toBe(false);
  });
});

describe("over HTTP, on the seed corpus", () => {
  const server = serverForSuite(() => startServer({ TODAY: "2026-12-07" }), 180_000);

  const ask = (q: string) => askOnce<{ answer: string; found: boolean; matches: any[]; citations: any[] }>(server.url, q);

  it("能拿多少？现在还有效吗？ gets the amount and the validity, amount first, each cited", async () => {
    const a = await ask("在杭州建设新电商园区，实际投资1000万元，能拿多少资助？现在还有效吗？");
    expect(a.found).toBe(true);
    // The amount: computed from the asker's figure by the park clause, which is out of force.
    const park = a.matches.find((m) => m.quote.includes("实际投资额的20%"));
    expect(park?.amount?.yuan).toBe(2_000_000);
    expect(park?.status).toBe("expired");
    // The validity: the document's own period sentence, quoted and cited.
    const period = a.citations.find((c) => c.quote.includes("有效期至2025年12月31日"));
    expect(period).toBeTruthy();
    const parkCite = a.citations.find((c) => c.quote.includes("实际投资额的20%"));
    expect(parkCite).toBeTruthy();
    // In the order asked: the amount's section before the validity answer.
    const amountAt = a.answer.indexOf("200万元");
    const validityAt = a.answer.lastIndexOf(`[${period.id}]`);
    expect(amountAt).toBeGreaterThanOrEqual(0);
    expect(validityAt).toBeGreaterThan(amountAt);
    expect(a.answer).toMatch(/已失效/);
    // Citation numbers are one list: every mark in the text is a citation returned.
    const marks = [...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(marks.every((n) => a.citations.some((c) => c.id === n))).toBe(true);
  });

  it("the amount part of a compound question about a named programme keeps its computed figure", async () => {
    const a = await ask("苏州企业有省级企业技术中心，有效发明专利55件，在国外申请了发明专利5件，参与制定了行业标准，能申报登峰行动计划吗？能拿多少？现在还有效吗？");
    expect(a.answer).toContain("不超过100万元");
    expect(a.answer).toMatch(/实施期为2021年1月1日至2023年12月31日/);
    expect(a.matches.some((m) => m.status === "eligible")).toBe(false);
  });

  it("a yes/no question about a policy out of force says 否 with its dates, from that document", async () => {
    const a = await ask("杭州新电商示范企业现在还给奖励吗？");
    expect(a.answer.split("\n")[0]).toMatch(/^\*\*否，已失效/);
    expect(a.answer.split("\n")[0]).toContain("2025年12月31日");
    expect(a.citations.every((c) => c.docTitle.includes("杭州"))).toBe(true);
    // Not a clawback clause passed off as the answer.
    expect(a.answer.split("\n")[0]).not.toContain("追回");
  });

  it("否 is never said from a sentence whose cue speaks of something else", async () => {
    const a = await ask("江苏高价值专利培育示范中心还有资助吗？");
    // "批准…终止等重大事项" holds 终止, but says nothing about funding.
    expect(a.answer.split("\n")[0]).not.toMatch(/^\*\*否，/);
    expect(a.citations.every((c) => c.docTitle.includes("高价值专利"))).toBe(true);
  });
});
