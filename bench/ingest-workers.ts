/**
 * npm run bench:ingest [-- --clauses 10k --rounds 1 --keep DIR]
 *
 * Build time of the same synthetic corpus (bench/synth.ts, compiler on) with one
 * ingest worker and with one per core, in alternating fresh `npm run ingest`
 * processes in the same minutes; prints each build and `build_ratio R`
 * (all cores / one worker, median of the rounds) as its last line.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { synthCorpus } from "./synth.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({ options: { clauses: { type: "string", default: "10k" }, rounds: { type: "string", default: "1" }, keep: { type: "string" } } });
const n = Number(args.clauses.replace(/k$/i, "000").replace(/m$/i, "000000"));
const work = args.keep ?? mkdtempSync(join(tmpdir(), "zct-ingest-"));
mkdirSync(work, { recursive: true });
const corpus = join(work, `corpus-${args.clauses}`);
const cores = availableParallelism();

function build(workers: number): Promise<number> {
  const out = join(work, `index-${args.clauses}-w${workers}`);
  const t0 = performance.now();
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, ["--max-old-space-size=8192", "--import", "tsx", "ingest/cli.ts", "--corpus", corpus, "--out", out, "--workers", String(workers)], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    c.on("exit", (code) => {
      rmSync(out, { recursive: true, force: true });
      code === 0 ? res(performance.now() - t0) : rej(new Error(`ingest exited ${code}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  if (!existsSync(corpus)) await synthCorpus(join(ROOT, "corpus"), corpus, n);
  const ratios: number[] = [];
  for (let r = 0; r < Number(args.rounds); r++) {
    // Alternate which goes first, so a burst of other load does not always fall on the same one.
    const order = r % 2 ? [cores, 1] : [1, cores];
    const ms: Record<number, number> = {};
    for (const w of order) ms[w] = await build(w);
    console.log(`round ${r + 1}: 1 worker ${(ms[1] / 1000).toFixed(1)} s, ${cores} workers ${(ms[cores] / 1000).toFixed(1)} s, ratio ${(ms[cores] / ms[1]).toFixed(3)}`);
    ratios.push(ms[cores] / ms[1]);
  }
  console.log(`build_ratio ${median(ratios).toFixed(3)}`);
} finally {
  if (!args.keep) rmSync(work, { recursive: true, force: true });
}
