import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layout is the design: core/ (documents, clauses, rules, facts, text and numbers, places, the
 * index format) is imported by ingest/ and server/ and imports neither; ingest/ never imports
 * server/. The server may call ingest (it builds a missing index and previews uploads), so the
 * arrows point one way and nothing is written twice to dodge a cycle.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(?:ts|mts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const IMPORT = /(?:from\s*|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;

function importsInto(dir: string): { file: string; target: string }[] {
  return sources(dir).flatMap((file) =>
    [...readFileSync(join(root, file), "utf8").matchAll(IMPORT)].map((m) => ({ file, target: relative(root, resolve(dirname(join(root, file)), m[1])) })),
  );
}
const top = (p: string) => p.split(/[\\/]/)[0];

describe("layout: core is shared, imports point one way", () => {
  it("core/ imports neither server/ nor ingest/", () => {
    const bad = importsInto("core").filter((i) => ["server", "ingest"].includes(top(i.target)));
    expect(bad).toEqual([]);
  });

  it("ingest/ does not import server/", () => {
    const bad = importsInto("ingest").filter((i) => top(i.target) === "server");
    expect(bad).toEqual([]);
  });

  it("both ingest/ and server/ build on core/", () => {
    expect(importsInto("ingest").some((i) => top(i.target) === "core")).toBe(true);
    expect(importsInto("server").some((i) => top(i.target) === "core")).toBe(true);
  });

  it("place containment is written once, in core/places", () => {
    // The shape of an inline containment check: comparing two places' provinces and cities by hand.
    const inline = /\.province\s*!==\s*\w+\.province[\s\S]{0,80}\.city\s*!==\s*\w+\.city/;
    const found = [...sources("server"), ...sources("ingest"), ...sources("core")].filter((f) => !f.startsWith("core/places/") && inline.test(readFileSync(join(root, f), "utf8")));
    expect(found).toEqual([]);
  });
});
