import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../deploy/local.js";
import { testIndexDir } from "../helpers/server.js";

/**
 * `WORKERS=2 RATE_LIMIT_PER_MINUTE=10 npm run start:cluster`, for real: the
 * primary forks two workers sharing the port. Every request goes on its own
 * connection, so the primary deals them out to both workers (round robin);
 * a per-worker count would answer all 16 and a per-worker /metrics would
 * show about half the requests.
 */
const LIMIT = 10;
const QUESTION = "我们是刚落户杭州的新电商企业，实际投资额1000万元，能拿多少？";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a fresh connection (no keep-alive), so consecutive requests can reach different workers. */
function send(url: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: body ? "POST" : "GET", agent: false, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sum of a metric's samples whose line contains every `has`. */
const sum = (text: string, name: string, ...has: string[]) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(name) && (l[name.length] === "{" || l[name.length] === " ") && has.every((h) => l.includes(h)))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);

describe("npm run start:cluster with two workers", () => {
  const tmp = mkdtempSync(join(tmpdir(), "zct-cluster-"));
  let primary: ChildProcess;
  let url: string;
  let out = "";

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    primary = spawn("npm", ["run", "start:cluster", "--silent"], {
      env: { ...process.env, WORKERS: "2", RATE_LIMIT_PER_MINUTE: String(LIMIT), PORT: String(port), HOST: "127.0.0.1", INDEX_DIR: testIndexDir(), PID_FILE: join(tmp, "server.pid"), CHAT_THREADS: "0", TODAY: "2026-11-21", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    primary.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    primary.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const until = Date.now() + 150_000;
    while (!out.includes("2 个工作进程")) {
      if (primary.exitCode !== null) throw new Error(`cluster exited:\n${out}`);
      if (Date.now() > until) throw new Error(`cluster not ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  afterAll(async () => {
    // npm, the primary and its workers are one process group (detached): end them together.
    if (primary?.pid && primary.exitCode === null) {
      const exited = new Promise((r) => primary.once("exit", r));
      process.kill(-primary.pid, "SIGTERM");
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  it("counts one client once across the workers: 16 requests, 10 answered, 6 refused with Retry-After", async () => {
    const replies: Reply[] = [];
    for (let i = 0; i < 16; i++) replies.push(await send(url, "/api/chat", JSON.stringify({ messages: [{ role: "user", content: QUESTION }] })));
    const codes = replies.map((r) => r.status);
    expect(codes.filter((c) => c === 200).length).toBe(LIMIT);
    expect(codes.filter((c) => c === 429).length).toBe(16 - LIMIT);
    expect(JSON.parse(replies[0].body).answer).toContain("200万元");
    const limited = replies.at(-1)!;
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).error).toMatchObject({ code: "rate_limited" });
    expect(JSON.parse(limited.body).error.message).toMatch(/请求过于频繁/);
  });

  it("answers /metrics from any worker with the sum over both: 20 scrapes, http_requests_total never goes down", async () => {
    let last = 0;
    for (let i = 0; i < 20; i++) {
      const r = await send(url, "/metrics");
      expect(r.status).toBe(200);
      const total = sum(r.body, "http_requests_total");
      expect(total).toBeGreaterThanOrEqual(last);
      last = total;
      // Both workers' chats in every scrape: one worker alone served about half of them.
      // (A 429 is answered by the /api/* middleware before any route matches, so it is counted under that pattern.)
      expect(sum(r.body, "http_requests_total", 'method="POST"')).toBe(16);
      expect(sum(r.body, "http_requests_total", 'route="/api/chat"', 'status="200"')).toBe(LIMIT);
      expect(sum(r.body, "http_requests_total", 'method="POST"', 'status="429"')).toBe(16 - LIMIT);
      if (i === 0) {
        for (const name of ["nodejs_eventloop_lag_seconds", "nodejs_gc_duration_seconds_count", "nodejs_heap_size_used_bytes", "process_resident_memory_bytes", "http_request_duration_seconds_bucket", "ratelimit_rejected_total"])
          expect(r.body, name).toMatch(new RegExp(`^${name}[{ ]`, "m"));
        expect(sum(r.body, "ratelimit_rejected_total")).toBe(16 - LIMIT);
        expect(sum(r.body, "index_clauses")).toBeGreaterThan(0);
      }
    }
    // The scrapes themselves are counted too, so the total grew while they ran.
    expect(last).toBeGreaterThan(16);
  });

  it("keeps a dead worker's counts in the sum: after a worker is killed and replaced, http_requests_total has not gone down", async () => {
    const before = sum((await send(url, "/metrics")).body, "http_requests_total");
    const primaryPid = Number(readFileSync(join(tmp, "server.pid"), "utf8"));
    const workers = readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, "utf8").trim().split(/\s+/).map(Number);
    expect(workers.length).toBe(2);
    const restarts = out.split("正在重启").length;
    process.kill(workers[0], "SIGKILL");
    const until = Date.now() + 150_000;
    // Replaced: the primary forked another, which then loaded the index and took its share of connections.
    while (out.split("正在重启").length === restarts || !(await send(url, "/readyz").then((r) => r.status === 200, () => false))) {
      if (Date.now() > until) throw new Error(`no replacement worker:\n${out}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    for (let i = 0; i < 6; i++) {
      const r = await send(url, "/metrics");
      expect(r.status).toBe(200);
      expect(sum(r.body, "http_requests_total")).toBeGreaterThanOrEqual(before);
      expect(sum(r.body, "http_requests_total", 'method="POST"')).toBe(16);
    }
  });
});
