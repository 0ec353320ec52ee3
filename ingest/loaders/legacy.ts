import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, extname, join } from "node:path";
import { promisify } from "node:util";
import { docxLoader } from "./docx.js";
import { LoadError, quoted, type Loader } from "./types.js";

const run = promisify(execFile);

/** LibreOffice's command, if installed: SOFFICE overrides the PATH search (and "" turns conversion off). */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SOFFICE !== undefined) return env.SOFFICE && existsSync(env.SOFFICE) ? env.SOFFICE : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    for (const name of ["soffice", "libreoffice"]) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Legacy Word (.doc) and WPS (.wps) files: converted to DOCX by LibreOffice
 * headless when it is installed, then read as DOCX; otherwise a clear error.
 */
export const legacyLoader: Loader = async (bytes, ctx) => {
  const soffice = findSoffice();
  if (!soffice) throw new LoadError(ctx.name, `${quoted(ctx.name)}是旧版 Word/WPS 格式，本机未安装 LibreOffice，无法转换：请转换为 DOCX 或 PDF`);
  const dir = mkdtempSync(join(tmpdir(), "zct-convert-"));
  try {
    const src = join(dir, `in${extname(ctx.name) || ".doc"}`);
    writeFileSync(src, bytes);
    // A private profile: a user's running LibreOffice would otherwise swallow the headless call.
    await run(soffice, [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "docx", "--outdir", dir, src], { timeout: 120_000 });
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
