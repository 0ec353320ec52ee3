import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import type { Chunk } from "./chunk.js";
import { PARSE_LIMITS } from "./limits.js";
import { LoadError } from "./loaders/index.js";

export type SandboxTask =
  | { kind: "file"; corpusDir: string; file: string }
  | { kind: "preview"; name: string; bytes: Uint8Array; today: string; meta: Record<string, unknown> };

export type SandboxReply = { ok: true; value: unknown } | { ok: false; load: boolean; message: string; overflow: boolean };

export interface ParsedParts {
  docs: DocMeta[];
  clauses: Clause[];
  chunks: Chunk[];
}

/**
 * Every file is parsed here: in a worker thread with a heap cap
 * (resourceLimits) and a deadline, one file at a time. A file that breaks a
 * limit (a zip bomb that got past the checks, a regex that backtracks, a tree
 * too deep) costs the thread, not the process: the thread is terminated, the
 * file gets a LoadError naming it and the limit, and the next file gets a new
 * thread.
 */
export class ParseSandbox {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;

  private idle: NodeJS.Timeout | undefined;
  private pending = 0;

  /** `idleMs`: stop the thread after this long without work (a long-lived sandbox, e.g. the admin preview's). */
  constructor(
    private readonly limits = PARSE_LIMITS,
    private readonly idleMs?: number,
  ) {}

  /** Parse corpus file `file` (absolute) into documents, clauses and chunks. `rel` names it in errors. */
  parseCorpusFile(corpusDir: string, file: string, rel: string): Promise<ParsedParts> {
    return this.run({ kind: "file", corpusDir, file }, rel) as Promise<ParsedParts>;
  }

  run(task: SandboxTask, label: string): Promise<unknown> {
    clearTimeout(this.idle);
    this.pending++;
    const job = this.queue.then(
      () => this.once(task, label),
      () => this.once(task, label),
    );
    this.queue = job
      .catch(() => {})
      .finally(() => {
        if (--this.pending === 0 && this.idleMs !== undefined) {
          this.idle = setTimeout(() => void this.close(), this.idleMs);
          this.idle.unref();
        }
      });
    return job;
  }

  private spawn(): Worker {
    const w = new Worker(new URL("./sandbox-entry.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
    });
    w.unref();
    return w;
  }

  private once(task: SandboxTask, label: string): Promise<unknown> {
    const w = (this.worker ??= this.spawn());
    const id = ++this.seq;
    const name = basename(label);
    return new Promise((resolve, reject) => {
      const done = (kill: boolean) => {
        clearTimeout(timer);
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        if (kill) {
          if (this.worker === w) this.worker = undefined;
          void w.terminate();
        }
      };
      const timer = setTimeout(() => {
        done(true);
        reject(new LoadError(label, `《${name}》解析超过时间上限 ${Math.round(this.limits.timeoutMs / 1000)} 秒，已停止解析`));
      }, this.limits.timeoutMs);
      const onMessage = (m: { id: number; reply: SandboxReply }) => {
        if (m.id !== id) return;
        done(false);
        const r = m.reply;
        if (r.ok) resolve(r.value);
        else if (r.load) reject(new LoadError(label, r.message));
        else if (r.overflow) reject(new LoadError(label, `《${name}》结构嵌套过深（调用栈溢出），已停止解析`));
        else reject(new LoadError(label, `《${name}》无法解析：${r.message}`));
      };
      const onError = (e: Error & { code?: string }) => {
        done(true);
        reject(
          new LoadError(
            label,
            e.code === "ERR_WORKER_OUT_OF_MEMORY" ? `《${name}》解析时内存超过上限 ${this.limits.memoryMb} MB，已停止解析` : `《${name}》解析线程出错：${e.message}`,
          ),
        );
      };
      const onExit = (code: number) => {
        done(true);
        reject(new LoadError(label, `《${name}》解析线程意外退出（代码 ${code}）`));
      };
      w.on("message", onMessage);
      w.once("error", onError);
      w.once("exit", onExit);
      w.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
