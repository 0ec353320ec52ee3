import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, { engines?: unknown; optional?: boolean; os?: string[]; cpu?: string[] }> };

describe("package manifest", () => {
  it("declares a Node range that every locked dependency supports", () => {
    const unsupported: string[] = [];
    for (const [path, p] of Object.entries(lock.packages)) {
      const wants = p.engines && typeof p.engines === "object" && "node" in p.engines ? String((p.engines as { node: unknown }).node) : undefined;
      if (path && wants && !semver.subset(pkg.engines.node, wants)) unsupported.push(`${path} wants node ${wants}`);
    }
    expect(unsupported).toEqual([]);
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it("locks the native packages of every platform, so npm install on another machine does not rewrite the lockfile", () => {
    // An incomplete lockfile (optional platform packages dropped) is what made `npm install` add @rollup/* entries.
    const rollupPlatforms = Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/@rollup/rollup-"));
    const esbuildPlatforms = Object.keys(lock.packages).filter((p) => /^node_modules\/(.*\/)?@esbuild\//.test(p));
    expect(rollupPlatforms.length).toBeGreaterThan(15);
    expect(rollupPlatforms.some((p) => p.includes("win32"))).toBe(true);
    expect(rollupPlatforms.some((p) => p.includes("darwin"))).toBe(true);
    expect(esbuildPlatforms.some((p) => p.includes("darwin"))).toBe(true);
  });
});
