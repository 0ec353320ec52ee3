import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import hnswlib from "hnswlib-node";

export interface VectorHit {
  /** Global chunk number (the HNSW label). */
  i: number;
  /** Cosine distance, 1 − similarity. */
  distance: number;
}

/** Search breadth per shard: recall@10 of the hashed vectors needs more than the default ef of 10. */
export const EF_SEARCH = 100;

/**
 * The dense index: one or more HNSW graphs (shards built in parallel at
 * ingest, each a langchain HNSWLib store under vectors/shard-N/) queried
 * together and merged by distance. Labels are global chunk numbers.
 */
export class VectorShards {
  constructor(
    private readonly shards: hnswlib.HierarchicalNSW[],
    readonly dim: number,
  ) {}

  static load(vectorsDir: string, dim: number, ef = EF_SEARCH): VectorShards {
    const dirs = existsSync(join(vectorsDir, "hnswlib.index"))
      ? [vectorsDir]
      : readdirSync(vectorsDir)
          .filter((n) => /^shard-\d+$/.test(n))
          .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
          .map((n) => join(vectorsDir, n));
    const shards = dirs.map((d) => {
      const index = new hnswlib.HierarchicalNSW("cosine", dim);
      index.readIndexSync(join(d, "hnswlib.index"));
      index.setEf(ef);
      return index;
    });
    return new VectorShards(shards, dim);
  }

  get size(): number {
    return this.shards.reduce((n, s) => n + s.getCurrentCount(), 0);
  }

  search(vector: number[], k: number): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const s of this.shards) {
      const n = Math.min(k, s.getCurrentCount());
      if (!n) continue;
      const r = s.searchKnn(vector, n);
      for (let j = 0; j < r.neighbors.length; j++) hits.push({ i: r.neighbors[j], distance: r.distances[j] });
    }
    return hits.sort((a, b) => a.distance - b.distance || a.i - b.i).slice(0, k);
  }

  /** Every stored (normalised) vector with its label: for exact-search baselines. */
  *points(): Generator<{ i: number; v: number[] }> {
    for (const s of this.shards) for (const i of s.getIdsList()) yield { i, v: s.getPoint(i) };
  }
}
