import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * `npm run check` (tsc --noEmit, then Biome) gates CI before the tests. The
 * typecheck itself runs in .ci/run (minutes on a shared machine); here: the
 * tree passes the linter, and the linter still catches real bugs.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIOME = fileURLToPath(new URL("../../node_modules/.bin/biome", import.meta.url));

/** Biome's verdict on one source file under the project's biome.json (written outside the tree, which stays untouched). */
function lintSource(source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "zct-lint-"));
  try {
    writeFileSync(join(dir, "probe.ts"), source);
    const r = spawnSync(BIOME, ["lint", `--config-path=${ROOT}/biome.json`, "probe.ts"], { cwd: dir, encoding: "utf8" });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("npm run check", () => {
  it("typechecks and lints, and .ci/run runs it before the tests", () => {
    const scripts = (JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.check).toMatch(/tsc --noEmit/);
    expect(scripts.check).toMatch(/biome lint/);
    const ci = readFileSync(`${ROOT}/.ci/run`, "utf8");
    expect(ci.indexOf("npm run check")).toBeGreaterThan(-1);
    expect(ci.indexOf("npm run check")).toBeLessThan(ci.indexOf("npm test"));
  });

  it("the whole tree passes Biome's linter", () => {
    const r = spawnSync(BIOME, ["lint", "--max-diagnostics=50", "."], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it("catches real bugs: a duplicate key, a comparison with itself, code after return, x === NaN", () => {
    expect(lintSource("export const twice = (x: number): number => x * 2;\n").status).toBe(0);
    const cases: [string, RegExp][] = [
      ["const fact = { amount: 1, amount: 2 };\nexport default fact;\n", /noDuplicateObjectKeys/],
      ["export const same = (x: number) => x === x;\n", /noSelfCompare/],
      ["export function f(): number {\n  return 1;\n  console.log('never');\n}\n", /noUnreachable/],
      ["export const isNaNCheck = (x: number) => x === NaN;\n", /useIsNan/],
    ];
    for (const [source, rule] of cases) {
      const r = lintSource(source);
      expect(r.output, source).toMatch(rule);
      expect(r.status, source).not.toBe(0);
    }
  });
});
