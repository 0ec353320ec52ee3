import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadBytes, splitFrontMatter } from "../../ingest/load.js";
import { findSoffice } from "../../ingest/loaders/legacy.js";
import { charCoverage } from "../helpers/coverage.js";
import { compareOriginal, describeComparison, pairsIn } from "../helpers/originals.js";

/**
 * The bar of issue 17 for loaders: the real published originals (saved web
 * pages, a JSP page, a GBK text file, a fast-saved Word 97 .doc) ingest to the
 * same title, clause labels and clause texts as the plain-text copies of the
 * same documents, for at least 95% of the clauses of every document; and the
 * extracted text holds at least 99% of the characters of the copy.
 */

const DIR = fileURLToPath(new URL("../fixtures/originals/", import.meta.url));
const pairs = pairsIn(DIR);
const soffice = findSoffice();
const figures: string[] = [];
afterAll(() => console.log(`\npublished originals against their plain-text copies:\n  ${figures.join("\n  ")}\n`));

if (!soffice) {
  console.warn(
    "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n" +
      "!! SKIPPED: the .doc original (07_hainan_nongji_butie.doc) needs LibreOffice.        !!\n" +
      "!! Install it: apt-get install -y libreoffice-writer-nogui (CI's .ci/run does), or  !!\n" +
      "!! set SOFFICE to the soffice command.                                              !!\n" +
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n",
  );
}

describe("published originals read like their plain-text copies", () => {
  it("the fixtures are all there (two HTML pages and a gov.cn region, a JSP page, a GBK .txt, a .doc)", () => {
    expect(pairs.map((p) => basename(p.original).slice(0, 2))).toEqual(["02", "07", "09", "10", "14", "31"]);
  });

  for (const { original, copy } of pairs) {
    const legacy = /\.(?:doc|wps)$/i.test(original);
    it.skipIf(legacy && !soffice)(`${basename(original)}: same title, ≥95% of clauses with the same label and text, ≥99% of the characters`, async () => {
      const r = await compareOriginal(original, copy);
      figures.push(describeComparison(r));
      expect(r.title.got.replace(/\s+/g, "")).toBe(r.title.want.replace(/\s+/g, ""));
      expect(r.total).toBeGreaterThan(10);
      expect(r.matched / r.total).toBeGreaterThanOrEqual(0.95);
      // Labels: every label of the copy is there, in the same order.
      const labels = r.got.clauses.map((c) => c.article);
      let at = 0;
      for (const want of r.ref.clauses.map((c) => c.article)) {
        const k = labels.indexOf(want, at);
        expect(k, `label ${want}`).toBeGreaterThanOrEqual(0);
        at = k + 1;
      }
      const loaded = await loadBytes(basename(original), readFileSync(original), { path: original });
      expect(charCoverage(splitFrontMatter(readFileSync(copy, "utf8")).body, loaded.text)).toBeGreaterThanOrEqual(0.99);
    }, 120_000);
  }

  it.skipIf(!soffice)("several .doc conversions at once each get their own LibreOffice profile and all finish", async () => {
    const doc = pairs.find((p) => p.original.endsWith(".doc"))!.original;
    const bytes = readFileSync(doc);
    const texts = await Promise.all([1, 2, 3].map((i) => loadBytes(`copy${i}.doc`, bytes)));
    for (const t of texts) expect(t.text).toBe(texts[0].text);
    expect(texts[0].text).toContain("农机购置与应用补贴实施方案");
  }, 180_000);
});
