/**
 * A plain BM25 inverted index over pre-tokenised documents. Postings live in
 * flat typed arrays so a query touches only the documents that share a term,
 * and the index serialises to one binary blob plus a term list.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

export interface Bm25Hit {
  doc: number;
  score: number;
}

export class Bm25Index {
  private constructor(
    readonly params: Bm25Params,
    private readonly termIds: Map<string, number>,
    /** offsets[t]..offsets[t+1] index into docs/tfs for term t. */
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly tfs: Uint16Array,
    private readonly docLens: Uint32Array,
    private readonly avgLen: number,
  ) {}

  get size(): number {
    return this.docLens.length;
  }

  get vocabulary(): number {
    return this.termIds.size;
  }

  static build(documents: string[][], params: Bm25Params = { k1: 1.2, b: 0.75 }): Bm25Index {
    const termIds = new Map<string, number>();
    const perTerm: number[][] = [];
    const docLens = new Uint32Array(documents.length);
    let total = 0;
    documents.forEach((tokens, d) => {
      docLens[d] = tokens.length;
      total += tokens.length;
      const counts = new Map<string, number>();
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, c] of counts) {
        let id = termIds.get(t);
        if (id === undefined) {
          id = perTerm.length;
          termIds.set(t, id);
          perTerm.push([]);
        }
        perTerm[id].push(d, Math.min(c, 65535));
      }
    });
    const offsets = new Uint32Array(perTerm.length + 1);
    let n = 0;
    perTerm.forEach((p, t) => {
      offsets[t] = n;
      n += p.length / 2;
    });
    offsets[perTerm.length] = n;
    const docs = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    perTerm.forEach((p, t) => {
      for (let i = 0, o = offsets[t]; i < p.length; i += 2, o++) {
        docs[o] = p[i];
        tfs[o] = p[i + 1];
      }
    });
    return new Bm25Index(params, termIds, offsets, docs, tfs, docLens, documents.length ? total / documents.length : 0);
  }

  /**
   * Build from documents already mapped to term ids: `ids[offsets[d]..offsets[d+1]]`
   * are document d's tokens, `vocab[id]` the term. Two counting passes over typed
   * arrays, no per-term JS arrays: what a million-clause ingest needs.
   */
  static fromIds(vocab: string[], ids: Uint32Array, offsets: Uint32Array, params: Bm25Params = { k1: 1.2, b: 0.75 }): Bm25Index {
    const nDocs = offsets.length - 1;
    const nTerms = vocab.length;
    const docLens = new Uint32Array(nDocs);
    const df = new Uint32Array(nTerms + 1);
    const seen = new Int32Array(nTerms).fill(-1);
    let total = 0;
    for (let d = 0; d < nDocs; d++) {
      docLens[d] = offsets[d + 1] - offsets[d];
      total += docLens[d];
      for (let o = offsets[d]; o < offsets[d + 1]; o++) {
        const t = ids[o];
        if (seen[t] !== d) {
          seen[t] = d;
          df[t]++;
        }
      }
    }
    const termOffsets = new Uint32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) termOffsets[t + 1] = termOffsets[t] + df[t];
    const n = termOffsets[nTerms];
    const docs = new Uint32Array(n);
    const tfs = new Uint16Array(n);
    const fill = termOffsets.slice(0, nTerms);
    const tf = new Uint32Array(nTerms);
    for (let d = 0; d < nDocs; d++) {
      for (let o = offsets[d]; o < offsets[d + 1]; o++) tf[ids[o]]++;
      for (let o = offsets[d]; o < offsets[d + 1]; o++) {
        const t = ids[o];
        if (tf[t] === 0) continue;
        docs[fill[t]] = d;
        tfs[fill[t]++] = Math.min(tf[t], 65535);
        tf[t] = 0;
      }
    }
    return new Bm25Index(params, new Map(vocab.map((t, i) => [t, i])), termOffsets, docs, tfs, docLens, nDocs ? total / nDocs : 0);
  }

  /** Whether any chunk has the term. */
  has(term: string): boolean {
    return this.termIds.has(term);
  }

  idf(term: string): number {
    const id = this.termIds.get(term);
    if (id === undefined) return 0;
    const df = this.offsets[id + 1] - this.offsets[id];
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Top-k documents for the query terms; `allow` filters documents (e.g. by region or date). */
  search(query: string[], k: number, allow?: (doc: number) => boolean, weights?: Map<string, number>): Bm25Hit[] {
    const { k1, b } = this.params;
    // Term-at-a-time into a reused dense accumulator: no Map per posting, which at a million
    // chunks (posting lists of hundreds of thousands) is the difference between ms and 100 ms.
    const acc = this.scratch();
    const touched = this.touched!;
    let nTouched = 0;
    const avg = this.avgLen || 1;
    for (const term of new Set(query)) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const idf = this.idf(term) * (weights?.get(term) ?? 1);
      const num = idf * (k1 + 1);
      const end = this.offsets[id + 1];
      for (let o = this.offsets[id]; o < end; o++) {
        const d = this.docs[o];
        const tf = this.tfs[o];
        const norm = tf + k1 * (1 - b + (b * this.docLens[d]) / avg);
        if (acc[d] === 0) touched[nTouched++] = d;
        acc[d] += (num * tf) / norm;
      }
    }
    const hits: Bm25Hit[] = [];
    // Keep a bounded candidate set: only scores that can still enter the top k are pushed.
    let floor = -Infinity;
    const heap: Bm25Hit[] = [];
    for (let j = 0; j < nTouched; j++) {
      const d = touched[j];
      const score = acc[d];
      acc[d] = 0;
      if (score <= floor && heap.length >= k) continue;
      if (allow && !allow(d)) continue;
      heap.push({ doc: d, score });
      if (heap.length >= 4 * k) {
        const kept = topK(heap.splice(0), k);
        heap.push(...kept);
        floor = kept[kept.length - 1].score;
      }
    }
    hits.push(...heap);
    return topK(hits, k).sort((x, y) => y.score - x.score || x.doc - y.doc);
  }

  private acc?: Float64Array;
  private touched?: Uint32Array;
  private scratch(): Float64Array {
    if (!this.acc) {
      this.acc = new Float64Array(this.docLens.length);
      this.touched = new Uint32Array(this.docLens.length);
    }
    return this.acc;
  }

  serialize(): { meta: string; blob: Buffer } {
    const meta = JSON.stringify({ params: this.params, avgLen: this.avgLen, terms: [...this.termIds.keys()] });
    const parts = [this.offsets, this.docs, this.docLens].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    const header = Buffer.from(new Uint32Array([this.offsets.length, this.docs.length, this.docLens.length]).buffer);
    const tfs = Buffer.from(this.tfs.buffer, this.tfs.byteOffset, this.tfs.byteLength);
    return { meta, blob: Buffer.concat([header, ...parts, tfs]) };
  }

  /** A 4-byte aligned `blob` backed by a SharedArrayBuffer is used in place (threads share the postings); any other is copied. */
  static deserialize(meta: string, blob: Uint8Array): Bm25Index {
    const m = JSON.parse(meta) as { params: Bm25Params; avgLen: number; terms: string[] };
    let buf = blob;
    if (!(blob.buffer instanceof SharedArrayBuffer) || blob.byteOffset % 4 !== 0) {
      // Copy into an aligned buffer: typed arrays need 4-byte alignment.
      buf = new Uint8Array(blob.byteLength);
      buf.set(blob);
    }
    const head = new Uint32Array(buf.buffer, buf.byteOffset, 3);
    const [nOff, nPost, nDocs] = [head[0], head[1], head[2]];
    let at = buf.byteOffset + 12;
    const take32 = (n: number) => {
      const a = new Uint32Array(buf.buffer, at, n);
      at += n * 4;
      return a;
    };
    const offsets = take32(nOff);
    const docs = take32(nPost);
    const docLens = take32(nDocs);
    const tfs = new Uint16Array(buf.buffer, at, nPost);
    if (m.terms.length + 1 !== nOff) throw new Error("BM25 index is inconsistent (term count)");
    return new Bm25Index(m.params, new Map(m.terms.map((t, i) => [t, i])), offsets, docs, tfs, docLens, m.avgLen);
  }
}

/** Partial selection: O(n log k) instead of sorting every hit. */
export function topK<T extends { score: number }>(items: T[], k: number): T[] {
  if (items.length <= k) return items.sort((a, b) => b.score - a.score);
  const heap: T[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p].score <= heap[i].score) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && heap[l].score < heap[m].score) m = l;
      if (r < heap.length && heap[r].score < heap[m].score) m = r;
      if (m === i) return;
      [heap[m], heap[i]] = [heap[i], heap[m]];
      i = m;
    }
  };
  for (const it of items) {
    if (heap.length < k) {
      heap.push(it);
      up(heap.length - 1);
    } else if (it.score > heap[0].score) {
      heap[0] = it;
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score);
}
