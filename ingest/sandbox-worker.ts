/**
 * The parse sandbox's thread: reads and parses one file per task, under the
 * heap cap and deadline its host set. Nothing here touches the index.
 */
import { parentPort } from "node:worker_threads";
import { loadFile } from "./load.js";
import { LoadError } from "./loaders/index.js";
import { parseFile } from "./pipeline.js";
import { defaultRegionResolver } from "./regions.js";
import type { SandboxReply, SandboxTask } from "./sandbox.js";

const port = parentPort!;
const resolveRegion = defaultRegionResolver();

port.on("message", async ({ id, task }: { id: number; task: SandboxTask }) => {
  let reply: SandboxReply;
  try {
    if (task.kind === "file") {
      const source = await loadFile(task.corpusDir, task.file);
      const { docs, clauses, chunks } = parseFile(source, resolveRegion);
      reply = { ok: true, value: { docs, clauses, chunks } };
    } else {
      const { previewFile } = await import("./preview.js");
      reply = { ok: true, value: await previewFile(task.name, Buffer.from(task.bytes), task.today, task.meta) };
    }
  } catch (e) {
    reply = { ok: false, load: e instanceof LoadError, message: e instanceof Error ? e.message : String(e), overflow: e instanceof RangeError && /call stack/i.test(e.message) };
  }
  port.postMessage({ id, reply });
});
