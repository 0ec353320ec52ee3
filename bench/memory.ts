/**
 * npm run bench:memory [-- --clauses 100k] [--keep DIR]
 *
 * Resident memory of one server process with the compute threads off
 * (CHAT_THREADS=0) and on (CHAT_THREADS=2), on the same synthetic corpus
 * (bench/synth.ts) and the same index, measured after the same traffic.
 * The index is built once (a fresh `npm run ingest` process) and served
 * read-only (INDEX_READONLY=1), so neither server rebuilds it. The last line
 * is `rss_ratio R` (threads on / threads off).
 *
 * --keep DIR keeps the corpus and index in DIR and reuses them on the next run
 * (the index is rebuilt only when DIR has none). --root DIR serves from another
 * checkout of the same index format (e.g. `git archive` of an older commit):
 * the before/after comparison on one index.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { freePort } from "./servers.js";
import { synthCorpus } from "./synth.js";
import { workload } from "./workload.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({ options: { clauses: { type: "string", default: "100k" }, keep: { type: "string" }, threads: { type: "string", default: "2" }, root: { type: "string" } } });
const n = Number(args.clauses.replace(/k$/i, "000").replace(/m$/i, "000000"));
const work = args.keep ?? mkdtempSync(join(tmpdir(), "zct-memory-"));
mkdirSync(work, { recursive: true });
const corpus = join(work, `corpus-${args.clauses}`);
const index = join(work, `index-${args.clauses}`);
const MB = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const say = (m: string) => console.log(`[bench:memory] ${m}`);

function run(cmd: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, cmd, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    c.on("exit", (code) => (code === 0 ? res() : rej(new Error(`${cmd.join(" ")} exited ${code}`))));
  });
}

/** VmRSS of a process, from /proc (the whole process: every thread, native memory included). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before ready`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server not ready in 10 min");
}

/** The bench's chats and searches, 4 at a time (every thread gets work), twice over. */
async function traffic(url: string): Promise<void> {
  const { chatBodies, searchPaths } = workload();
  const jobs: (() => Promise<Response>)[] = [];
  for (let round = 0; round < 2; round++) {
    chatBodies.forEach((body) => jobs.push(() => fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body })));
    searchPaths.forEach((p) => jobs.push(() => fetch(`${url}${p}`)));
  }
  let next = 0;
  let bad = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        // A keep-alive socket the server closed as the request left is retried once (RSS is measured, not errors).
        const r = await job().catch(() => job());
        await r.arrayBuffer();
        if (r.status !== 200) bad++;
      }
    }),
  );
  if (bad) throw new Error(`${bad} requests failed`);
}

async function measure(threads: number): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: args.root ?? ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", INDEX_DIR: index, INDEX_READONLY: "1", CORPUS_DIR: corpus, PID_FILE: join(work, `server-${port}.pid`), TODAY: "2026-12-07", LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0", CHAT_THREADS: String(threads) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitReady(url, child);
    await traffic(url);
    // Let the collectors settle, as a long-running server would.
    await new Promise((r) => setTimeout(r, 2000));
    return rssOf(child.pid!);
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    await exited;
  }
}

try {
  if (!existsSync(join(index, "manifest.json"))) {
    say(`generating ~${n} clauses in ${corpus}`);
    if (!existsSync(corpus)) await synthCorpus(join(ROOT, "corpus"), corpus, n);
    say("building the index (npm run ingest)");
    await run(["--max-old-space-size=8192", "--import", "tsx", "ingest/cli.ts", "--corpus", corpus, "--out", index]);
  }
  const counts = (JSON.parse(readFileSync(join(index, "manifest.json"), "utf8")) as { counts: { clauses: number; chunks: number } }).counts;
  say(`index: ${counts.clauses} clauses, ${counts.chunks} chunks`);
  const threads = Number(args.threads);
  const off = await measure(0);
  say(`CHAT_THREADS=0 rss ${MB(off)}`);
  const on = await measure(threads);
  say(`CHAT_THREADS=${threads} rss ${MB(on)}`);
  console.log(`rss_threads0 ${off}`);
  console.log(`rss_threads${threads} ${on}`);
  console.log(`rss_ratio ${(on / off).toFixed(3)}`);
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
