/**
 * Published originals against their plain-text copies, per document: is the
 * title the same, and how many of the copy's clauses come back with the same
 * label and text.
 *
 *   npx tsx scripts/compare-originals.ts [DIR] [--verbose]
 *
 * DIR holds NN_*.txt copies and original/NN_* files (default: test/fixtures/originals).
 * Originals whose name matches --skip (default: one-page PDFs 04_PS*, 06_HT*) are left out.
 */
import { fileURLToPath } from "node:url";
import { compareOriginal, describeComparison, pairsIn } from "../test/helpers/originals.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const dir = args.find((a) => !a.startsWith("--")) ?? fileURLToPath(new URL("../test/fixtures/originals/", import.meta.url));
const skip = /\/0[46]_(?:PS|HT)\d+\.pdf$/;

for (const { original, copy } of pairsIn(dir).filter((p) => !skip.test(p.original))) {
  try {
    const r = await compareOriginal(original, copy);
    console.log(describeComparison(r));
    if (verbose) {
      for (const m of r.missing) console.log(`    - ${m.article}: ${m.text.replace(/\s+/g, " ").slice(0, 100)}`);
      for (const m of r.extra) console.log(`    + ${m.article}: ${m.text.replace(/\s+/g, " ").slice(0, 100)}`);
    }
  } catch (e) {
    console.log(`${original}: ERROR ${e instanceof Error ? e.message : String(e)}`);
  }
}
