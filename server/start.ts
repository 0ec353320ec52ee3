import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Hono } from "hono";
import { z } from "zod";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { buildInWorker } from "./index/build-worker.js";
import { ensureIndex, staleness, type Log } from "./index/ensure.js";
import { loadIndex } from "./index/load.js";
import { createLogger } from "./http/log.js";
import { Metrics } from "./http/metrics.js";
import { createServices } from "./services.js";
import { adminRoutes } from "./admin/routes.js";
import { readVocab } from "./vocab.js";

export interface Running {
  url: string;
  port: number;
  server: ServerType;
  /** Rebuild the index if the corpus changed (in a worker thread) and switch to it without dropping a request. */
  reload(): Promise<{ rebuilt: boolean }>;
  /** Stop accepting connections and wait for requests in flight (at most `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

const Warmup = z.object({ questions: z.array(z.string().min(1)), search: z.string().min(1) }).strict();
let warmup: z.infer<typeof Warmup> | undefined;

/**
 * Answer a few questions before taking traffic (corpus/vocab/warmup.yaml): the first request
 * would otherwise pay for JIT compilation and lazily loaded dictionaries.
 */
async function warm(app: Hono): Promise<void> {
  const { questions, search } = (warmup ??= readVocab("warmup.yaml", Warmup));
  for (let i = 0; i < 3; i++) {
    for (const q of questions) {
      await app.request("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
    }
    await app.request(`/api/search?q=${encodeURIComponent(search)}`);
  }
}

/** Load (or build) the index and serve the app: the one start-up path for `npm start`, the cluster and tests. */
export async function start(config: Config, log: Log = console.log): Promise<Running> {
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics();
  const appFor = async (dir: string): Promise<Hono> => {
    const services = createServices(config, await loadIndex(dir));
    // A throwaway instance of the same code takes the warm-up, so metrics count only real traffic.
    await warm(createApp(services, { metrics: new Metrics() }));
    // The admin routes exist only with ADMIN_TOKEN set: without it every /admin path is a plain 404.
    const mounts = config.admin ? [adminRoutes({ services, corpusDir: config.corpusDir, reload: () => reload() })] : [];
    return createApp(services, { metrics, logger, mounts });
  };
  await ensureIndex(config.indexDir, config.corpusDir, log);
  // Requests are dispatched through `current`, so a reload swaps the whole app atomically;
  // requests already inside the old app finish there.
  let current = await appFor(config.indexDir);
  let reloading: Promise<{ rebuilt: boolean }> | undefined;

  const reload = () =>
    (reloading ??= (async () => {
      try {
        const why = staleness(config.indexDir, config.corpusDir);
        if (why) {
          logger.info({ why }, "rebuilding index");
          await buildInWorker({ corpusDir: config.corpusDir, outDir: config.indexDir });
        }
        current = await appFor(config.indexDir);
        logger.info({ rebuilt: Boolean(why) }, "index reloaded");
        return { rebuilt: Boolean(why) };
      } finally {
        reloading = undefined;
      }
    })());

  return new Promise((resolveStart) => {
    const server = serve({ fetch: (req, env) => current.fetch(req, env), port: config.port, hostname: config.host }, (info: AddressInfo) => {
      const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      resolveStart({
        url: `http://${host}:${info.port}`,
        port: info.port,
        server,
        reload,
        close: (timeoutMs = 10_000) =>
          new Promise<void>((done) => {
            const timer = setTimeout(() => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              done();
            }, timeoutMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
  });
}
