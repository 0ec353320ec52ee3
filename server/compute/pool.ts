import { Piscina } from "piscina";
import type { Config } from "../config.js";
import type { ChatResponse } from "../chat/schema.js";
import { verifiedStamp } from "../index/load.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Compute, Task } from "./types.js";
import type { WorkerData } from "./worker.js";

export interface PoolOptions {
  threads: number;
  indexDir: string;
  config: Config;
  warmQuestions: string[];
  /** How long the threads may take to load the index and warm up. */
  readyTimeoutMs?: number;
}

/**
 * A pool of worker threads, each holding the index, for chat and search.
 * One pool per loaded index: a reload starts a new pool on the new index and
 * closes the old one once its tasks are done, so no request sees a mix.
 * Resolves when every thread has loaded the index.
 */
export async function poolCompute(o: PoolOptions): Promise<Compute> {
  const ready = new SharedArrayBuffer(4);
  const { today: _today, ...config } = o.config;
  const workerData: WorkerData = { indexDir: o.indexDir, stamp: verifiedStamp(o.indexDir), config, ready, warmQuestions: o.warmQuestions };
  const pool = new Piscina({
    filename: new URL("./worker-entry.mjs", import.meta.url).href,
    minThreads: o.threads,
    maxThreads: o.threads,
    idleTimeout: Infinity,
    // Under load the event loop (probes, metrics, reading requests, writing answers) goes first;
    // the threads take the rest of the CPU. Linux only, through @napi-rs/nice (an optional dependency of piscina).
    niceIncrement: o.config.chatThreadNice,
    workerData,
    // Threads that load a large index must not be cut short by the default closeTimeout of a reload.
    closeTimeout: 30_000,
  });
  let failure: unknown;
  pool.on("error", (e: unknown) => (failure = e));
  const counter = new Int32Array(ready);
  const deadline = Date.now() + (o.readyTimeoutMs ?? 120_000);
  for (let seen = Atomics.load(counter, 0); seen < o.threads; seen = Atomics.load(counter, 0)) {
    if (failure) {
      await pool.destroy();
      throw failure instanceof Error ? failure : new Error(String(failure));
    }
    if (Date.now() > deadline) {
      await pool.destroy();
      throw new Error(`计算线程未能在时限内加载索引 / compute threads did not load the index in time`);
    }
    // Polled, not waited on, so the event loop keeps answering probes while the threads load.
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    threads: o.threads,
    chat: (req, today) => pool.run({ kind: "chat", req, today } satisfies Task) as Promise<ChatResponse>,
    search: (q, k, filter) => pool.run({ kind: "search", q, k, filter } satisfies Task) as Promise<SearchHit[]>,
    queued: () => pool.queueSize,
    close: () => pool.close(),
  };
}
