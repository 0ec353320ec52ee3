import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { FakeStreamingChatModel } from "@langchain/core/utils/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IndexData, loadIndex } from "../../server/index/load.js";
import { createPolicyRetriever, createPolicyTools } from "../../server/langchain.js";
import { startServer, testIndexDir } from "../helpers/server.js";

/** Hangzhou's e-commerce policy is in force on this date (it lapsed at the end of 2025). */
const IN_FORCE = "2025-06-30";
const Q = "我们是刚落户杭州的新电商企业，已纳入国家统计局联网直报平台，实际投资额1000万元，一年能获得多少资助？";
const PROFILE = { city: "杭州市", isEcommerce: true, newlySettled: true, onDirectReport: true, investment: 10_000_000 };

let index: IndexData;
beforeAll(async () => {
  index = await loadIndex(testIndexDir());
});

const toolsFor = (today = IN_FORCE) => {
  const tools = createPolicyTools({ indexDir: testIndexDir(), today });
  const byName = new Map<string, StructuredToolInterface>(tools.map((t) => [t.name, t]));
  return { tools, byName };
};

/** Parse a ToolMessage's JSON content. */
const contentOf = (m: ToolMessage) => JSON.parse(String(m.content));

describe("a fake chat model calls the eligibility tool", () => {
  it("gets the engine's amount, its calculation and the clause's verbatim quote back", async () => {
    const { tools, byName } = toolsFor();
    const call = { id: "call_1", type: "tool_call" as const, name: "evaluate_policy_eligibility", args: { profile: PROFILE } };
    const model = new FakeStreamingChatModel({ chunks: [new AIMessageChunk({ content: "", tool_calls: [call] })] }).bindTools(tools);
    const ai = await model.invoke([new HumanMessage(Q)]);
    expect(ai.tool_calls?.map((c) => c.name)).toEqual(["evaluate_policy_eligibility"]);

    const reply = (await byName.get(ai.tool_calls![0].name)!.invoke(ai.tool_calls![0])) as ToolMessage;
    expect(reply).toBeInstanceOf(ToolMessage);
    expect(reply.tool_call_id).toBe("call_1");
    const out = contentOf(reply);
    expect(out.asOf).toBe(IN_FORCE);
    const hit = out.results.find((r: { ruleId: string }) => r.ruleId === "hz-ecom-attract");
    expect(hit.status).toBe("eligible");
    expect(hit.amount.yuan).toBe(2_000_000);
    expect(hit.amount.text).toContain("200万元");
    expect(hit.amount.trace.join("；")).toContain("第1年200万元，第2年200万元，第3年100万元");
    // Every number of the calculation is written in the quote, and the quote is the clause's own words.
    expect(hit.citation.quote).toContain("20%");
    expect(hit.citation.quote).toContain("500万元");
    expect(index.clause(hit.citation.clauseId)!.text.includes(hit.citation.quote)).toBe(true);
    expect(hit.citation.docTitle).toBe("关于促进杭州市新电商高质量发展的若干意见");
    // The structured result rides along as the artifact.
    expect(reply.artifact).toEqual(out);
  });

  it("a policy out of force is expired, never eligible, and carries no amount", async () => {
    const { byName } = toolsFor("2026-12-07");
    const reply = (await byName.get("evaluate_policy_eligibility")!.invoke({ id: "c", type: "tool_call", name: "evaluate_policy_eligibility", args: { profile: PROFILE, ruleId: "hz-ecom-attract" } })) as ToolMessage;
    const [hit] = contentOf(reply).results;
    expect(hit.status).toBe("expired");
    expect(hit.amount).toBeUndefined();
    expect(hit.validity).toMatch(/失效/);
  });

  it("an unknown rule is a Chinese error, not a crash", async () => {
    const { byName } = toolsFor();
    await expect(byName.get("evaluate_policy_eligibility")!.invoke({ profile: PROFILE, ruleId: "no-such-rule" })).rejects.toThrow("没有编号为 no-such-rule 的规则");
  });
});

/**
 * The smallest agent: a chat model that asks for the eligibility tool once, then answers with
 * what the tool returned (quoting amount and clause), as an instructed LLM would.
 */
class ScriptedAgentModel extends BaseChatModel {
  _llmType() {
    return "scripted";
  }
  bindTools() {
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = messages.at(-1)!;
    if (ToolMessage.isInstance(last)) {
      const hit = JSON.parse(String(last.content)).results[0];
      const text = `可获${hit.amount.text}（${hit.amount.calculation}）。依据：《${hit.citation.docTitle}》${hit.citation.article}：“${hit.citation.quote}”`;
      return { generations: [{ text, message: new AIMessage(text) }] };
    }
    const call = { id: "call_1", type: "tool_call" as const, name: "evaluate_policy_eligibility", args: { profile: PROFILE, ruleId: "hz-ecom-attract" } };
    return { generations: [{ text: "", message: new AIMessage({ content: "", tool_calls: [call] }) }] };
  }
}

/** The usual tool-calling loop (README's agent example): call tools until the model answers. */
async function runAgent(model: BaseChatModel, tools: readonly StructuredToolInterface[], question: string): Promise<BaseMessage[]> {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const bound = model.bindTools!([...tools]);
  const messages: BaseMessage[] = [new HumanMessage(question)];
  for (let step = 0; step < 5; step++) {
    const ai = (await bound.invoke(messages)) as AIMessage;
    messages.push(ai);
    if (!ai.tool_calls?.length) return messages;
    for (const call of ai.tool_calls) messages.push((await byName.get(call.name)!.invoke(call)) as ToolMessage);
  }
  throw new Error("agent did not finish");
}

describe("an agent loop over the tools", () => {
  it("ends with the deterministic amount and its verbatim citation", async () => {
    const { tools } = toolsFor();
    const messages = await runAgent(new ScriptedAgentModel({}), tools, Q);
    expect(messages.map((m) => m.getType())).toEqual(["human", "ai", "tool", "ai"]);
    const answer = messages.at(-1)!.text;
    expect(answer).toContain("200万元");
    expect(answer).toContain("1000万元 × 20%");
    expect(answer).toContain("每年按其实际投资额的20%给予资助");
  });
});

describe("retriever and tools match the HTTP API", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("the retriever returns the clauses /api/search ranks, as Documents with their metadata", async () => {
    const q = "外卖柜补贴每台多少钱";
    const docs = await createPolicyRetriever({ indexDir: testIndexDir(), k: 5, inForceOnly: false }).invoke(q);
    const api = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}&k=5`)).json()) as { hits: { clauseId: string; score: number }[] };
    expect(docs.map((d) => d.metadata.clauseId)).toEqual(api.hits.map((h) => h.clauseId));
    expect(docs.map((d) => d.metadata.score)).toEqual(api.hits.map((h) => h.score));
    const top = docs[0];
    expect(top.metadata.article).toBe("三、（十三）");
    expect(Object.keys(top.metadata).sort()).toEqual(["article", "clauseId", "docId", "docTitle", "inForce", "score"]);
    expect(top.pageContent).toBe(index.clause(top.metadata.clauseId)!.text);
  });

  it("the retriever leaves out lapsed documents by default", async () => {
    const q = "新电商企业招引资助";
    const live = await createPolicyRetriever({ indexDir: testIndexDir(), today: "2026-12-07", k: 10 }).invoke(q);
    const all = await createPolicyRetriever({ indexDir: testIndexDir(), today: "2026-12-07", k: 10, inForceOnly: false }).invoke(q);
    expect(all.some((d) => d.metadata.docId === "hangzhou-new-ecommerce-2022")).toBe(true);
    expect(live.some((d) => d.metadata.docId === "hangzhou-new-ecommerce-2022")).toBe(false);
    expect(live.every((d) => d.metadata.inForce)).toBe(true);
  });

  it("the question tool gives the /api/chat answer", async () => {
    const { byName } = toolsFor();
    const reply = (await byName.get("ask_policy_question")!.invoke({ id: "c2", type: "tool_call", name: "ask_policy_question", args: { question: Q, asOf: IN_FORCE } })) as ToolMessage;
    const api = (await (await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: Q }], asOf: IN_FORCE }) })).json()) as { answer: string; citations: unknown[] };
    const out = contentOf(reply);
    expect(out.answer).toBe(api.answer);
    expect(out.answer).toContain("200万元");
    expect(reply.artifact).toEqual(api);
  });

  it("the search tool returns clause texts with their metadata", async () => {
    const { byName } = toolsFor();
    const out = contentOf((await byName.get("search_policy_clauses")!.invoke({ id: "c3", type: "tool_call", name: "search_policy_clauses", args: { query: "外卖柜补贴每台多少钱", k: 3, inForceOnly: false } })) as ToolMessage);
    expect(out.clauses).toHaveLength(3);
    expect(out.clauses[0].article).toBe("三、（十三）");
    expect(out.clauses[0].text).toBe(index.clause(out.clauses[0].clauseId)!.text);
  });
});

describe("bad input and a missing index", () => {
  it("an empty query is refused in Chinese", async () => {
    await expect(createPolicyRetriever({ indexDir: testIndexDir() }).invoke("  ")).rejects.toThrow("查询不能为空");
  });

  it("a directory without an index says so in Chinese and how to build one", async () => {
    const dir = join(tmpdir(), "zct-no-index-here");
    await expect(createPolicyRetriever({ indexDir: dir }).invoke("补贴")).rejects.toThrow(/无法读取政策索引.*npm run ingest/);
  });

  it("ingest writes no docstore.json (nothing reads it)", () => {
    const files = readdirSync(testIndexDir(), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith("hnswlib.index"))).toBe(true);
    expect(files.filter((f) => f.endsWith("docstore.json"))).toEqual([]);
  });
});
