import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, delimiter, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { docxLoader } from "./docx.js";
import { LoadError, quoted, type Loader } from "./types.js";

/** LibreOffice's command, if installed: SOFFICE overrides the PATH search (and "" turns conversion off). */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SOFFICE !== undefined) return env.SOFFICE && existsSync(env.SOFFICE) ? env.SOFFICE : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of ["soffice", "libreoffice"]) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A conversion that takes longer than this is given up (LibreOffice hangs on some damaged files). */
export const CONVERT_TIMEOUT_MS = Number(process.env.SOFFICE_TIMEOUT_MS) || 120_000;

// Each conversion starts its own LibreOffice (a few hundred MB); more at once than cores only queue on the CPU.
const MAX_AT_ONCE = Math.max(1, Math.min(4, availableParallelism()));
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Runs LibreOffice headless in its own process group, so that a timeout ends
 * soffice.bin too and not only the launcher script; resolves with its exit code.
 */
function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<{ code: number | null; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { detached: true, stdio: "ignore", env: { ...process.env, HOME: process.env.HOME ?? tmpdir() } });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut });
    });
  });
}

/**
 * Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice
 * headless when it is installed (Debian: libreoffice-writer-nogui), then read
 * as DOCX; otherwise a clear error. Every conversion has its own temporary
 * folder and a private LibreOffice profile (-env:UserInstallation), so several
 * run at once and a user's open LibreOffice does not swallow the call.
 */
export const legacyLoader: Loader = async (bytes, ctx) => {
  const soffice = findSoffice();
  if (!soffice) throw new LoadError(ctx.name, `${quoted(ctx.name)}是旧版 Word/WPS 格式，本机未安装 LibreOffice，无法转换：请转换为 DOCX 或 PDF`);
  const dir = mkdtempSync(join(tmpdir(), "zct-convert-"));
  try {
    const src = join(dir, `in${extname(ctx.name).toLowerCase() || ".doc"}`);
    writeFileSync(src, bytes);
    const profile = pathToFileURL(join(dir, "profile")).href;
    const { timedOut } = await slot(() =>
      runSoffice(soffice, [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, src], CONVERT_TIMEOUT_MS),
    );
    if (timedOut) throw new LoadError(ctx.name, `${quoted(ctx.name)}转换超时（LibreOffice ${Math.round(CONVERT_TIMEOUT_MS / 1000)} 秒内未完成）：请转换为 DOCX 或 PDF`);
    const out = join(dir, `${basename(src, extname(src))}.docx`);
    if (!existsSync(out)) throw new Error("no output");
    return await docxLoader(readFileSync(out), ctx);
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(ctx.name, `${quoted(ctx.name)}转换失败（LibreOffice 未能读取该文件）：请转换为 DOCX 或 PDF`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
