import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

// ---------------------------------------------------------------- servers

export interface Server {
  url: string;
  info: { loadMs: number; startMs: number; rss: number };
  spawnToReadyMs: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The server under test in its own process: bench/serve.ts (the real app plus
 * a trivial route) or server/cluster.ts. `env` adds settings such as
 * CHAT_THREADS (0 unless given: the event-loop path the older figures measured).
 */
export async function startServer(indexDir: string, corpusDir: string, workers = 1, script = "bench/serve.ts", env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", INDEX_DIR: indexDir, CORPUS_DIR: corpusDir, TODAY: "2026-11-21", WORKERS: String(workers), LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", CHAT_THREADS: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.on("exit", (code) => reject(new Error(`server exited (${code}) before ready`)));
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const line = buf.split("\n").find((l) => l.startsWith("{") && l.includes('"ready"'));
      if (!line) {
        if (/启动/.test(buf) && script !== "bench/serve.ts") {
          // server/cluster.ts prints a line, not JSON.
          resolve(done({ ready: `http://127.0.0.1:${port}`, loadMs: NaN, startMs: NaN, rss: NaN }));
        }
        return;
      }
      resolve(done(JSON.parse(line)));
    });
    const done = (m: { ready: string; loadMs: number; startMs: number; rss: number }): Server => {
      const spawnToReadyMs = performance.now() - t0;
      child.removeAllListeners("exit");
      return {
        url: `http://127.0.0.1:${port}`,
        info: m,
        spawnToReadyMs,
        child,
        stop: () =>
          new Promise<void>((r) => {
            child.once("exit", () => r());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      };
    };
  });
}

