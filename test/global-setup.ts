import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIndex } from "../ingest/build.js";
import { defaultRegionResolver } from "../ingest/regions.js";

/** Build the seed corpus index once for the whole run; test files only read it. */
export default async function setup(): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "zct-test-index-"));
  const out = join(dir, "index");
  await buildIndex({ corpusDir: fileURLToPath(new URL("../corpus", import.meta.url)), outDir: out, resolveRegion: defaultRegionResolver() });
  process.env.TEST_INDEX_DIR = out;
  return () => rmSync(dir, { recursive: true, force: true });
}
