import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejectReason } from "../../server/chat/phrase.js";
import { startServer } from "../helpers/server.js";

/** A local OpenAI-compatible endpoint whose behaviour each test sets. */
let mode: "honest" | "liar" | "drops-citation" | "broken" = "honest";
let fake: Server;
let fakeUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const answer: string = JSON.parse(body).messages.at(-1).content;
      seen.push(answer);
      if (mode === "broken") {
        res.writeHead(500).end("boom");
        return;
      }
      let content = `您好！${answer.replace("根据您提供的信息", "结合贵企业情况")}`;
      if (mode === "liar") content = content.replaceAll("200万元", "300万元");
      if (mode === "drops-citation") content = content.replaceAll("[1]", "");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => fake.close(() => r())));

/** Hangzhou in force (it lapsed at the end of 2025): the answer opens with the conclusion the fake model rewords. */
const IN_FORCE = "2025-06-30";
const Q = "我们是刚落户杭州的新电商企业，已纳入国家统计局联网直报平台，实际投资额1000万元，一年能获得多少资助？";

describe("optional LLM phrasing never changes a number or a citation", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ LLM_BASE_URL: fakeUrl, LLM_MODEL: "fake" });
  });
  afterAll(() => server.close());
  const ask = async () => (await (await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: Q }], asOf: IN_FORCE }) })).json()) as any;

  it("uses a faithful rephrasing", async () => {
    mode = "honest";
    const r = await ask();
    expect(r.answer.startsWith("您好！结合贵企业情况")).toBe(true);
    expect(r.answer).toContain("200万元");
  });

  it("rejects a model that lies about the amount and keeps the computed one", async () => {
    mode = "liar";
    const r = await ask();
    expect(r.answer).toContain("200万元");
    expect(r.answer).not.toContain("300万元");
    expect(r.answer.startsWith("您好")).toBe(false);
  });

  it("rejects a rephrasing that drops a citation", async () => {
    mode = "drops-citation";
    const r = await ask();
    expect(r.answer).toContain("[1]");
  });

  it("falls back when the model errors", async () => {
    mode = "broken";
    const r = await ask();
    expect(r.answer).toContain("200万元");
    expect(r.matches.find((m: any) => m.ruleId === "hz-ecom-attract").amount.yuan).toBe(2000000);
  });
});

describe("rejectReason", () => {
  it.each([
    ["可获200万元[1]", "您可以获得200万元[1]", undefined],
    ["可获200万元[1]", "可获300万元[1]", "numbers changed"],
    ["可获200万元[1]", "可获200万元", "citations changed"],
    ["可获200万元[1]", "可获200万元，另加5万元[1]", "numbers changed"],
    ["可获200万元[1]", "可获两百万元[1]", "numbers changed"],
  ])("%s → %s", (a, b, why) => expect(rejectReason(a, b)).toBe(why));
});
