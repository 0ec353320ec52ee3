/**
 * Is the event loop free while chats are computed? /healthz probed while 64
 * connections ask for chats, each probe on a fresh connection as a kubelet
 * probe is, one every 100 ms after a warm-up, with and without the pool.
 *
 *   npm run bench:healthz [-- --connections 64 --probes 30 --threads 0,2]
 *
 * The bar (issue 12): max of 30 probes ≤ 100 ms with the pool. Also run as a
 * section of `npm run bench`.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startServer } from "./servers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface ProbeFigures {
  probes: number[];
  min: number;
  median: number;
  p90: number;
  max: number;
  /** The chat load while probing. */
  load: { rps: number; p50: number; p99: number; errors: number; non2xx: number; total: number };
}

function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    request(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`/healthz ${res.statusCode}`))));
    })
      .on("error", reject)
      .end();
  });
}

export async function healthzUnderLoad(url: string, o: { connections?: number; probes?: number; gapMs?: number; warmMs?: number } = {}): Promise<ProbeFigures> {
  const n = o.probes ?? 30;
  const gap = o.gapMs ?? 100;
  const warm = o.warmMs ?? 2000;
  const seconds = Math.ceil((warm + n * (gap + 50)) / 1000) + 2;
  const child = spawn(process.execPath, ["--import", "tsx", "bench/load.ts", url, String(o.connections ?? 64), String(seconds)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const done = new Promise<void>((r) => child.once("exit", () => r()));
  await new Promise((r) => setTimeout(r, warm));
  const probes: number[] = [];
  for (let i = 0; i < n; i++) {
    probes.push(await probe(url));
    await new Promise((r) => setTimeout(r, gap));
  }
  await done;
  const load = JSON.parse(out.trim().split("\n").at(-1)!) as ProbeFigures["load"];
  const s = [...probes].sort((a, b) => a - b);
  return { probes, min: s[0], median: s[Math.floor(s.length / 2)], p90: s[Math.ceil(0.9 * s.length) - 1], max: s.at(-1)!, load };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { connections: { type: "string", default: "64" }, probes: { type: "string", default: "30" }, threads: { type: "string", default: `0,${availableParallelism()}` } } });
  const work = mkdtempSync(join(tmpdir(), "zct-healthz-"));
  try {
    const idx = join(work, "index");
    await new Promise<void>((res, rej) => {
      const c = spawn(process.execPath, ["--import", "tsx", "ingest/cli.ts", "--out", idx], { cwd: ROOT, stdio: "ignore" });
      c.on("exit", (code) => (code === 0 ? res() : rej(new Error(`ingest exited ${code}`))));
    });
    console.log(`${cpus()[0]?.model ?? "cpu"} × ${cpus().length}; ${values.connections} connections of chat load (separate process), ${values.probes} /healthz probes 100 ms apart on fresh connections`);
    console.log("| CHAT_THREADS | /healthz min ms | median ms | p90 ms | max ms | chat req/s | chat p99 ms | errors |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const t of values.threads!.split(",").map(Number)) {
      const srv = await startServer(idx, join(ROOT, "corpus"), 1, "bench/serve.ts", { CHAT_THREADS: String(t) });
      try {
        const f = await healthzUnderLoad(srv.url, { connections: Number(values.connections), probes: Number(values.probes) });
        const ms = (x: number) => x.toFixed(1);
        console.log(`| ${t} | ${ms(f.min)} | ${ms(f.median)} | ${ms(f.p90)} | ${ms(f.max)} | ${f.load.rps.toFixed(0)} | ${ms(f.load.p99)} | ${f.load.errors + f.load.non2xx} |`);
      } finally {
        await srv.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
