import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OpenAICompatibleChat } from "../../server/chat/openai-chat.js";
import { llmPhraser } from "../../server/chat/phrase.js";
import type { ChatResponse } from "../../server/chat/schema.js";

/** A composed answer as /api/chat returns it: one computed amount and its citation mark. */
const composed = { answer: "根据您提供的信息，可获得200万元/年的资助[1]。", found: true, citations: [], matches: [], followUps: [], notices: [], profile: {}, asOf: "2025-06-30" } satisfies ChatResponse;

describe("LLM phrasing through any LangChain chat model", () => {
  it("uses a faithful rephrasing from a fake chat model", async () => {
    const phrase = llmPhraser(new FakeListChatModel({ responses: ["您好！结合贵企业情况，可获得200万元/年的资助[1]。"] }));
    expect((await phrase(composed)).answer).toBe("您好！结合贵企业情况，可获得200万元/年的资助[1]。");
  });

  it("keeps the computed amount when the model changes it", async () => {
    const reasons: string[] = [];
    const phrase = llmPhraser(new FakeListChatModel({ responses: ["您好！可获得300万元/年的资助[1]。"] }), (why) => reasons.push(why));
    expect((await phrase(composed)).answer).toBe(composed.answer);
    expect(reasons).toEqual(["numbers changed"]);
  });

  it("keeps the answer when the model drops the citation", async () => {
    const phrase = llmPhraser(new FakeListChatModel({ responses: ["您好！可获得200万元/年的资助。"] }));
    expect((await phrase(composed)).answer).toBe(composed.answer);
  });

  it("keeps the answer when the model is slower than the timeout", async () => {
    const reasons: string[] = [];
    const phrase = llmPhraser(new FakeListChatModel({ responses: ["您好！可获得200万元/年的资助[1]。"], sleep: 2000 }), (why) => reasons.push(why), 100);
    expect((await phrase(composed)).answer).toBe(composed.answer);
    expect(reasons).toHaveLength(1);
  });
});

/** A local OpenAI-compatible /chat/completions stub whose first `failures` requests answer 502. */
let stub: Server;
let baseUrl: string;
let calls = 0;
let failures = 0;
const bodies: { model: string; messages: { role: string; content: string }[] }[] = [];

beforeAll(async () => {
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      bodies.push(JSON.parse(body));
      if (calls <= failures) {
        res.writeHead(502).end("bad gateway");
        return;
      }
      const answer = bodies.at(-1)!.messages.at(-1)!.content;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content: `您好！${answer}` } }] }));
    });
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => stub.close(() => r())));
beforeEach(() => {
  calls = 0;
  bodies.length = 0;
});

describe("OpenAI-compatible chat model adapter", () => {
  it("sends system and user roles and retries a failed request (maxRetries 1)", async () => {
    failures = 1;
    const phrase = llmPhraser({ baseUrl, model: "stub", maxRetries: 1 });
    expect((await phrase(composed)).answer).toBe(`您好！${composed.answer}`);
    expect(calls).toBe(2);
    expect(bodies[1].model).toBe("stub");
    expect(bodies[1].messages.map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("gives up with maxRetries 0 and the deterministic answer stands", async () => {
    failures = 1;
    const reasons: string[] = [];
    const phrase = llmPhraser({ baseUrl, model: "stub", maxRetries: 0 }, (why) => reasons.push(why));
    expect((await phrase(composed)).answer).toBe(composed.answer);
    expect(calls).toBe(1);
    expect(reasons[0]).toMatch(/502/);
  });

  it("is a LangChain chat model any chain can invoke", async () => {
    failures = 0;
    const model = new OpenAICompatibleChat({ baseUrl, model: "stub", maxRetries: 0 });
    const reply = await model.invoke("你好");
    expect(reply.text).toBe("您好！你好");
  });
});
