import { Worker } from "node:worker_threads";
import { bundledWorker, execArgvWithoutTsx } from "../compute/bundle.js";
import type { VectorHit } from "../retrieval/vectors.js";

/**
 * One thread per server process holds what cannot live in shared memory:
 * jieba (two native dictionary tries, ≈ 240 MB per loaded copy) and the
 * hashed-vector search (hnswlib's native graph, and the embedding IDF table).
 * Compute threads and the event loop call it synchronously through a
 * SharedArrayBuffer (one slot per calling thread, Atomics to wait), so
 * segmentation stays the synchronous call it is everywhere else and each
 * added compute thread costs its JavaScript heap, not another copy of these.
 *
 * Slot layout (Int32 words, then the data area, 8-byte aligned):
 *   0 state (0 free, 1 request, 2 answer, 3 failed)   1 op   2 length   3 generation   4 k   5 answer length
 */
export const SLOTS = 32;
export const SLOT_BYTES = 4 << 20;
const HEAD = 32;
const CONTROL = 64;
/** Control words: 0 doorbell (bumped on every request), 1 next unclaimed slot. */
export const OP_CUT = 1;
export const OP_DENSE = 2;
export const STATE_REQUEST = 1;
export const STATE_ANSWER = 2;
export const STATE_FAILED = 3;

export function serviceBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL + SLOTS * (HEAD + SLOT_BYTES));
}

export interface Slot {
  head: Int32Array;
  data: Buffer;
}

export function slotAt(sab: SharedArrayBuffer, i: number): Slot {
  const at = CONTROL + i * (HEAD + SLOT_BYTES);
  return { head: new Int32Array(sab, at, HEAD / 4), data: Buffer.from(sab, at + HEAD, SLOT_BYTES) };
}

export function control(sab: SharedArrayBuffer): Int32Array {
  return new Int32Array(sab, 0, CONTROL / 4);
}

/** Token separator of a cut answer; a text containing it is answered as JSON instead. */
export const SEP = "\u0000";

const WAIT_MS = 60_000;

/** The calling thread's side: synchronous cut and dense search through its own slot. */
export class ServiceClient {
  private slot?: Slot;
  private stopped = false;
  constructor(private readonly sab: SharedArrayBuffer) {}

  /** The service is gone (its server closed): cut answers undefined from now on, so the caller segments itself. */
  stop(): void {
    this.stopped = true;
  }

  private mine(): Slot {
    if (this.slot) return this.slot;
    const i = Atomics.add(control(this.sab), 1, 1);
    if (i >= SLOTS) throw new Error(`索引服务线程的调用槽已用完（${SLOTS}）/ out of service slots`);
    return (this.slot = slotAt(this.sab, i));
  }

  /** Send the request already written into the slot; the answer's length, or undefined when the service could not answer. */
  private call(op: number, len: number, gen: number, k: number): number | undefined {
    const { head } = this.mine();
    head[1] = op;
    head[2] = len;
    head[3] = gen;
    head[4] = k;
    Atomics.store(head, 0, STATE_REQUEST);
    const ctl = control(this.sab);
    Atomics.add(ctl, 0, 1);
    Atomics.notify(ctl, 0);
    const t0 = Date.now();
    for (let s = Atomics.load(head, 0); s === STATE_REQUEST; s = Atomics.load(head, 0)) {
      if (Date.now() - t0 > WAIT_MS) throw new Error("索引服务线程无响应 / index service thread did not answer");
      Atomics.wait(head, 0, STATE_REQUEST, 1000);
    }
    const state = Atomics.load(head, 0);
    const n = head[5];
    Atomics.store(head, 0, 0);
    return state === STATE_ANSWER ? n : undefined;
  }

  /** jieba's cut(text, hmm), or undefined when the text does not fit a slot (the caller segments it itself). */
  cut(text: string, hmm: boolean): string[] | undefined {
    if (this.stopped || text.length * 3 + 1 > SLOT_BYTES) return undefined;
    const slot = this.mine();
    const len = slot.data.write(text, 0, "utf8");
    const n = this.call(OP_CUT, len, hmm ? 1 : 0, 0);
    if (n === undefined) return undefined;
    const out = slot.data.toString("utf8", 1, 1 + n);
    // First byte: 0 separator-joined, 1 JSON (the text itself held the separator).
    if (slot.data[0] === 1) return JSON.parse(out) as string[];
    return n ? out.split(SEP) : [];
  }

  /** The hashed-vector neighbours of a query in index generation `gen`. */
  dense(gen: number, query: string, k: number): VectorHit[] {
    const slot = this.mine();
    if (query.length * 3 > SLOT_BYTES) return [];
    const len = slot.data.write(query, 0, "utf8");
    const n = this.call(OP_DENSE, len, gen, k);
    if (n === undefined) throw new Error("索引服务线程未能检索向量 / dense search failed in the index service");
    const f = new Float64Array(slot.data.buffer, slot.data.byteOffset, n * 2);
    const hits: VectorHit[] = [];
    for (let j = 0; j < n; j++) hits.push({ i: f[2 * j], distance: f[2 * j + 1] });
    return hits;
  }
}

/** What a generation of the vector index needs: read from the verified index directory. */
export interface DenseGen {
  id: number;
  dir: string;
  dim: number;
  /** idf.json's bytes, already read (and checksummed) by the main thread. */
  idf: SharedArrayBuffer;
}

/** The main thread's handle: start the service, load and drop generations, stop it. */
export interface IndexService {
  readonly sab: SharedArrayBuffer;
  load(gen: DenseGen): Promise<void>;
  /** Generations older than `id` are no longer asked for. */
  retain(id: number): void;
  /** Generation `id` was refused before any thread took it. */
  drop(id: number): void;
  close(): Promise<void>;
}

/** The service thread's code: the bundle (no TypeScript loader in the thread) when it can be made, else the tsx entry. */
export const serviceScript = async (): Promise<{ url: URL; bundled: boolean }> => {
  const bundled = await bundledWorker(new URL("./service-worker.ts", import.meta.url));
  return bundled ? { url: bundled, bundled: true } : { url: new URL("./service-entry.mjs", import.meta.url), bundled: false };
};

export function startIndexService(sab: SharedArrayBuffer, script: { url: URL; bundled: boolean }): IndexService {
  const worker = new Worker(script.url, {
    workerData: { sab },
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
    ...(script.bundled ? { execArgv: execArgvWithoutTsx() } : {}),
  });
  worker.unref();
  let seq = 0;
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  worker.on("message", (m: { reply: number; error?: string }) => {
    const w = waiting.get(m.reply);
    waiting.delete(m.reply);
    if (m.error) w?.reject(new Error(m.error));
    else w?.resolve();
  });
  const fail = (e: Error) => {
    failure = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`索引服务线程已退出 / index service thread exited (${code})`)));
  return {
    sab,
    load: (gen) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const id = ++seq;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, load: gen });
      }),
    retain: (id) => worker.postMessage({ id: ++seq, retain: id }),
    drop: (id) => worker.postMessage({ id: ++seq, drop: id }),
    close: async () => {
      await worker.terminate();
    },
  };
}
