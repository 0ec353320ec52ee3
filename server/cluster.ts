import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { RateLimiterClusterMaster } from "rate-limiter-flexible";
import { loadConfig } from "./config.js";
import { serveClusterMetrics } from "./http/metrics.js";
import { buildInWorker } from "./index/build-worker.js";
import { ensureIndex, staleness } from "./index/ensure.js";
import { ListenError } from "./listen-error.js";
import { pidFileFor, writePidFile } from "./pidfile.js";
import { start, type Running } from "./start.js";

/**
 * Production start on all cores: the primary builds or verifies the index once,
 * then forks WORKERS workers (default: one per core) that each load the
 * read-only index and serve on the shared port. A worker that dies is replaced.
 * SIGHUP (`npm run reload`) goes to the primary: it rebuilds a changed index
 * once, then has every worker reload it.
 */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WORKERS);
  return Number.isInteger(n) && n > 0 ? n : availableParallelism();
}

let stopping = false;

async function primary(): Promise<void> {
  const config = loadConfig();
  // Build (if missing or stale) before forking, so workers never race to build the same index.
  await ensureIndex(config.indexDir, config.corpusDir, (m) => console.log(m));
  const n = workerCount();
  // Each worker computes chats on its own threads; together they should not ask for more than the cores.
  const threads = process.env.CHAT_THREADS ?? String(Math.max(1, Math.round(availableParallelism() / n)));
  // Shared state of the workers lives here: one rate-limit count per client (without REDIS_URL) and the sum of their metrics.
  new RateLimiterClusterMaster();
  serveClusterMetrics();
  let ready = 0;
  // The primary rebuilds for every worker: workers only watch a read-only artifact (never rebuilt), so they never race to build.
  const fork = () => cluster.fork({ CHAT_THREADS: threads, ...(config.indexReadOnly ? {} : { INDEX_WATCH_MS: "0" }) });
  let reloading = false;
  process.on("SIGHUP", () => {
    if (reloading) return;
    reloading = true;
    (async () => {
      const why = staleness(config.indexDir, config.corpusDir);
      if (why) {
        console.log(why);
        await buildInWorker({ corpusDir: config.corpusDir, outDir: config.indexDir });
      }
      for (const w of Object.values(cluster.workers ?? {})) w?.send({ reload: true });
      console.log(why ? "索引已重建，工作进程正在切换" : "语料未变化，工作进程正在重新加载索引");
    })()
      .catch((e: unknown) => console.error(`重新加载失败，继续使用原索引：${e instanceof Error ? e.message : String(e)}`))
      .finally(() => (reloading = false));
  });
  let pidFile: string | undefined;
  cluster.on("message", (_w, msg: { ready?: string; listening?: number; fatal?: string; exitCode?: number }) => {
    // The pid file once a worker holds the port: a cluster that cannot get its port must not take over a running server's file.
    if (msg?.listening !== undefined && !pidFile) writePidFile((pidFile = pidFileFor(config.pidFile, msg.listening)));
    if (msg?.ready && ++ready === n) console.log(`政策通已启动：${msg.ready}  （${n} 个工作进程）`);
    // A worker that cannot open the port: every replacement would fail the same way, so stop instead of forking forever.
    if (msg?.fatal && !stopping) {
      console.error(`启动失败 / failed to start: ${msg.fatal}`);
      stop(msg.exitCode ?? 1);
    }
  });
  cluster.on("exit", (w, code, signal) => {
    if (stopping) return;
    console.error(`工作进程 ${w.process.pid} 退出（${signal ?? code}），正在重启 / worker died, restarting`);
    fork();
  });
  for (let i = 0; i < n; i++) fork();
  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
}

function stop(exitCode: number): void {
  stopping = true;
  for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
  setTimeout(() => process.exit(exitCode), 10_000).unref();
  const done = () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(exitCode);
  cluster.on("exit", done);
  done();
}

async function worker(): Promise<void> {
  // Reloads come from the primary; a hangup of the terminal's process group must not end a worker.
  process.on("SIGHUP", () => {});
  let running: Running | undefined;
  let pending = false;
  const reload = () => {
    // Asked while still starting: the index may have been rebuilt after this worker began loading it.
    if (!running) return void (pending = true);
    running.reload().catch((e: unknown) => console.error(`重新加载失败，继续使用原索引：${e instanceof Error ? e.message : String(e)}`));
  };
  process.on("message", (m: { reload?: boolean }) => m?.reload && reload());
  try {
    running = await start(loadConfig(), () => {}, { clustered: true, onListening: (_url, port) => process.send?.({ listening: port }) });
  } catch (e) {
    if (!(e instanceof ListenError)) throw e;
    // The primary says it once for all workers and stops; exit with a code it does not restart after.
    process.send?.({ fatal: e.message, exitCode: e.exitCode });
    return;
  }
  if (pending) reload();
  process.send?.({ ready: running.url });
  const stop = () => {
    running!.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

(cluster.isPrimary ? primary() : worker()).catch((e: unknown) => {
  console.error(`启动失败 / failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
