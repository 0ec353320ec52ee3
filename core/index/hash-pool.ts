import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { fileHash } from "./manifest.js";

// Plain CommonJS so it needs no TypeScript loader; it hashes its files and bumps a shared counter.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { openSync, readSync, closeSync } = require("node:fs");
const { sab, items } = workerData;
const out = new Uint8Array(sab);
const buf = Buffer.allocUnsafe(8 << 20);
for (const [i, p] of items) {
  try {
    const h = createHash("sha256");
    const fd = openSync(p, "r");
    try {
      let n;
      while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    out.set(h.digest(), 8 + i * 32);
  } catch {
    out[4 + 0] = 1;
  }
}
const done = new Int32Array(sab, 0, 1);
Atomics.add(done, 0, 1);
Atomics.notify(done, 0);
`;

/**
 * sha256 of many files, spread over worker threads while the caller blocks
 * (a synchronous API, as index verification is): a million-clause index is
 * gigabytes, and one core hashes ~0.5 GB/s. Small sets are hashed in-thread.
 */
export function hashFiles(paths: string[], threads = availableParallelism()): string[] {
  const sizes = paths.map((p) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (threads <= 1 || total < 128 * 1024 * 1024 || paths.length < 2) return paths.map(fileHash);
  // Largest files first, each to the least loaded group; group 0 is hashed by this thread.
  const groups: { bytes: number; items: number[] }[] = Array.from({ length: Math.min(threads, paths.length) }, () => ({ bytes: 0, items: [] }));
  for (const i of paths.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a])) {
    const g = groups.reduce((m, x) => (x.bytes < m.bytes ? x : m));
    g.items.push(i);
    g.bytes += sizes[i];
  }
  const sab = new SharedArrayBuffer(8 + paths.length * 32);
  const done = new Int32Array(sab, 0, 1);
  const workers = groups.slice(1).map((g) => new Worker(WORKER, { eval: true, workerData: { sab, items: g.items.map((i) => [i, paths[i]]) } }));
  const out = new Array<string>(paths.length);
  try {
    for (const i of groups[0].items) out[i] = fileHash(paths[i]);
    const want = workers.length;
    for (let seen = Atomics.load(done, 0); seen < want; seen = Atomics.load(done, 0)) {
      if (Atomics.wait(done, 0, seen, 120_000) === "timed-out") throw new Error("index checksum workers timed out");
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
  const bytes = new Uint8Array(sab);
  for (let g = 1; g < groups.length; g++) for (const i of groups[g].items) out[i] = Buffer.from(bytes.subarray(8 + i * 32, 8 + (i + 1) * 32)).toString("hex");
  return out;
}
