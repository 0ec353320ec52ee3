import { Worker } from "node:worker_threads";
import type { Manifest } from "../../core/index/manifest.js";

/**
 * Index builds take seconds to minutes of CPU; in a running server they run
 * in a worker thread so requests keep being answered meanwhile.
 */
export function buildInWorker(job: { corpusDir: string; outDir: string }): Promise<Manifest> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./build-worker-entry.mjs", import.meta.url), { workerData: job });
    worker.once("message", (m: { ok: true; manifest: Manifest } | { ok: false; error: string }) => (m.ok ? resolve(m.manifest) : reject(new Error(m.error))));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`索引构建线程异常退出 / build worker exited with ${code}`)));
  });
}
