/**
 * The index service thread (see service.ts): the process's one jieba and its
 * hashed-vector search, answering the other threads' slots. It keeps an event
 * loop (Atomics.waitAsync on the doorbell) so that loading a new generation's
 * HNSW graph (asynchronous in hnswlib) does not stop segmentation meanwhile.
 */
import { parentPort, workerData } from "node:worker_threads";
import { HashEmbeddings } from "../../core/retrieval/embed.js";
import { initTokenizer } from "../../core/text/tokenize.js";
import { VectorShards } from "../retrieval/vectors.js";
import { control, OP_CUT, OP_DENSE, SEP, SLOT_BYTES, SLOTS, slotAt, STATE_ANSWER, STATE_FAILED, STATE_REQUEST, type DenseGen, type Slot } from "./service.js";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
type Jieba = { cut(text: string, hmm?: boolean): string[] };

const sab = (workerData as { sab: SharedArrayBuffer }).sab;
const ctl = control(sab);
const slots: Slot[] = Array.from({ length: SLOTS }, (_, i) => slotAt(sab, i));
// The same dictionaries, loaded the same way, as any thread segmenting for itself.
initTokenizer();
const jieba = require("nodejieba") as Jieba;
const gens = new Map<number, { embeddings: HashEmbeddings; vectors: VectorShards }>();

function answer(slot: Slot): void {
  const h = slot.head;
  const text = slot.data.toString("utf8", 0, h[2]);
  try {
    if (h[1] === OP_CUT) {
      const toks = jieba.cut(text, h[3] === 1);
      const json = text.includes(SEP);
      const out = json ? JSON.stringify(toks) : toks.join(SEP);
      if (Buffer.byteLength(out) + 1 > SLOT_BYTES) throw new Error("answer does not fit");
      slot.data[0] = json ? 1 : 0;
      h[5] = slot.data.write(out, 1, "utf8");
    } else if (h[1] === OP_DENSE) {
      const g = gens.get(h[3]);
      if (!g) throw new Error(`unknown index generation ${h[3]}`);
      const hits = g.vectors.search(g.embeddings.vector(text), h[4]);
      const f = new Float64Array(slot.data.buffer, slot.data.byteOffset, hits.length * 2);
      hits.forEach((x, j) => {
        f[2 * j] = x.i;
        f[2 * j + 1] = x.distance;
      });
      h[5] = hits.length;
    } else throw new Error(`unknown op ${h[1]}`);
    Atomics.store(h, 0, STATE_ANSWER);
  } catch {
    Atomics.store(h, 0, STATE_FAILED);
  }
  Atomics.notify(h, 0);
}

function serve(): void {
  const seen = Atomics.load(ctl, 0);
  for (const s of slots) if (Atomics.load(s.head, 0) === STATE_REQUEST) answer(s);
  // A request that rang after the scan changed the doorbell, so the wait returns at once.
  const w = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> } }).waitAsync(ctl, 0, seen);
  if (w.async) void w.value.then(serve);
  else setImmediate(serve);
}
serve();

parentPort!.on("message", async (m: { id: number; load?: DenseGen; retain?: number; drop?: number }) => {
  try {
    if (m.load) {
      const g = m.load;
      const idf = JSON.parse(Buffer.from(g.idf).toString("utf8")) as [string, number][];
      const embeddings = new HashEmbeddings(new Map(idf), g.dim);
      const vectors = await VectorShards.loadAsync(`${g.dir}/vectors`, g.dim);
      gens.set(g.id, { embeddings, vectors });
    }
    if (m.retain !== undefined) for (const id of gens.keys()) if (id < m.retain) gens.delete(id);
    if (m.drop !== undefined) gens.delete(m.drop);
    parentPort!.postMessage({ reply: m.id });
  } catch (e) {
    parentPort!.postMessage({ reply: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
