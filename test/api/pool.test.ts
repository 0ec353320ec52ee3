import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { start } from "../../server/start.js";
import { startServer, testIndexDir } from "../helpers/server.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-pool-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const QUESTIONS = [
  "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？",
  "苏州的企业今年新增发明专利12件，能申请登峰行动计划吗？",
  "外卖柜采购价2000元一台，能补贴多少？",
  "上海有什么补贴？",
];
const chat = (url: string, content: string) =>
  fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content }] }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
const search = (url: string, q: string) => fetch(`${url}/api/search?q=${encodeURIComponent(q)}&k=5`).then((r) => r.json() as Promise<{ hits: { docId: string; clauseId: string }[] }>);

describe("chat and search on worker threads (CHAT_THREADS)", () => {
  it("answers exactly as the event-loop path does, and reports its threads in /metrics", async () => {
    // No wait limit or deadline here: every queued task must be answered however slow the machine (shedding: test/security/admission.test.ts).
    const [pooled, inline] = await Promise.all([startServer({ CHAT_THREADS: "2", COMPUTE_QUEUE_WAIT_MS: "0", COMPUTE_DEADLINE_MS: "0" }), startServer({ CHAT_THREADS: "0" })]);
    try {
      for (const q of QUESTIONS) {
        const [a, b] = await Promise.all([chat(pooled.url, q), chat(inline.url, q)]);
        expect(a.status).toBe(200);
        expect(a.body).toEqual(b.body);
        expect(await search(pooled.url, q)).toEqual(await search(inline.url, q));
      }
      // Many at once: more tasks than threads queue and are all answered.
      const many = await Promise.all(Array.from({ length: 24 }, (_, i) => chat(pooled.url, QUESTIONS[i % QUESTIONS.length])));
      expect(many.every((r) => r.status === 200)).toBe(true);
      const metrics = await (await fetch(`${pooled.url}/metrics`)).text();
      expect(metrics).toMatch(/^compute_threads 2$/m);
      expect(metrics).toMatch(/^compute_queue 0$/m);
    } finally {
      await Promise.all([pooled.close(), inline.close()]);
    }
  });

  it("reports not-ready while the index loads, and answers probes meanwhile", async () => {
    const indexDir = join(tmp, "fresh-index");
    let url = "";
    const seen: { readyz: number; healthz: number; api: number; reason?: string }[] = [];
    const probing = (async () => {
      while (!url) await new Promise((r) => setTimeout(r, 20));
      // Until ready, however slow the build on a loaded machine (a count of probes ran out before the build finished).
      for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
        const r = await fetch(`${url}/readyz`);
        const body = (await r.json()) as { reason?: string };
        seen.push({ readyz: r.status, healthz: (await fetch(`${url}/healthz`)).status, api: (await fetch(`${url}/api/policies`)).status, reason: body.reason });
        if (r.status === 200) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // An empty index directory: the index is built (in a worker thread) after the port opens.
    const running = await start(loadConfig({ PORT: "0", HOST: "127.0.0.1", INDEX_DIR: indexDir, CORPUS_DIR: "corpus", LOG_LEVEL: "silent", CHAT_THREADS: "1" }), () => {}, { onListening: (u) => (url = u) });
    try {
      await probing;
      const loading = seen.filter((s) => s.readyz === 503);
      expect(loading.length).toBeGreaterThan(0);
      expect(loading[0].reason).toMatch(/索引加载中/);
      expect(loading.every((s) => s.healthz === 200 && s.api === 503)).toBe(true);
      expect(seen.at(-1)).toMatchObject({ readyz: 200, healthz: 200, api: 200 });
    } finally {
      await running.close();
    }
  }, 360_000);

  it("swaps the threads' index on reload, reporting not-ready until the new one serves, without dropping a request", async () => {
    const corpus = join(tmp, "corpus");
    cpSync("corpus", corpus, { recursive: true });
    const index = join(tmp, "index-live");
    cpSync(testIndexDir(), index, { recursive: true });
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: index, CHAT_THREADS: "1" });
    try {
      expect((await search(server.url, "蓝鲸计划 奖励")).hits[0]?.docId).not.toBe("bluewhale");
      writeFileSync(join(corpus, "docs", "bluewhale.txt"), "---\nid: bluewhale\ntitle: 某市蓝鲸计划扶持办法\n---\n第一条 为支持蓝鲸计划企业发展，制定本办法。\n第二条 对入选蓝鲸计划的企业给予奖励。\n");
      const reloading = server.reload();
      const during = await fetch(`${server.url}/readyz`);
      expect(during.status).toBe(503);
      expect(((await during.json()) as { reason: string }).reason).toMatch(/重新加载/);
      // The old threads keep answering meanwhile.
      expect((await chat(server.url, QUESTIONS[0])).status).toBe(200);
      expect((await reloading).rebuilt).toBe(true);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      // Search runs on the threads: they now hold the new index.
      expect((await search(server.url, "蓝鲸计划 奖励")).hits[0].docId).toBe("bluewhale");
      const answer = (await chat(server.url, "蓝鲸计划的企业有什么奖励？")).body as { citations: { docId: string }[] };
      expect(answer.citations.some((c) => c.docId === "bluewhale")).toBe(true);
    } finally {
      await server.close();
    }
    // A full rebuild inside: minutes when the shared machine is saturated.
  }, 240_000);
});
