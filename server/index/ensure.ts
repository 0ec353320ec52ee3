import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildIndex, corpusHash, type BuildProgress } from "../../ingest/build.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { remoteEmbeddingConfig } from "../../core/retrieval/remote.js";
import { IndexProblem, loadIndex, verifyIndex, type IndexData } from "./load.js";
import { sha256, type Manifest } from "../../core/index/manifest.js";

export type Log = (msg: string) => void;

/** Why the index must be (re)built, or undefined when it is current. */
export function staleness(indexDir: string, corpusDir: string): string | undefined {
  if (!existsSync(join(indexDir, "manifest.json"))) return "索引不存在，正在构建 / no index yet";
  try {
    const m = verifyIndex(indexDir);
    if (m.corpusHash !== corpusHash(corpusDir)) return "语料已变化，正在重建索引 / corpus changed";
    if (m.embedding.remote?.model !== remoteEmbeddingConfig()?.model) return "嵌入服务配置已变化，正在重建索引 / embedding endpoint changed";
  } catch (e) {
    if (e instanceof IndexProblem) return `${e.message}，正在重建 / rebuilding`;
    throw e;
  }
  return undefined;
}

/**
 * A shipped, read-only index: the manifest's format and every file's checksum
 * are verified (load.ts), and with `pin` the manifest itself must hash to it,
 * which pins every file it lists. Throws IndexProblem with the reason; never rebuilds.
 */
export function verifyArtifact(indexDir: string, pin?: string): Manifest {
  const mf = join(indexDir, "manifest.json");
  if (!existsSync(mf)) throw new IndexProblem(`索引不存在 / no index at ${indexDir}`);
  if (pin) {
    const actual = sha256(readFileSync(mf));
    if (actual !== pin) throw new IndexProblem(`索引清单的 sha256 为 ${actual}，与 INDEX_SHA256=${pin} 不符 / index manifest does not match INDEX_SHA256`);
  }
  return verifyIndex(indexDir);
}

export function progressPrinter(log: Log): (p: BuildProgress) => void {
  let last = "";
  return (p) => {
    const line = `  ${p.stage.padEnd(8)} ${p.done}/${p.total}`;
    if (p.done === p.total && line !== last) log(line);
    last = line;
  };
}

/** Load the index, building it first when it is missing, stale, corrupt or of another format. */
export async function ensureIndex(indexDir: string, corpusDir: string, log: Log = console.log): Promise<IndexData> {
  const why = staleness(indexDir, corpusDir);
  if (why) {
    log(why);
    const { manifest } = await buildIndex({ corpusDir, outDir: indexDir, resolveRegion: defaultRegionResolver(), onProgress: progressPrinter(log) });
    for (const p of manifest.problems ?? []) log(`未收录 ${p.file}：${p.message}`);
    log(`索引已构建：${manifest.counts.documents} 个文件、${manifest.counts.clauses} 个条款、${manifest.counts.rules} 条规则（其中自动编译 ${manifest.counts.compiled} 条；金额条款 ${manifest.counts.provisions} 句，仅引用 ${manifest.counts.quoteOnly} 句），用时 ${(manifest.buildMs / 1000).toFixed(1)} 秒`);
  }
  return loadIndex(indexDir);
}
