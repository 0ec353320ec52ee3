/**
 * One thread of the compute pool: loads the same read-only index as the main
 * thread (its checksums already verified there) and answers chat and search
 * tasks with the same functions the inline path calls.
 */
import { workerData } from "node:worker_threads";
import { respond } from "../chat/respond.js";
import type { Config } from "../config.js";
import { loadIndex, trustVerified } from "../index/load.js";
import { createServices } from "../services.js";
import type { Task } from "./types.js";

export interface WorkerData {
  indexDir: string;
  /** The main thread's verification stamp of indexDir: unchanged files are not hashed again. */
  stamp?: string;
  config: Omit<Config, "today">;
  /** Int32 counter of threads that finished loading, for the pool's readiness. */
  ready: SharedArrayBuffer;
  warmQuestions: string[];
}

const data = workerData as WorkerData;
if (data.stamp) trustVerified(data.indexDir, data.stamp);
const index = await loadIndex(data.indexDir);
// Each task carries the main thread's "today", so every thread agrees on the date a request was made.
let today = "";
const services = createServices({ ...data.config, today: () => today } as Config, index);

// JIT and lazily loaded dictionaries before the first real request.
for (const q of data.warmQuestions) {
  today = new Date().toISOString().slice(0, 10);
  await respond({ messages: [{ role: "user", content: q }] }, services);
  await services.retriever.search(q, 5, {});
}
const counter = new Int32Array(data.ready);
Atomics.add(counter, 0, 1);
Atomics.notify(counter, 0);

export default async function run(task: Task): Promise<unknown> {
  if (task.kind === "chat") {
    today = task.today;
    return respond(task.req, services);
  }
  return services.retriever.search(task.q, task.k, task.filter);
}
