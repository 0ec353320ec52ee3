/**
 * Issue 21, item 7: under overload the compute threads admit what they can
 * answer soon and refuse the rest at once (503 + Retry-After, in Chinese),
 * instead of queueing everyone behind everyone.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { createApp } from "../../server/app.js";
import { admission, Overloaded } from "../../server/compute/admission.js";
import type { Compute } from "../../server/compute/types.js";
import { loadIndex } from "../../server/index/load.js";
import { createServices } from "../../server/services.js";
import { testIndexDir } from "../helpers/server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A task that finishes when told to, recording that it started. */
function gated(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<string>((r) => (finish = () => r(name)));
  return { task: () => (started.push(name), done), finish };
}

describe("compute admission", () => {
  it("runs up to `running` at once, queues up to `maxQueue`, and refuses the next at once with Overloaded", async () => {
    const gate = admission({ running: 2, maxQueue: 2, maxWaitMs: 0 });
    const started: string[] = [];
    const jobs = ["a", "b", "c", "d", "e"].map((n) => gated(started, n));
    const results = jobs.map((j) => gate.run(j.task).then((v) => v, (e: unknown) => e));
    expect(started).toEqual(["a", "b"]);
    expect(gate.waiting).toBe(2);
    const refused = await results[4];
    expect(refused).toBeInstanceOf(Overloaded);
    expect((refused as Overloaded).retryAfterSeconds).toBe(1);
    expect(gate.shed).toBe(1);
    jobs[0].finish();
    await results[0];
    await sleep(0);
    expect(started).toEqual(["a", "b", "c"]);
    for (const j of jobs) j.finish();
    expect(await Promise.all(results.slice(0, 4))).toEqual(["a", "b", "c", "d"]);
    expect(gate.waiting).toBe(0);
  });

  it("a task that waits past maxWaitMs is refused and never started; the queue moves on", async () => {
    const gate = admission({ running: 1, maxQueue: 10, maxWaitMs: 50 });
    const started: string[] = [];
    const first = gated(started, "first");
    const late = gated(started, "late");
    const running = gate.run(first.task);
    const waiting = gate.run(late.task).then((v) => v, (e: unknown) => e);
    expect(await waiting).toBeInstanceOf(Overloaded);
    first.finish();
    expect(await running).toBe("first");
    expect(started).toEqual(["first"]);
    const again = gated(started, "again");
    const next = gate.run(again.task);
    again.finish();
    expect(await next).toBe("again");
  });

  it("no bound (maxQueue 0, maxWaitMs 0): everything waits its turn", async () => {
    const gate = admission({ running: 1, maxQueue: 0, maxWaitMs: 0 });
    const started: string[] = [];
    const jobs = Array.from({ length: 50 }, (_, i) => gated(started, String(i)));
    const results = jobs.map((j) => gate.run(j.task));
    expect(gate.waiting).toBe(49);
    for (const j of jobs) j.finish();
    expect((await Promise.all(results)).length).toBe(50);
    expect(gate.shed).toBe(0);
  });

  it("COMPUTE_QUEUE_MAX and COMPUTE_QUEUE_WAIT_MS configure it (defaults 64 and 500 ms); a bad value is refused by name", () => {
    expect(loadConfig({}).computeQueue).toEqual({ maxQueue: 64, maxWaitMs: 500 });
    expect(loadConfig({ COMPUTE_QUEUE_MAX: "0", COMPUTE_QUEUE_WAIT_MS: "1500" }).computeQueue).toEqual({ maxQueue: 0, maxWaitMs: 1500 });
    expect(() => loadConfig({ COMPUTE_QUEUE_MAX: "-1" })).toThrow(/COMPUTE_QUEUE_MAX/);
  });

  it("a shed chat or search is 503 with Retry-After and a Chinese error, counted in /metrics", async () => {
    const services = createServices(loadConfig({ INDEX_DIR: testIndexDir(), CHAT_THREADS: "0" }), await loadIndex(testIndexDir()));
    const full: Compute = { threads: 2, chat: () => Promise.reject(new Overloaded(2)), search: () => Promise.reject(new Overloaded(2)), queued: () => 64, close: async () => {} };
    const app = createApp(services, { compute: full });
    const chat = await app.request("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "外卖柜补贴多少？" }] }) });
    const search = await app.request(`/api/search?q=${encodeURIComponent("外卖柜")}`);
    for (const res of [chat, search]) {
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("2");
      expect(await res.json()).toEqual({ error: { code: "unavailable", message: "服务繁忙，请稍后重试" } });
    }
    expect(await (await app.request("/metrics")).text()).toMatch(/^compute_shed_total 2$/m);
  });
});
