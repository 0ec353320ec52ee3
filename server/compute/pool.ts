import { Piscina } from "piscina";
import type { Config } from "../config.js";
import type { ChatResponse } from "../chat/schema.js";
import { verifiedStamp } from "../index/load.js";
import type { SearchHit } from "../retrieval/search.js";
import { admission } from "./admission.js";
import type { Compute, IndexGen, Task } from "./types.js";
import type { WorkerData } from "./worker.js";

export interface PoolOptions {
  threads: number;
  config: Config;
  warmQuestions: string[];
  /** How long the threads may take to load an index and warm up. */
  readyTimeoutMs?: number;
}

/** One set of compute threads for the life of the server; each loaded index is a generation of it. */
export interface ThreadPool {
  readonly threads: number;
  /** Have every thread load `indexDir` (and warm up); resolves with the Compute that answers on it. */
  generation(indexDir: string): Promise<Compute>;
  /** Finish the tasks already started, then stop the threads. */
  close(): Promise<void>;
}

/**
 * A pool of worker threads for chat and search, kept for the life of the
 * server. A reload does not start new threads: each thread swaps its index in
 * place (the old one is garbage once the swap is done). Threads are never
 * recycled per reload because a thread's native memory (jieba's dictionaries,
 * ≈ 250 MB) is not returned when the thread ends: new threads per reload grew
 * RSS by that much every time (issue 21, F3).
 *
 * Every task names the generation it belongs to, so a thread that has not
 * loaded it yet (a replacement after a crash) loads it first; a thread never
 * goes back to an older generation (a request that started before a reload may
 * be answered on the new index, never on a mix).
 */
export function threadPool(o: PoolOptions): ThreadPool {
  const { today: _today, ...config } = o.config;
  const workerData: WorkerData = { config, warmQuestions: o.warmQuestions };
  const pool = new Piscina({
    filename: new URL("./worker-entry.mjs", import.meta.url).href,
    minThreads: o.threads,
    maxThreads: o.threads,
    idleTimeout: Infinity,
    // Under load the event loop (probes, metrics, reading requests, writing answers) goes first;
    // the threads take the rest of the CPU. Linux only, through @napi-rs/nice (an optional dependency of piscina).
    niceIncrement: o.config.chatThreadNice,
    workerData,
    closeTimeout: 30_000,
  });
  let failure: unknown;
  pool.on("error", (e: unknown) => (failure = e));
  let seq = 0;
  // One admission gate for the life of the pool (the threads outlive generations): COMPUTE_QUEUE_MAX 0 turns it off.
  const { maxQueue, maxWaitMs, deadlineMs } = o.config.computeQueue;
  const gate = maxQueue > 0 ? admission({ running: 2 * o.threads, maxQueue, maxWaitMs, deadlineMs }) : undefined;
  const admit = <T>(task: () => Promise<T>, arrivedAt?: number): Promise<T> => (gate ? gate.run(task, arrivedAt) : task());
  return {
    threads: o.threads,
    async generation(indexDir) {
      const gen: IndexGen = { id: ++seq, indexDir, ...(verifiedStamp(indexDir) ? { stamp: verifiedStamp(indexDir) } : {}) };
      // One load task per thread: each waits at the barrier until all have loaded, so no thread takes two.
      const barrier = new SharedArrayBuffer(4);
      const deadline = Date.now() + (o.readyTimeoutMs ?? 120_000);
      const loads = Array.from({ length: o.threads }, () => pool.run({ kind: "load", gen, barrier, n: o.threads, deadline } satisfies Task));
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.all(loads),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`计算线程未能在时限内加载索引 / compute threads did not load the index in time`)), deadline - Date.now() + 1000);
          }),
        ]);
      } catch (e) {
        throw failure instanceof Error ? failure : e;
      } finally {
        clearTimeout(timer);
      }
      return {
        threads: o.threads,
        chat: (req, today, at) => admit(() => pool.run({ kind: "chat", req, today, gen } satisfies Task) as Promise<ChatResponse>, at),
        search: (q, k, filter, at) => admit(() => pool.run({ kind: "search", q, k, filter, gen } satisfies Task) as Promise<SearchHit[]>, at),
        ...(gate ? { admit: (at: number) => gate.check(at) } : {}),
        queued: () => pool.queueSize + (gate?.waiting ?? 0),
        // The threads outlive the generation: the next one replaces this index in them.
        close: async () => {},
      };
    },
    close: () => pool.close(),
  };
}

/** A pool holding one index (benchmarks): threadPool with a single generation. */
export async function poolCompute(o: PoolOptions & { indexDir: string }): Promise<Compute> {
  const pool = threadPool(o);
  const compute = await pool.generation(o.indexDir);
  return { ...compute, close: () => pool.close() };
}
