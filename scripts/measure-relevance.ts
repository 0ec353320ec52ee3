/**
 * Measures the relevance threshold: over test/fixtures/relevance/questions.yaml, answered in-process on
 * the seed corpus (or CORPUS_DIR/INDEX_DIR), the share of uncovered-topic questions refused and of covered
 * questions answered, for each candidate value of thresholds.minCoverage. Not part of `npm test`.
 *   npm run measure:relevance [-- --values 0.2,0.3,0.34,0.4,0.5]
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { thresholds } from "../server/answer/thresholds.js";
import { respond } from "../server/chat/respond.js";
import { loadConfig } from "../server/config.js";
import { ensureIndex } from "../server/index/ensure.js";
import { createServices } from "../server/services.js";

const Fixture = z.object({ uncovered: z.array(z.string()), covered: z.array(z.string()), known_misses: z.array(z.string()).default([]) }).strict();
const fixture = Fixture.parse(parse(readFileSync(new URL("../test/fixtures/relevance/questions.yaml", import.meta.url), "utf8")));

const arg = process.argv.indexOf("--values");
const values = (arg >= 0 ? process.argv[arg + 1] : "0.1,0.2,0.3,0.34,0.4,0.5,0.6").split(",").map(Number);

const config = loadConfig({ LOG_LEVEL: "silent", TODAY: "2026-12-07", ...process.env });
const index = await ensureIndex(config.indexDir, config.corpusDir, (m) => console.error(m));
const s = createServices(config, index);
const refused = async (q: string) => {
  const r = await respond({ messages: [{ role: "user", content: q }] }, s);
  return !r.found && r.matches.length === 0;
};

console.log(`uncovered ${fixture.uncovered.length}, covered ${fixture.covered.length}`);
const chosen = thresholds.minCoverage;
for (const v of values) {
  thresholds.minCoverage = v;
  const missed: string[] = [];
  let refusedN = 0;
  for (const q of fixture.uncovered) if (await refused(q)) refusedN++;
  let answered = 0;
  for (const q of fixture.covered) {
    if (!(await refused(q))) answered++;
    else missed.push(q);
  }
  console.log(`minCoverage ${v.toFixed(2)}: uncovered refused ${refusedN}/${fixture.uncovered.length}, covered answered ${answered}/${fixture.covered.length}${v === chosen ? "  ← chosen" : ""}${missed.length ? `  (refused: ${missed.map((x) => x.slice(0, 14)).join("；")})` : ""}`);
}
thresholds.minCoverage = chosen;
for (const q of [...fixture.uncovered, ...fixture.known_misses]) if (!(await refused(q))) console.log(`uncovered but answered at ${chosen}: ${q}`);
