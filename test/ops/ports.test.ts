import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../deploy/local.js";
import { testIndexDir } from "../helpers/server.js";

/**
 * What an operator meets on the command line: one pid file per port, a
 * reload that picks the server by port, a clear message for a busy port.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const env = (port: number, extra: Record<string, string> = {}) => {
  const e: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", INDEX_DIR: testIndexDir(), CHAT_THREADS: "0", TODAY: "2026-11-21", LOG_LEVEL: "warn", ...extra };
  delete e.PID_FILE;
  return e;
};

interface Server {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function run(args: string[], e: NodeJS.ProcessEnv): Server {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env: e, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

async function until(what: string, s: Server, ok: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (s.child.exitCode !== null) throw new Error(`${what}: exited ${s.child.exitCode}\n${s.output()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const started: Server[] = [];
afterAll(async () => {
  for (const s of started) {
    if (s.child.exitCode === null) s.child.kill("SIGTERM");
    await s.exited;
  }
});

describe("pid files, reload and a busy port", () => {
  it("writes .run/server-<port>.pid, reloads by --port, and a second server on the same port says so in Chinese (exit 98) without taking the pid file", async () => {
    const [a, b] = [await freePort(), await freePort()];
    const first = run(["server/main.ts"], env(a));
    const second = run(["server/main.ts"], env(b));
    started.push(first, second);
    await until("both servers", first, () => first.output().includes("政策通已启动") && second.output().includes("政策通已启动"));
    const fileA = join(ROOT, ".run", `server-${a}.pid`);
    const fileB = join(ROOT, ".run", `server-${b}.pid`);
    expect(Number(readFileSync(fileA, "utf8"))).toBe(first.child.pid);
    expect(Number(readFileSync(fileB, "utf8"))).toBe(second.child.pid);

    const reload = spawnSync("npm", ["run", "reload", "--silent", "--", "--port", String(b)], { cwd: ROOT, env: env(0), encoding: "utf8" });
    expect(reload.status, reload.stderr).toBe(0);
    expect(reload.stdout).toContain(`已通知进程 ${second.child.pid}`);
    await until("the reload", second, () => second.output().includes("已重新加载索引"));
    expect(first.output()).not.toContain("已重新加载索引");

    // Two servers from this checkout: reload without --port does not guess.
    const noPort = env(0);
    delete noPort.PORT;
    const ambiguous = spawnSync("npm", ["run", "reload", "--silent"], { cwd: ROOT, env: noPort, encoding: "utf8" });
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/个服务在运行（端口 .*\d+.*），请用 --port 指定/);

    const busy = run(["server/main.ts"], env(a));
    const code = await busy.exited;
    expect(code).toBe(98);
    expect(busy.output()).toContain(`端口 ${a} 已被占用`);
    expect(busy.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    // The running server keeps its pid file and keeps answering.
    expect(Number(readFileSync(fileA, "utf8"))).toBe(first.child.pid);
    expect((await fetch(`http://127.0.0.1:${a}/healthz`)).status).toBe(200);

    // The cluster says it once and stops instead of restarting workers forever.
    const cluster = run(["server/cluster.ts"], { ...env(a), WORKERS: "2" });
    expect(await cluster.exited).toBe(98);
    expect(cluster.output().match(/已被占用/g)?.length).toBe(1);
    expect(cluster.output()).not.toMatch(/正在重启|EADDRINUSE/);

    for (const s of [first, second]) s.child.kill("SIGTERM");
    await Promise.all([first.exited, second.exited]);
    expect(existsSync(fileA)).toBe(false);
    expect(existsSync(fileB)).toBe(false);
  }, 300_000);
});

describe("npm run ask", () => {
  /** Spawned without blocking: a question loads jieba and the index (tens of seconds on a busy machine). */
  const ask = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn("npm", ["run", "ask", "--silent", "--", ...args], { cwd: ROOT, env: env(0), stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.once("close", (status) => resolve({ status, stdout, stderr }));
    });
  const QUESTION = "我们是刚落户杭州的新电商企业，实际投资额1000万元，能拿多少？";

  it("answers --help in Chinese at once, and a wrong option with a Chinese message and exit 2", async () => {
    const help = await ask("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/用法：npm run ask/);
    expect(help.stdout).toContain("--json");
    const wrong = await ask("--jsn", QUESTION);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("无法识别或缺少取值的选项 --jsn");
    expect(wrong.stderr).not.toMatch(/Unknown option|TypeError/);
    expect((await ask()).status).toBe(2);
  });

  it("prints the answer as text with its sources by default, the whole response with --json", async () => {
    const [text, json] = await Promise.all([ask(QUESTION), ask("--json", QUESTION)]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain("200万元");
    expect(text.stdout).toMatch(/出处：\n\[1\] 《[^》]+》/);
    expect(text.stdout.trimStart().startsWith("{")).toBe(false);
    expect(text.stdout).not.toContain('"citations"');

    expect(json.status, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as { answer: string; citations: unknown[] };
    expect(body.citations.length).toBeGreaterThan(0);
    expect(text.stdout).toContain(body.answer.trim());
  }, 240_000);
});
