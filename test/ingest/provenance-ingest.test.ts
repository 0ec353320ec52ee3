import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../ingest/build.js";
import { defaultRegionResolver } from "../../ingest/regions.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-prov-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("ingest refuses a rule whose number is not in its clause", () => {
  it("fails naming the rule and the number, and leaves no index behind", async () => {
    const corpus = join(tmp, "corpus");
    cpSync("corpus", corpus, { recursive: true });
    copyFileSync("test/rules/fixtures/broken-rule.yaml", join(corpus, "rules", "zz-broken.yaml"));
    const out = join(tmp, "index");
    await expect(buildIndex({ corpusDir: corpus, outDir: out, resolveRegion: defaultRegionResolver() })).rejects.toThrow(/hz-ecom-attract-broken[\s\S]*6000000/);
    const { existsSync } = await import("node:fs");
    expect(existsSync(join(out, "manifest.json"))).toBe(false);
  });
});
