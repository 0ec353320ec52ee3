import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

/**
 * The server keeps no state: the facts a follow-up asked for come back as
 * structured `askedFacts` and the client returns them on the assistant
 * message, so a bare reply is understood even when the assistant's text was
 * reworded. Plain-text history from older clients keeps working.
 */

let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await startServer());
});
afterAll(() => close());

/** Hangzhou in force (it lapsed at the end of 2025; out of force an answer asks no follow-up). */
const IN_FORCE = "2025-06-30";

async function chat(messages: unknown[]) {
  const res = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages, asOf: IN_FORCE }) });
  return { status: res.status, body: (await res.json()) as any };
}

const FIRST = "我们在杭州开了一家新电商企业，能拿什么补贴？";

describe("askedFacts", () => {
  it("an answer with follow-up questions returns the facts they ask for, in order", async () => {
    const { status, body } = await chat([{ role: "user", content: FIRST }]);
    expect(status).toBe(200);
    expect(body.followUps.length).toBeGreaterThan(0);
    expect(body.askedFacts.map((a: any) => a.question)).toEqual(body.followUps);
    const facts = (await (await fetch(`${base}/api/facts`)).json()) as { facts: { key: string }[] };
    for (const a of body.askedFacts) expect(facts.facts.map((f) => f.key)).toContain(a.key);
  });

  it("an answer that asks nothing returns none", async () => {
    const { body } = await chat([{ role: "user", content: "杭州新电商政策现在还有效吗？" }]);
    expect(body.askedFacts).toEqual([]);
  });

  it("a bare reply fills the asked fact from the structured state, whatever the assistant text says", async () => {
    const first = await chat([{ role: "user", content: FIRST }]);
    const asked = [{ key: "investment", question: "贵企业的实际投资额是多少？" }, ...first.body.askedFacts];
    const { body } = await chat([
      { role: "user", content: FIRST },
      // A reworded answer (an LLM, a hotline operator): none of the original question text survives.
      { role: "assistant", content: "好的，请再告诉我一些贵企业的情况。", askedFacts: asked },
      { role: "user", content: "800万元" },
    ]);
    expect(body.profile.investment).toBe(8_000_000);
  });

  it("plain-text history from older clients still works from the answer's prose", async () => {
    const first = await chat([{ role: "user", content: FIRST }]);
    const { body } = await chat([
      { role: "user", content: FIRST },
      { role: "assistant", content: first.body.answer },
      { role: "user", content: "是的" },
    ]);
    expect(body.profile[first.body.askedFacts[0].key]).toBe(true);
  });

  it("without either, a bare reply fills nothing", async () => {
    const { body } = await chat([
      { role: "user", content: FIRST },
      { role: "assistant", content: "好的，请再告诉我一些贵企业的情况。" },
      { role: "user", content: "800万元" },
    ]);
    expect(body.profile.investment).toBeUndefined();
  });

  it("unknown fact keys are ignored, malformed ones refused in Chinese", async () => {
    const ok = await chat([
      { role: "user", content: FIRST },
      { role: "assistant", content: "……", askedFacts: [{ key: "noSuchFact", question: "？" }] },
      { role: "user", content: "800万元" },
    ]);
    expect(ok.status).toBe(200);
    const bad = await chat([
      { role: "user", content: FIRST },
      { role: "assistant", content: "……", askedFacts: "investment" },
      { role: "user", content: "800万元" },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
