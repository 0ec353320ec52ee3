import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import hnswlib from "hnswlib-node";

export interface VectorHit {
  /** Global chunk number (the HNSW label). */
  i: number;
  /** Cosine distance, 1 − similarity. */
  distance: number;
}

/** Search breadth per shard: recall@10 of the hashed vectors needs more than the default ef of 10. */
export const EF_SEARCH = 200;

/**
 * The dense index: one or more HNSW graphs (shards built in parallel at
 * ingest, each an hnswlib-node graph under vectors/shard-N/) queried
 * together and merged by distance. Labels are global chunk numbers.
 */
/** Chunks whose vector is identical to a representative's: reps[j] has dups[start[j]..start[j+1]]. */
interface Dups {
  reps: Uint32Array;
  start: Uint32Array;
  dups: Uint32Array;
}

function readDups(path: string): Dups {
  const pairs = existsSync(path) ? new Uint32Array(Uint8Array.from(readFileSync(path)).buffer) : new Uint32Array(0);
  const reps: number[] = [];
  const start: number[] = [];
  const dups = new Uint32Array(pairs.length / 2);
  for (let i = 0; i < pairs.length; i += 2) {
    if (!reps.length || reps[reps.length - 1] !== pairs[i]) {
      reps.push(pairs[i]);
      start.push(i / 2);
    }
    dups[i / 2] = pairs[i + 1];
  }
  start.push(dups.length);
  return { reps: Uint32Array.from(reps), start: Uint32Array.from(start), dups };
}

function dupsOf(d: Dups, label: number): Uint32Array | undefined {
  let lo = 0;
  let hi = d.reps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (d.reps[mid] === label) return d.dups.subarray(d.start[mid], d.start[mid + 1]);
    if (d.reps[mid] < label) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * Search breadth for a shard of `count` vectors. A small graph is searched almost whole at a
 * high ef: there the pool size (≥ k) is enough. Big graphs need more breadth for the same recall.
 */
export function efFor(count: number, base = EF_SEARCH): number {
  if (count < 4096) return Math.min(base, 64);
  if (count > 200_000) return Math.round(base * EF_GROWTH);
  return base;
}

/**
 * Extra breadth for shards over 200k vectors (a million-clause corpus): measured on the 1M synthetic
 * corpus (2 shards of ~400k), recall@10 was 0.88 at ef 200, 0.93 at 600, 0.95 at 1200, 0.96 at 1600,
 * 0.975 at 2400, for 1.5–7 ms per query; 2000 keeps recall ≥ 0.95 well inside the latency budget.
 */
export const EF_GROWTH = 10;

export class VectorShards {
  constructor(
    private readonly shards: hnswlib.HierarchicalNSW[],
    readonly dim: number,
    private readonly dups: Dups[] = [],
    private readonly ef = EF_SEARCH,
  ) {}

  private static dirs(vectorsDir: string): string[] {
    return existsSync(join(vectorsDir, "hnswlib.index"))
      ? [vectorsDir]
      : readdirSync(vectorsDir)
          .filter((n) => /^shard-\d+$/.test(n))
          .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
          .map((n) => join(vectorsDir, n));
  }

  static load(vectorsDir: string, dim: number, ef = EF_SEARCH): VectorShards {
    const dirs = VectorShards.dirs(vectorsDir);
    const shards = dirs.map((d) => {
      const index = new hnswlib.HierarchicalNSW("cosine", dim);
      index.readIndexSync(join(d, "hnswlib.index"));
      index.setEf(efFor(index.getCurrentCount(), ef));
      return index;
    });
    return new VectorShards(shards, dim, dirs.map((d) => readDups(join(d, "dups.bin"))), ef);
  }

  /** `load` with the graphs read off the thread (hnswlib's async read), so the caller's event loop keeps turning. */
  static async loadAsync(vectorsDir: string, dim: number, ef = EF_SEARCH): Promise<VectorShards> {
    const dirs = VectorShards.dirs(vectorsDir);
    const shards = await Promise.all(
      dirs.map(async (d) => {
        const index = new hnswlib.HierarchicalNSW("cosine", dim);
        await index.readIndex(join(d, "hnswlib.index"));
        index.setEf(efFor(index.getCurrentCount(), ef));
        return index;
      }),
    );
    return new VectorShards(shards, dim, dirs.map((d) => readDups(join(d, "dups.bin"))), ef);
  }

  setEf(ef: number): void {
    for (const s of this.shards) s.setEf(ef);
  }

  /** Back to the served search breadth. */
  resetEf(): void {
    for (const s of this.shards) s.setEf(efFor(s.getCurrentCount(), this.ef));
  }

  get size(): number {
    return this.shards.reduce((n, s, k) => n + s.getCurrentCount() + (this.dups[k]?.dups.length ?? 0), 0);
  }

  search(vector: number[], k: number): VectorHit[] {
    const hits: VectorHit[] = [];
    this.shards.forEach((s, sk) => {
      const n = Math.min(k, s.getCurrentCount());
      if (!n) return;
      const r = s.searchKnn(vector, n);
      for (let j = 0; j < r.neighbors.length; j++) {
        hits.push({ i: r.neighbors[j], distance: r.distances[j] });
        const more = this.dups[sk] && dupsOf(this.dups[sk], r.neighbors[j]);
        if (more) for (let m = 0; m < more.length && m < k; m++) hits.push({ i: more[m], distance: r.distances[j] });
      }
    });
    return hits.sort((a, b) => a.distance - b.distance || a.i - b.i).slice(0, k);
  }

  /** Every stored (normalised) vector with its label: for exact-search baselines. */
  *points(): Generator<{ i: number; v: number[] }> {
    for (const [k, s] of this.shards.entries()) {
      for (const i of s.getIdsList()) {
        const v = s.getPoint(i);
        yield { i, v };
        const more = this.dups[k] && dupsOf(this.dups[k], i);
        if (more) for (const m of more) yield { i: m, v };
      }
    }
  }
}
