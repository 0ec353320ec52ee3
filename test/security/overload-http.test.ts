/**
 * Issue 21, item 7 over HTTP: a real server with one compute thread and a queue bound of 2 takes a
 * burst of chats far beyond it. What it cannot answer soon is refused with 503, Retry-After and a
 * Chinese message (both at the door, for plain clients, and inside the app, for callers sending an
 * Origin header); nothing else fails, and /healthz answers all along.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

const QUESTIONS = ["外卖柜采购价2000元一台，能补贴多少？", "上海有什么补贴？", "新增发明专利12件能申请什么？"];

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer({ CHAT_THREADS: "1", COMPUTE_QUEUE_MAX: "2", COMPUTE_QUEUE_WAIT_MS: "500", COMPUTE_DEADLINE_MS: "1000", CHAT_THREAD_NICE: "0" });
});
afterAll(() => server?.close());

interface Outcome {
  status: number;
  retryAfter: string | null;
  requestId: string | null;
  serverTiming: string | null;
  body: unknown;
}

const chat = (i: number, origin?: string): Promise<Outcome> =>
  fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    body: JSON.stringify({ messages: [{ role: "user", content: QUESTIONS[i % QUESTIONS.length] }] }),
  }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), requestId: r.headers.get("x-request-id"), serverTiming: r.headers.get("server-timing"), body: await r.json() }));

describe("a burst beyond the compute queue", () => {
  it("is answered in part and shed in part with 503 + Retry-After in Chinese; no other error, /healthz answers throughout", async () => {
    const health: number[] = [];
    let bursting = true;
    const probe = (async () => {
      while (bursting) {
        health.push(await fetch(`${server.url}/healthz`).then((r) => r.status, () => 0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    // Two waves, so the gate has seen a task's time (the deadline's estimate) as well as a cold start.
    const outcomes: Outcome[] = [];
    for (let wave = 0; wave < 2; wave++) {
      outcomes.push(...(await Promise.all(Array.from({ length: 60 }, (_, i) => chat(i, i % 4 === 0 ? "https://elsewhere.example" : undefined)))));
    }
    bursting = false;
    await probe;

    const shed = outcomes.filter((o) => o.status === 503);
    const answered = outcomes.filter((o) => o.status === 200);
    expect(answered.length).toBeGreaterThan(0);
    // An answer says how long the server itself took on it.
    for (const o of answered) expect(o.serverTiming).toMatch(/^app;dur=\d+(\.\d)?$/);
    expect(shed.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status !== 200 && o.status !== 503)).toEqual([]);
    for (const o of shed) {
      expect(Number(o.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(o.requestId).toMatch(/^[\w-]+$/);
      expect(o.body).toEqual({ error: { code: "unavailable", message: "服务繁忙，请稍后重试" } });
    }
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
    // Every refusal is counted once, wherever it was made.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^compute_shed_total (\d+)$/m.exec(metrics)?.[1])).toBe(shed.length);
    // Once the burst is over, a chat is answered again.
    expect((await chat(0)).status).toBe(200);
  });
});
