import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

/** F3 of issue 21: every reload kept the retired compute threads (≈ 0.5 GB each time on the real corpus). */
describe("reload frees what it replaces", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  let reload: () => Promise<{ rebuilt: boolean }> = async () => ({ rebuilt: false });
  beforeAll(async () => {
    ({ url: base, close, reload } = await startServer({ CHAT_THREADS: "1" }));
  }, 120_000);
  afterAll(() => close());

  const chat = () => fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "高新技术企业有什么奖励？" }] }) }).then((r) => r.status);
  // A full collection before each reading: native memory held by dropped JS objects (an hnswlib
  // index) is returned by their finalizers, which a young heap may not run for a while.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 300));
    }
    return process.memoryUsage().rss;
  };

  it("RSS after 10 reloads under load is within 10% of RSS after the first", async () => {
    const load = async () => {
      const out: number[] = [];
      for (let i = 0; i < 4; i++) out.push(await chat());
      return out;
    };
    await reload();
    await load();
    const first = await settle();
    const rss: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [statuses] = await Promise.all([load(), reload()]);
      expect(statuses.every((s) => s === 200)).toBe(true);
      rss.push(await settle());
    }
    const ratio = rss.at(-1)! / first;
    console.log(`F3 RSS after the first reload ${(first / 1e6).toFixed(0)} MB; after each of 10 more: ${rss.map((r) => (r / 1e6).toFixed(0)).join(", ")} MB; ratio ${ratio.toFixed(3)}`);
    expect(ratio).toBeLessThanOrEqual(1.1);
    expect(await chat()).toBe(200);
  }, 300_000);
});
