import { createServer, type RequestListener, type ServerOptions } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { z } from "zod";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { inlineCompute } from "./compute/inline.js";
import { threadPool } from "./compute/pool.js";
import type { Compute } from "./compute/types.js";
import { buildInWorker } from "./index/build-worker.js";
import { staleness, verifyArtifact, type Log } from "./index/ensure.js";
import { filesStamp, IndexProblem, type IndexData, loadIndex } from "./index/load.js";
import { apiError } from "./http/errors.js";
import { createLogger, type Logger } from "./http/log.js";
import { Metrics, metricsHandler } from "./http/metrics.js";
import { shedAtSocket } from "./http/shed.js";
import { clusterLimiter, type Limiter, memoryLimiter } from "./http/ratelimit.js";
import { RedisLimiter } from "./http/ratelimit-redis.js";
import { Readiness, readinessRoute } from "./routes/health.js";
import { createServices, type Services } from "./services.js";
import { adminRoutes } from "./admin/routes.js";
import { readVocab } from "../core/vocab.js";
import { listenError } from "./listen-error.js";
import { InsightsStore } from "./store/insights.js";

export interface Running {
  url: string;
  port: number;
  server: ServerType;
  /**
   * Rebuild the index if the corpus changed (in a worker thread) and switch to it without dropping a request.
   * Asked while a reload runs, it waits for that one and then runs again. `beforeSwap` sees the new index
   * before it goes live; if it throws, the old index stays and the reload rejects with its error.
   */
  reload(beforeSwap?: BeforeSwap): Promise<{ rebuilt: boolean }>;
  /** Stop accepting connections and wait for requests in flight (at most `timeoutMs`). */
  close(timeoutMs?: number): Promise<void>;
}

/** A last check of the next index before it goes live: throwing keeps the current one. */
export type BeforeSwap = (next: Services, live: Services | undefined) => void | Promise<void>;

export interface StartHooks {
  /** Called once the port is open, before the index has loaded (probes answer from then on). */
  onListening?(url: string, port: number): void;
  /**
   * This process is a worker of server/cluster.ts: rate-limit counters (without REDIS_URL)
   * and the metrics' sum live in the primary, so N workers allow the limit once and any
   * worker's /metrics counts all of them.
   */
  clustered?: boolean;
}

const Warmup = z.object({ questions: z.array(z.string().min(1)), search: z.string().min(1) }).strict();
let warmup: z.infer<typeof Warmup> | undefined;
/** The warm-up questions (corpus/vocab/warmup.yaml), for this thread and the compute threads. */
const warmupVocab = () => (warmup ??= readVocab("warmup.yaml", Warmup));

/**
 * Answer a few questions before taking traffic (corpus/vocab/warmup.yaml): the first request
 * would otherwise pay for JIT compilation and lazily loaded dictionaries.
 */
async function warm(app: Hono): Promise<void> {
  const { questions, search } = warmupVocab();
  for (let i = 0; i < 3; i++) {
    for (const q of questions) {
      await app.request("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
    }
    await app.request(`/api/search?q=${encodeURIComponent(search)}`);
  }
}

/** What answers while the index loads: probes and metrics, and a 503 the proxy may retry elsewhere for the rest. */
function bootApp(readiness: Readiness, metrics: Metrics): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "starting", reason: readiness.reason }));
  app.route("/", readinessRoute(readiness));
  app.get("/metrics", metricsHandler(metrics));
  app.all("*", (c) => {
    c.header("Retry-After", "5");
    return apiError(c, 503, "not_ready", "服务正在加载政策索引，请稍后重试");
  });
  return app;
}

/** Where the rate-limit counters live: Redis with REDIS_URL, else the cluster's primary, else this process; none when off. */
function limiterFor(config: Config, logger: Logger, metrics: Metrics, clustered: boolean): { limiter?: Limiter; redis?: RedisLimiter } {
  const perMinute = config.rateLimitPerMinute;
  if (perMinute <= 0) return {};
  if (!config.redisUrl) return { limiter: clustered ? clusterLimiter(perMinute) : memoryLimiter(perMinute) };
  const store = new RedisLimiter(config.redisUrl, {
    perMinute,
    onState: (up, err) =>
      up
        ? logger.info({ redis: config.redisUrl?.replace(/\/\/[^@]*@/, "//***@") }, "rate-limit store connected")
        : logger.warn({ err: err ? String(err) : undefined }, "rate-limit store disconnected; requests are allowed until it is back (fail open)"),
  });
  metrics.gauge("ratelimit_store_up", "1 when the shared rate-limit store (Redis) is connected.", () => (store.connected ? 1 : 0), "min");
  return { limiter: store.limiter, redis: store };
}

interface Generation {
  app: Hono;
  services?: Services;
  compute: Compute;
  inflight: number;
  retired: boolean;
}

/** Load (or build) the index and serve the app: the one start-up path for `npm start`, the cluster and tests. */
export async function start(config: Config, log: Log = console.log, hooks: StartHooks = {}): Promise<Running> {
  const logger = createLogger(config.logLevel);
  const clustered = Boolean(hooks.clustered);
  const metrics = new Metrics({ process: true, clustered });
  const readiness = new Readiness();
  const { limiter, redis } = limiterFor(config, logger, metrics, clustered);
  // The one piece of shared state: opened once, kept across reloads; pruned now and every 6 hours.
  const insights = new InsightsStore(config.insights);
  const prune = () =>
    void insights.prune().then(
      (n) => (n.questions || n.feedback ? logger.info(n, "insights pruned") : undefined),
      (err) => logger.warn({ err: String(err), engine: insights.engine }, "insights store unavailable (answers are unaffected)"),
    );
  prune();
  const pruner = setInterval(prune, 6 * 3600_000);
  pruner.unref();

  // One set of compute threads for the life of the server: a reload swaps the index inside them.
  let threads: ReturnType<typeof threadPool> | undefined;
  const generation = async (dir: string, checks: BeforeSwap[] = []): Promise<Generation & { services: Services }> => {
    if (config.chatThreads > 0) threads ??= threadPool({ threads: config.chatThreads, config, warmQuestions: warmupVocab().questions });
    let services!: Services;
    // Before the compute threads take the index (they never go back to an older one): a refused index stays unseen.
    const admit = async (index: IndexData) => {
      services = createServices(config, index);
      for (const check of checks) await check(services, current.services);
    };
    // With threads, this thread's index is a view of the same shared memory, its segmentation and vectors the index service's.
    let compute: Compute;
    if (threads) compute = (await threads.generation(dir, admit)).compute;
    else {
      await admit(await loadIndex(dir));
      compute = inlineCompute(services);
    }
    try {
      // A throwaway instance of the same code takes the warm-up, so metrics and rate limits count only real traffic.
      await warm(createApp(services, { metrics: new Metrics(), compute, limiter: false }));
    } catch (e) {
      await compute.close();
      throw e;
    }
    // The admin routes exist only with ADMIN_TOKEN set: without it every /admin path is a plain 404.
    const mounts = config.admin ? [adminRoutes({ services, corpusDir: config.corpusDir, reload: (beforeSwap) => reload(beforeSwap), insights })] : [];
    return { app: createApp(services, { metrics, logger, compute, limiter: limiter ?? false, readiness, mounts, insights }), services, compute, inflight: 0, retired: false };
  };

  // Requests are dispatched through `current`, so a reload swaps the whole app atomically;
  // requests already inside the old generation finish there, and its threads stop after the last one.
  let current: Generation = { app: bootApp(readiness, metrics), compute: { threads: 0, chat: () => Promise.reject(new Error("not ready")), search: () => Promise.reject(new Error("not ready")), queued: () => 0, close: async () => {} }, inflight: 0, retired: false };
  const retire = (g: Generation) => {
    g.retired = true;
    if (g.inflight === 0) void g.compute.close();
  };
  metrics.gauge("compute_threads", "Worker threads computing chat and search (0: on the event loop).", () => current.compute.threads);
  metrics.gauge("compute_queue", "Chat and search tasks waiting for a free worker thread.", () => current.compute.queued());

  const fetch = async (req: Request, env: unknown): Promise<Response> => {
    const g = current;
    g.inflight++;
    try {
      return await g.app.fetch(req, env);
    } finally {
      if (--g.inflight === 0 && g.retired) void g.compute.close();
    }
  };

  const shedAtDoor = shedAtSocket(() => current.compute, metrics);
  const server = await new Promise<ServerType>((resolveListen, rejectListen) => {
    const s = serve(
      {
        fetch,
        // Overload is refused on Node's request itself, before the adapter and the app (server/http/shed.ts).
        createServer: ((opts: ServerOptions, listener: RequestListener) => createServer(opts, (req, res) => shedAtDoor(req, res) || listener(req, res))) as typeof createServer,
        port: config.port,
        hostname: config.host,
        // Slow clients (a body trickled byte by byte, headers never finished) are cut off instead of holding a socket for Node's default 300 s.
        serverOptions: { requestTimeout: config.http.requestTimeoutMs, headersTimeout: config.http.headersTimeoutMs, keepAliveTimeout: config.http.keepAliveTimeoutMs, connectionsCheckingInterval: 1000 },
      },
      () => {
        s.off("error", failed);
        resolveListen(s);
      },
    );
    // A busy port (or one we may not bind) is a clear Chinese error with its own exit code, not an unhandled 'error' event.
    const failed = (err: NodeJS.ErrnoException) => rejectListen(listenError(err, config.host, config.port) ?? err);
    s.once("error", failed);
  });
  // Beyond the cap new connections are closed at once instead of piling up in memory.
  (server as Server).maxConnections = config.http.maxConnections;
  if ("keepAliveTimeout" in server) server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  const port = (server.address() as AddressInfo).port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${host}:${port}`;
  hooks.onListening?.(url, port);

  const close = (timeoutMs = 10_000) =>
    new Promise<void>((done) => {
      const finish = () => {
        clearInterval(pruner);
        void Promise.allSettled([current.compute.close(), threads?.close(), redis?.close(), insights.close()]).then(() => done());
      };
      const timer = setTimeout(() => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        finish();
      }, timeoutMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        finish();
      });
      // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
      if ("closeIdleConnections" in server) server.closeIdleConnections();
    });

  try {
    const why = config.indexReadOnly ? (verifyArtifact(config.indexDir, config.indexSha256), undefined) : staleness(config.indexDir, config.corpusDir);
    if (why) {
      log(why);
      // Built in a worker thread, so probes keep answering (and report not-ready) meanwhile.
      const m = await buildInWorker({ corpusDir: config.corpusDir, outDir: config.indexDir });
      log(`索引已构建：${m.counts.documents} 个文件、${m.counts.clauses} 个条款、${m.counts.rules} 条规则，用时 ${(m.buildMs / 1000).toFixed(1)} 秒`);
    }
    if (redis && !(await redis.ready())) logger.warn("rate-limit store not reachable at start; requests are allowed until it is (fail open)");
    current = await generation(config.indexDir);
    readiness.set(undefined);
  } catch (e) {
    await close(0);
    throw e;
  }

  // What the served files looked like when last loaded (or last found broken): the watcher reacts to a change, once.
  let seen = filesStamp(config.indexDir);
  // A reload asked for while one runs is queued behind it (never merged into it: that one may have
  // checked the corpus before the caller's change was written, issue 21 F9); callers queued together share it.
  let reloading: Promise<{ rebuilt: boolean }> | undefined;
  let queued: { run: Promise<{ rebuilt: boolean }>; checks: BeforeSwap[] } | undefined;
  const runReload = (checks: BeforeSwap[]) =>
    (reloading = (async () => {
      readiness.set("索引重新加载中 / reloading the index");
      let unready: string | undefined;
      try {
        // Never settle synchronously: a verification that throws at once would run the `finally` below
        // before `reloading` is assigned, leaving a settled promise there that every later reload returned.
        await null;
        // A shipped artifact is re-verified (an operator may have swapped it), never rebuilt.
        const why = config.indexReadOnly ? (verifyArtifact(config.indexDir, config.indexSha256), undefined) : staleness(config.indexDir, config.corpusDir);
        if (why) {
          logger.info({ why }, "rebuilding index");
          await buildInWorker({ corpusDir: config.corpusDir, outDir: config.indexDir });
        }
        // `checks` have the last word before the new index goes live (the admin's check that its change took, and its audit line).
        const next = await generation(config.indexDir, checks);
        const old = current;
        current = next;
        retire(old);
        logger.info({ rebuilt: Boolean(why) }, "index reloaded");
        return { rebuilt: Boolean(why) };
      } catch (e) {
        // A shipped artifact that fails verification is never rebuilt: the replica keeps answering from
        // the index already in memory but reports unready, so the proxy drains it until the artifact is fixed.
        if (config.indexReadOnly && e instanceof IndexProblem) {
          unready = `只读索引制品校验失败：${e.message}；仍以内存中已校验的索引应答，请重新分发索引制品 / the index artifact failed verification`;
          logger.error({ why: e.message }, "index artifact failed verification; replica unready");
        }
        throw e;
      } finally {
        // The files as this reload left them (a rebuild replaces them): not a change to react to again.
        seen = filesStamp(config.indexDir);
        readiness.set(unready);
        reloading = undefined;
      }
    })());
  const reload = (beforeSwap?: BeforeSwap): Promise<{ rebuilt: boolean }> => {
    if (!reloading) return runReload(beforeSwap ? [beforeSwap] : []);
    if (!queued) {
      const checks: BeforeSwap[] = [];
      const after = reloading.catch(() => {});
      queued = {
        checks,
        run: after.then(() => {
          queued = undefined;
          return runReload(checks);
        }),
      };
    }
    if (beforeSwap) queued.checks.push(beforeSwap);
    return queued.run;
  };

  // Nothing is read from the index files while serving (they were read into memory and checked as read),
  // so a file replaced or damaged underneath cannot break an answer; the change is noticed here and
  // leads to a verified reload (rebuilt when not read-only; unready with the reason when read-only).
  const watch =
    config.indexWatchMs > 0
      ? setInterval(() => {
          if (reloading) return;
          const now = filesStamp(config.indexDir);
          if (now === seen) return;
          seen = now;
          logger.warn({ indexDir: config.indexDir }, "index files changed while serving; reloading");
          reload().catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, "reload after an index change failed; still serving the index in memory"));
        }, config.indexWatchMs)
      : undefined;
  watch?.unref();
  const closeServer = close;
  const closeAll = (timeoutMs?: number) => {
    clearInterval(watch);
    return closeServer(timeoutMs);
  };

  return { url, port, server, reload, close: closeAll };
}
