import { describe, expect, it } from "vitest";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { compileCorpus, mergeCompiled } from "../../ingest/compile/index.js";
import { listCorpusFiles, loadFile } from "../../ingest/load.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";

/**
 * Ingest compiles each worker's run of documents in that worker and merges the results (issue 23,
 * item 7). The merge must be the one-pass compile exactly: same rules in the same order, same facts
 * with the same aliases, same report, however the corpus is cut into runs.
 */
describe("rules compiled per run of documents and merged", () => {
  it("equal the one-pass compile of the seed corpus, for every way of cutting it", async () => {
    const resolve = defaultRegionResolver();
    const docs: DocMeta[] = [];
    const clauses: Clause[] = [];
    for (const p of listCorpusFiles("corpus")) {
      const parsed = parseFile(await loadFile("corpus", p), resolve);
      docs.push(...parsed.docs);
      clauses.push(...parsed.clauses);
    }
    const whole = compileCorpus(docs, clauses);
    expect(whole.rules.length).toBeGreaterThan(10);
    const runsOf = (size: number) => {
      const out: { docs: DocMeta[]; clauses: Clause[] }[] = [];
      for (let i = 0; i < docs.length; i += size) {
        const ids = new Set(docs.slice(i, i + size).map((d) => d.id));
        out.push({ docs: docs.slice(i, i + size), clauses: clauses.filter((c) => ids.has(c.docId)) });
      }
      return out;
    };
    for (const size of [1, 2, 4]) {
      const merged = mergeCompiled(runsOf(size).map((r) => compileCorpus(r.docs, r.clauses, undefined, { aliases: false })), clauses);
      expect(merged).toEqual(whole);
    }
    // Aliases are cross-document: a run compiled without them differs where a fact has other names.
    const aliased = whole.facts.filter((f) => (f.phrases ?? []).length > 1).length;
    if (aliased) expect(compileCorpus(docs, clauses, undefined, { aliases: false }).facts).not.toEqual(whole.facts);
  }, 120_000);
});
