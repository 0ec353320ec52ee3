/**
 * Bench server: the real app plus a trivial Hono JSON route (`/bench/trivial`,
 * the framework ceiling) served by the same process, and `/bench/mem` for RSS.
 * With WORKERS>1 it runs the production arrangement of server/cluster.ts: the
 * primary verifies/builds the index once, then forks workers on one port.
 * CHAT_THREADS>0 computes chat and search on that many worker threads, as
 * `npm start` does by default; 0 on the event loop.
 * Prints one JSON line `{"ready":url,...}` on stdout when listening.
 */
import cluster from "node:cluster";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createApp } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { ensureIndex } from "../server/index/ensure.js";
import { createServices } from "../server/services.js";
import { poolCompute } from "../server/compute/pool.js";
import { readVocab } from "../core/vocab.js";
import { z } from "zod";

const t0 = performance.now();
const config = loadConfig();
const workers = Number(process.env.WORKERS ?? 1) || 1;

async function serveOne(report: (msg: object) => void): Promise<void> {
  const index = await ensureIndex(config.indexDir, config.corpusDir, () => {});
  const loadMs = performance.now() - t0;
  const app = new Hono();
  app.get("/bench/trivial", (c) => c.json({ ok: true, service: "zhengcetong", n: 1 }));
  app.get("/bench/mem", (c) => c.json(process.memoryUsage()));
  const compute = config.chatThreads > 0 ? await poolCompute({ threads: config.chatThreads, indexDir: config.indexDir, config, warmQuestions: readVocab("warmup.yaml", z.object({ questions: z.array(z.string()) }).passthrough()).questions }) : undefined;
  app.route("/", createApp(createServices(config, index), compute ? { compute } : {}));
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    report({ ready: `http://${config.host}:${info.port}`, loadMs, startMs: performance.now() - t0, rss: process.memoryUsage().rss, pid: process.pid });
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

if (workers <= 1) {
  serveOne((m) => console.log(JSON.stringify(m)));
} else if (cluster.isPrimary) {
  await ensureIndex(config.indexDir, config.corpusDir, () => {});
  let ready = 0;
  const rss: number[] = [];
  cluster.on("message", (_w, m: { ready: string; rss: number }) => {
    rss.push(m.rss);
    if (++ready === workers) console.log(JSON.stringify({ ...m, startMs: performance.now() - t0, rss: rss.reduce((a, b) => a + b, 0), workers }));
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 2000).unref();
  });
} else {
  serveOne((m) => process.send?.(m));
}
