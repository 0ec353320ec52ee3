import { Piscina } from "piscina";
import type { Config } from "../config.js";
import type { ChatResponse } from "../chat/schema.js";
import { loadServedIndex, type IndexData } from "../index/load.js";
import { ServiceClient, serviceBuffer, serviceScript, startIndexService } from "../index/service.js";
import { useTokenizer } from "../../core/text/tokenize.js";
import type { SearchHit } from "../retrieval/search.js";
import { admission } from "./admission.js";
import { bundledWorker, execArgvWithoutTsx } from "./bundle.js";
import type { Compute, IndexGen, Task } from "./types.js";
import type { WorkerData } from "./worker.js";

/** Young-generation cap of a compute thread (MB): see bench:memory. */
const YOUNG_MB = 8;

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
  /**
   * Read `indexDir` into shared memory (verified), have the index service and every thread
   * load it (and warm up); resolves with this thread's view of the index and the Compute that answers on it.
   * `accept` sees this thread's view before any compute thread takes it (they never go back to an older
   * generation): when it throws, the threads keep the index they have.
   */
  generation(indexDir: string, accept?: (index: IndexData) => Promise<void>): Promise<{ index: IndexData; compute: Compute }>;
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
  // One jieba and one HNSW graph for the process, in the index service thread; this thread segments through it too.
  const sab = serviceBuffer();
  const client = new ServiceClient(sab);
  const workerData: WorkerData = { config, warmQuestions: o.warmQuestions, service: sab };
  let failure: unknown;
  // The threads start once their code is bundled (plain JavaScript: no TypeScript loader per thread), else on the tsx entry.
  const started = (async () => {
    const [bundled, script] = await Promise.all([bundledWorker(new URL("./worker.ts", import.meta.url)), serviceScript()]);
    const service = startIndexService(sab, script);
    // Only once the service runs: a caller waiting on it before (another server in this process
    // segmenting meanwhile) would block this event loop, and with it the bundling the service waits for.
    useTokenizer((text, hmm) => client.cut(text, hmm));
    const pool = new Piscina({
      filename: (bundled ?? new URL("./worker-entry.mjs", import.meta.url)).href,
      ...(bundled ? { execArgv: execArgvWithoutTsx() } : {}),
      minThreads: o.threads,
      maxThreads: o.threads,
      idleTimeout: Infinity,
      // Under load the event loop (probes, metrics, reading requests, writing answers) goes first;
      // the threads take the rest of the CPU. Linux only, through @napi-rs/nice (an optional dependency of piscina).
      niceIncrement: o.config.chatThreadNice,
      workerData,
      // A thread's heap is its own decoded rules, documents and caches (the index is shared): a smaller
      // young generation keeps each thread's resident memory close to that, at the price of more scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
      closeTimeout: 30_000,
    });
    pool.on("error", (e: unknown) => (failure = e));
    return { service, pool };
  })();
  // A failed start is reported by generation(); not an unhandled rejection meanwhile.
  started.catch(() => {});
  let seq = 0;
  // One admission gate for the life of the pool (the threads outlive generations): COMPUTE_QUEUE_MAX 0 turns it off.
  const { maxQueue, maxWaitMs, deadlineMs } = o.config.computeQueue;
  const gate = maxQueue > 0 ? admission({ running: 2 * o.threads, maxQueue, maxWaitMs, deadlineMs }) : undefined;
  const admit = <T>(task: () => Promise<T>, arrivedAt?: number): Promise<T> => (gate ? gate.run(task, arrivedAt) : task());
  return {
    threads: o.threads,
    async generation(indexDir, accept) {
      const { service, pool } = await started;
      const id = ++seq;
      const { index, shared } = await loadServedIndex(indexDir, id, service, client);
      try {
        await accept?.(index);
      } catch (e) {
        // Refused: the service's graph of this generation goes (the threads' current one stays).
        service.drop(id);
        throw e;
      }
      const gen: IndexGen = { id, indexDir, shared };
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
      // Every thread is on this generation now and never goes back: the service drops older graphs.
      service.retain(id);
      const compute: Compute = {
        threads: o.threads,
        chat: (req, today, at) => admit(() => pool.run({ kind: "chat", req, today, gen } satisfies Task) as Promise<ChatResponse>, at),
        search: (q, k, filter, at) => admit(() => pool.run({ kind: "search", q, k, filter, gen } satisfies Task) as Promise<SearchHit[]>, at),
        ...(gate ? { admit: (at: number) => gate.check(at) } : {}),
        queued: () => pool.queueSize + (gate?.waiting ?? 0),
        // The threads outlive the generation: the next one replaces this index in them.
        close: async () => {},
      };
      return { index, compute };
    },
    close: async () => {
      const { service, pool } = await started;
      await pool.close();
      // This thread segments for itself again (another server in the process may still be answering).
      client.stop();
      await service.close();
    },
  };
}

/** A pool holding one index (benchmarks): threadPool with a single generation. */
export async function poolCompute(o: PoolOptions & { indexDir: string }): Promise<Compute> {
  const pool = threadPool(o);
  const { compute } = await pool.generation(o.indexDir);
  return { ...compute, close: () => pool.close() };
}
