import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../core/paths.js";

/**
 * The pid file of the server on `port`: PID_FILE when set, else one per port
 * (`.run/server-<port>.pid`), so servers started from one checkout on different
 * ports do not overwrite each other's and `npm run reload -- --port N` finds the
 * right one. scripts/reload.mjs follows the same naming.
 */
export function pidFileFor(explicit: string | undefined, port: number): string {
  return explicit ?? join(ROOT, ".run", `server-${port}.pid`);
}

/**
 * `npm start` runs the server under npm (and a shell), so the pid a user sees
 * is not the server's: a SIGHUP sent there kills npm and orphans the server.
 * The server writes its own pid here; `npm run reload` signals that one.
 */
export function writePidFile(path: string, warn: (m: string) => void = console.warn): () => void {
  try {
    const old = Number(readFileSync(path, "utf8").trim());
    if (old && old !== process.pid && alive(old)) warn(`pid 文件 ${path} 指向仍在运行的进程 ${old}，现改为本进程 ${process.pid} / pid file pointed at a live process`);
  } catch {
    // no previous pid file
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${process.pid}\n`);
  const remove = () => {
    try {
      if (Number(readFileSync(path, "utf8").trim()) === process.pid) rmSync(path);
    } catch {
      // already gone
    }
  };
  process.once("exit", remove);
  return remove;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
