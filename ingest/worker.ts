/**
 * Ingest worker thread: parses, segments and compiles one shard of the corpus, then
 * (once the coordinator has merged document frequencies into IDF) embeds the
 * shard's chunks and builds its HNSW graph. Keeps ingest off the main thread.
 */
import { parentPort } from "node:worker_threads";
import { initTokenizer } from "../core/text/tokenize.js";
import { defaultRegionResolver } from "./regions.js";
import { compileBounded, MAX_COMPILE_CHARS } from "./compile-bounded.js";
import { buildVectorShard, parseShard, type ShardFeatures, type VectorParams } from "./shard.js";

export type WorkerRequest =
  | { type: "parse"; corpusDir: string; files: string[] }
  | { type: "vectors"; idf: Float64Array; base: number; dir: string; params: VectorParams };

export type WorkerReply =
  | { type: "progress"; stage: "parse" | "rules" | "vectors"; done: number; total: number }
  | { type: "parsed"; shard: import("./shard.js").ParsedShard }
  | { type: "vectors"; files: Record<string, string> }
  | { type: "error"; message: string; stack?: string };

let featVocab: string[] = [];
let features: ShardFeatures | undefined;

const port = parentPort!;
const send = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on("message", async (req: WorkerRequest) => {
  try {
    if (req.type === "parse") {
      initTokenizer(req.corpusDir);
      const { shard, features: f } = await parseShard(req.corpusDir, req.files, defaultRegionResolver(), (done) => {
        if (done % 50 === 0 || done === req.files.length) send({ type: "progress", stage: "parse", done, total: req.files.length });
      });
      featVocab = shard.featVocab;
      features = f;
      // The compiler reads one document at a time (aliases aside, added after the merge): on this core, not the coordinator's.
      send({ type: "progress", stage: "rules", done: 0, total: shard.clauses.length });
      shard.compiled = compileBounded(shard.docs, shard.clauses, MAX_COMPILE_CHARS, { aliases: false });
      send({ type: "parsed", shard }, [shard.termIds.buffer as ArrayBuffer, shard.termOffsets.buffer as ArrayBuffer, shard.featDf.buffer as ArrayBuffer]);
    } else {
      const files = buildVectorShard(featVocab, features!, req.idf, req.base, req.dir, req.params, (done, total) => send({ type: "progress", stage: "vectors", done, total }));
      features = undefined;
      send({ type: "vectors", files });
    }
  } catch (e) {
    send({ type: "error", message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) });
  }
});
