/**
 * One thread of the compute pool: builds its index over the main thread's
 * shared memory (verified there, read once) and answers chat and search tasks
 * with the same functions the inline path calls. Segmentation and the
 * hashed-vector search are the index service thread's (one jieba, one HNSW
 * graph per process). The thread lives as long as the server; a reload swaps
 * its index in place (see pool.ts).
 */
import { workerData } from "node:worker_threads";
import { respond } from "../chat/respond.js";
import type { Config } from "../config.js";
import { indexFromShared } from "../index/load.js";
import { ServiceClient } from "../index/service.js";
import { useTokenizer } from "../../core/text/tokenize.js";
import { createServices, type Services } from "../services.js";
import type { IndexGen, Task } from "./types.js";

export interface WorkerData {
  config: Omit<Config, "today">;
  warmQuestions: string[];
  /** The index service's slots (service.ts). */
  service: SharedArrayBuffer;
}

const data = workerData as WorkerData;
const client = new ServiceClient(data.service);
useTokenizer((text, hmm) => client.cut(text, hmm));
// Each task carries the main thread's "today", so every thread agrees on the date a request was made.
let today = "";
let current: { gen: number; services: Services } | undefined;
let loading: { gen: number; done: Promise<void> } | undefined;

async function load(gen: IndexGen): Promise<void> {
  const index = await indexFromShared(gen.shared, { local: false, client, gen: gen.id });
  const services = createServices({ ...data.config, today: () => today } as Config, index);
  // JIT and lazily loaded dictionaries before the first real request.
  for (const q of data.warmQuestions) {
    today = new Date().toISOString().slice(0, 10);
    await respond({ messages: [{ role: "user", content: q }] }, services);
    await services.retriever.search(q, 5, {});
  }
  // The previous index is dropped here: nothing else holds it.
  if (!current || gen.id > current.gen) current = { gen: gen.id, services };
}

/** The services of `gen` or a newer generation, loading `gen` when the thread has none as new. */
async function servicesFor(gen: IndexGen): Promise<Services> {
  if (!current || gen.id > current.gen) {
    if (!loading || loading.gen < gen.id) loading = { gen: gen.id, done: load(gen) };
    await loading.done;
  }
  return current!.services;
}

export default async function run(task: Task): Promise<unknown> {
  if (task.kind === "load") {
    await servicesFor(task.gen);
    const counter = new Int32Array(task.barrier);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
    for (let seen = Atomics.load(counter, 0); seen < task.n; seen = Atomics.load(counter, 0)) {
      if (Date.now() > task.deadline) throw new Error("compute threads did not all load the index in time");
      Atomics.wait(counter, 0, seen, 50);
    }
    return true;
  }
  const services = await servicesFor(task.gen);
  if (task.kind === "chat") {
    today = task.today;
    return respond(task.req, services);
  }
  return services.retriever.search(task.q, task.k, task.filter);
}
