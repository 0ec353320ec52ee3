/**
 * npm run bench:ab -- --base /path/to/baseline-worktree [--rounds 5] [--duration 4] [--threads]
 *
 * This tree against a baseline checkout (e.g. `git worktree add ../wt-base <commit>`, with its own
 * node_modules) in the same minutes, so a shared, noisy machine hurts both alike:
 * - in-process: both trees' `respond` loaded in one process, rounds over the bench's chat questions
 *   interleaved (ABAB…), ms per chat and the per-round ratio;
 * - HTTP: each tree's bench/serve.ts in turn (alternating order per round), `/bench/trivial` then
 *   `/api/chat` at 16 connections; chat p99 and chat throughput as a share of trivial, median of rounds.
 *   `--threads` adds this tree with CHAT_THREADS=2 (the worker-thread pool).
 * Each tree builds its index under os.tmpdir() with its own code (INDEX_DIR), from its own corpus/.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { freePort } from "./servers.js";
import { workload } from "./workload.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  options: {
    base: { type: "string" },
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "4" },
    connections: { type: "string", default: "16" },
    "inproc-rounds": { type: "string", default: "20" },
    threads: { type: "boolean", default: false },
    "skip-http": { type: "boolean", default: false },
  },
});
if (!args.base) {
  console.error("用法 / usage: npm run bench:ab -- --base /path/to/baseline-worktree");
  process.exit(2);
}
const BASE = resolve(args.base);
const ROUNDS = Number(args.rounds);
const DURATION = Number(args.duration);
const CONNS = Number(args.connections);
const { chatBodies } = workload();
const work = mkdtempSync(join(tmpdir(), "zct-ab-"));
const indexOf = (root: string) => join(work, root === ROOT ? "index-this" : "index-base");

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs: number[]) => percentile(xs, 50);
const f2 = (x: number) => x.toFixed(2);

type Respond = (messages: { role: string; content: string }[]) => Promise<unknown>;

/** A tree's own respond over its own index, loaded into this process. */
async function loadTree(root: string): Promise<Respond> {
  const imp = (p: string) => import(join(root, p));
  const [{ respond }, { loadConfig }, { ensureIndex }, { createServices }] = await Promise.all([imp("server/chat/respond.ts"), imp("server/config.ts"), imp("server/index/ensure.ts"), imp("server/services.ts")]);
  process.env.INDEX_DIR = indexOf(root);
  process.env.CORPUS_DIR = join(root, "corpus");
  const config = loadConfig();
  const services = createServices(config, await ensureIndex(config.indexDir, config.corpusDir, () => {}));
  return (messages) => respond({ messages }, services);
}

async function inProcess(): Promise<{ base: number; self: number; ratio: number }> {
  const trees = [await loadTree(BASE), await loadTree(ROOT)];
  const convs = chatBodies.map((b) => (JSON.parse(b) as { messages: { role: string; content: string }[] }).messages);
  for (const t of trees) for (let i = 0; i < 3; i++) for (const c of convs) await t(c);
  const per: number[][] = [[], []];
  for (let r = 0; r < Number(args["inproc-rounds"]); r++) {
    for (const k of r % 2 ? [1, 0] : [0, 1]) {
      const t0 = performance.now();
      for (const c of convs) await trees[k](c);
      per[k].push((performance.now() - t0) / convs.length);
    }
  }
  return { base: median(per[0]), self: median(per[1]), ratio: median(per[1].map((x, i) => x / per[0][i])) };
}

interface Variant {
  name: string;
  root: string;
  env: Record<string, string>;
}

async function serve(v: Variant): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/serve.ts"], {
    cwd: v.root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", INDEX_DIR: indexOf(v.root), CORPUS_DIR: join(v.root, "corpus"), TODAY: "2026-11-21", WORKERS: "1", LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", CHAT_THREADS: "0", ...v.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((res, rej) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready"')) res();
    });
    child.once("exit", (code) => rej(new Error(`${v.name}: server exited (${code}) before ready`)));
  });
  child.removeAllListeners("exit");
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((r) => (child.once("exit", () => r()), child.kill("SIGTERM"))) };
}

async function load(url: string, kind: "trivial" | "chat"): Promise<{ rps: number; p99: number; errors: number }> {
  let i = 0;
  const lat: number[] = [];
  const request =
    kind === "trivial"
      ? { method: "GET" as const, path: "/bench/trivial" }
      : { method: "POST" as const, headers: { "content-type": "application/json" }, setupRequest: (r: any) => ({ ...r, path: "/api/chat", body: chatBodies[i++ % chatBodies.length] }) };
  await autocannon({ url, connections: CONNS, duration: 1, requests: [request as any] });
  const r = await new Promise<autocannon.Result>((res, rej) => {
    const inst = autocannon({ url, connections: CONNS, duration: DURATION, requests: [request as any] }, (err, result) => (err ? rej(err) : res(result)));
    inst.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
      if (status < 400) lat.push(ms);
    });
  });
  return { rps: r.requests.total / DURATION, p99: percentile(lat, 99), errors: r.errors + r.timeouts + r.non2xx };
}

async function main(): Promise<void> {
  console.log(`baseline ${BASE}\nthis     ${ROOT}`);
  const ip = await inProcess();
  console.log(`in-process ms per chat (${chatBodies.length} bench questions, median of ${args["inproc-rounds"]} interleaved rounds): baseline ${f2(ip.base)}, this ${f2(ip.self)}, ratio ${f2(ip.ratio)}`);
  if (args["skip-http"]) return;
  const variants: Variant[] = [
    { name: "baseline", root: BASE, env: {} },
    { name: "this", root: ROOT, env: {} },
    ...(args.threads ? [{ name: "this, 2 threads", root: ROOT, env: { CHAT_THREADS: "2" } }] : []),
  ];
  const rows = new Map<string, { share: number; p99: number; chatRps: number; trivialRps: number }[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const v of r % 2 ? [...variants].reverse() : variants) {
      const srv = await serve(v);
      try {
        const t = await load(srv.url, "trivial");
        const c = await load(srv.url, "chat");
        const row = { share: c.rps / t.rps, p99: c.p99, chatRps: c.rps, trivialRps: t.rps };
        rows.set(v.name, [...(rows.get(v.name) ?? []), row]);
        console.log(`  round ${r + 1} ${v.name.padEnd(16)} trivial ${t.rps.toFixed(0)} req/s, chat ${c.rps.toFixed(1)} req/s (${(row.share * 100).toFixed(2)}%), chat p99 ${f2(c.p99)} ms${c.errors + t.errors ? `, errors ${c.errors + t.errors}` : ""}`);
      } finally {
        await srv.stop();
      }
    }
  }
  console.log(`\nHTTP at ${CONNS} connections, median of ${ROUNDS} alternating rounds (${DURATION} s each):`);
  console.log("| Tree | trivial req/s | chat req/s | chat share of trivial | chat p99 ms |\n|---|---:|---:|---:|---:|");
  for (const [name, xs] of rows) console.log(`| ${name} | ${median(xs.map((x) => x.trivialRps)).toFixed(0)} | ${median(xs.map((x) => x.chatRps)).toFixed(1)} | ${(median(xs.map((x) => x.share)) * 100).toFixed(2)}% | ${f2(median(xs.map((x) => x.p99)))} |`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
