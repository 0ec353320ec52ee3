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

  it("with a deadline, what could not be answered in time is refused at the door (check) and at the queue, and a free slot still takes work", async () => {
    let t = 0;
    const gate = admission({ running: 1, maxQueue: 100, maxWaitMs: 0, deadlineMs: 1000, now: () => t });
    const started: string[] = [];
    // One task of 400 ms teaches the gate what a task costs.
    const first = gated(started, "first");
    const r1 = gate.run(first.task);
    t = 400;
    first.finish();
    await r1;
    expect(gate.taskMs).toBe(400);
    // Free slot: admitted whatever the estimate, unless already older than the budget.
    expect(gate.check(t)).toBeUndefined();
    expect(gate.check(t - 1001)).toBeInstanceOf(Overloaded);
    const busy = gated(started, "busy");
    const running = gate.run(busy.task, t);
    // Slot taken: waiting one task (400) + its own (400) fits 1000 ms only while the request is young.
    expect(gate.check(t)).toBeUndefined();
    expect(gate.check(t - 300)).toBeInstanceOf(Overloaded);
    const queued = gated(started, "queued");
    const waiting = gate.run(queued.task, t).then((v) => v, (e: unknown) => e);
    // Behind it, the next would finish at 1200 ms: refused now, before any body is read.
    expect(gate.check(t)).toBeInstanceOf(Overloaded);
    // The running task overruns: the queued one could no longer finish in time, so it is dropped, never started.
    t += 700;
    busy.finish();
    await running;
    expect(await waiting).toBeInstanceOf(Overloaded);
    expect(started).toEqual(["first", "busy"]);
    expect(gate.shed).toBe(4);
  });

  it("a request's own task is budgeted above the mean when task times vary (mean + 2 × deviation)", async () => {
    let t = 0;
    const gate = admission({ running: 1, maxQueue: 100, maxWaitMs: 0, deadlineMs: 1000, now: () => t });
    const started: string[] = [];
    for (const ms of [100, 500]) {
      const job = gated(started, String(ms));
      const r = gate.run(job.task);
      t += ms;
      job.finish();
      await r;
    }
    // Mean 140 ms, deviation 40 ms: waiting one task (140) and its own (140 + 80) takes 360 ms.
    expect(gate.taskMs).toBe(140);
    const busy = gated(started, "busy");
    const running = gate.run(busy.task, t);
    expect(gate.check(t - 630)).toBeUndefined();
    // By the mean alone (930 ms) this one would fit; with the deviation it would not (1010 ms).
    expect(gate.check(t - 650)).toBeInstanceOf(Overloaded);
    busy.finish();
    await running;
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

  it("COMPUTE_QUEUE_MAX, COMPUTE_QUEUE_WAIT_MS and COMPUTE_DEADLINE_MS configure it (defaults 64, 500 ms, 1000 ms); a bad value is refused by name", () => {
    expect(loadConfig({}).computeQueue).toEqual({ maxQueue: 64, maxWaitMs: 500, deadlineMs: 1000 });
    expect(loadConfig({ COMPUTE_QUEUE_MAX: "0", COMPUTE_QUEUE_WAIT_MS: "1500", COMPUTE_DEADLINE_MS: "0" }).computeQueue).toEqual({ maxQueue: 0, maxWaitMs: 1500, deadlineMs: 0 });
    expect(() => loadConfig({ COMPUTE_QUEUE_MAX: "-1" })).toThrow(/COMPUTE_QUEUE_MAX/);
    expect(() => loadConfig({ COMPUTE_DEADLINE_MS: "soon" })).toThrow(/COMPUTE_DEADLINE_MS/);
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
