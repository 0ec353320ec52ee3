/**
 * Vector recall@10 of the served dense search (sharded HNSW, ef as served,
 * pool as the retriever asks) against exact brute-force cosine search over
 * the same stored vectors. Usage: tsx bench/recall.ts INDEX_DIR [QUERIES]
 * Ties at the 10th exact similarity count as hits (synthetic clauses repeat).
 */
import { loadIndex } from "../server/index/load.js";
import { rng } from "./synth.js";

const dir = process.argv[2];
const nQ = Number(process.argv[3] ?? 200);
const index = await loadIndex(dir);
// EF=a,b,c: also report recall at other search breadths (the first figure is as served).
const efs = (process.env.EF ?? "").split(",").filter(Boolean).map(Number);
const dim = index.manifest.embedding.dim;
const n = index.vectors.size;
const labels = new Uint32Array(n);
const mat = new Float32Array(n * dim);
let j = 0;
for (const { i, v } of index.vectors.points()) {
  labels[j] = i;
  mat.set(v, j * dim);
  j++;
}
// Queries: real user-style questions, and chunk texts (the "more like this" case), both embedded as the server does.
const r = rng(5);
const QUESTIONS = ["外卖柜补贴每台多少钱", "新电商企业落户实际投资额资助", "发明专利授权资助标准", "高价值专利培育示范中心申报条件", "专利转化专项计划中小企业", "知识产权质押融资贴息", "参加展会展位费补贴", "电商人才培训学时补助", "知识产权强企培育工程", "专利导航项目经费"];
const queries: string[] = [];
for (let q = 0; q < nQ; q++) queries.push(q % 2 === 0 ? QUESTIONS[(q / 2) % QUESTIONS.length] + (q > 20 ? ` ${index.docs[Math.floor(r() * index.docs.length)].region.city ?? ""}` : "") : index.chunk(Math.floor(r() * index.chunkCount)).text.slice(0, 40));
const K = 10;
const POOL = 60;
let hits = 0;
const t0 = performance.now();
let annMs = 0;
const alt = efs.map(() => ({ hits: 0, ms: 0 }));
for (const q of queries) {
  const v = await index.embeddings.embedQuery(q);
  const qv = Float32Array.from(v);
  let nq = 0;
  for (const x of qv) nq += x * x;
  nq = Math.sqrt(nq) || 1;
  const sims = new Float32Array(n);
  for (let a = 0; a < n; a++) {
    let s = 0;
    const o = a * dim;
    for (let d = 0; d < dim; d++) s += mat[o + d] * qv[d];
    sims[a] = s / nq;
  }
  const sorted = Float32Array.from(sims).sort();
  const kth = sorted[n - Math.min(K, n)];
  const t = performance.now();
  const ann = index.vectors.search(v, Math.min(POOL, n)).slice(0, K);
  annMs += performance.now() - t;
  for (const h of ann) if (1 - h.distance >= kth - 1e-4) hits++;
  efs.forEach((ef, e) => {
    index.vectors.setEf(ef);
    const t1 = performance.now();
    const res = index.vectors.search(v, Math.min(POOL, n)).slice(0, K);
    alt[e].ms += performance.now() - t1;
    for (const h of res) if (1 - h.distance >= kth - 1e-4) alt[e].hits++;
  });
  if (efs.length) index.vectors.resetEf();
  if (process.env.DEBUG) console.error(kth.toFixed(4), ann.map((h) => (1 - h.distance).toFixed(4)).join(" "), "| exact", Array.from(sorted.slice(n - 10)).reverse().map((x) => x.toFixed(4)).join(" "));
}
const den = queries.length * Math.min(K, n);
console.log(JSON.stringify({ recall: hits / den, queries: queries.length, vectors: n, exactMs: performance.now() - t0, annMsPerQuery: annMs / queries.length, byEf: efs.map((ef, e) => ({ ef, recall: alt[e].hits / den, msPerQuery: alt[e].ms / queries.length })) }));
