import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { bundledWorker, execArgvWithoutTsx } from "../../server/compute/bundle.js";

describe("worker threads run a bundle of their code (no TypeScript loader per thread)", () => {
  it("drops only the tsx loader from the parent's Node options", () => {
    expect(execArgvWithoutTsx(["--import", "tsx", "--max-old-space-size=4096"])).toEqual(["--max-old-space-size=4096"]);
    expect(execArgvWithoutTsx(["--import=tsx", "--loader", "tsx/esm", "--require", "tsx/cjs", "--enable-source-maps"])).toEqual(["--enable-source-maps"]);
    expect(execArgvWithoutTsx(["--import", "./other.mjs", "--expose-gc"])).toEqual(["--import", "./other.mjs", "--expose-gc"]);
  });

  it("bundles a module graph as plain JavaScript that keeps each module's own import.meta.url, and runs in a thread without tsx", async () => {
    // The index service's code: reads nodejieba's dictionaries and corpus/ paths relative to its sources.
    const url = await bundledWorker(new URL("../../server/index/service-worker.ts", import.meta.url));
    expect(url).toBeDefined();
    const code = readFileSync(fileURLToPath(url!), "utf8");
    expect(code).not.toMatch(/\bimport\.meta\.url\b(?!["'`])/);
    // core/text/tokenize.ts resolves the dictionaries from its own location.
    expect(code).toContain(JSON.stringify(pathToFileURL(fileURLToPath(new URL("../../core/text/tokenize.ts", import.meta.url))).href));
    // Same content, same file: a second server does not write another.
    expect((await bundledWorker(new URL("../../server/index/service-worker.ts", import.meta.url)))?.href).toBe(url!.href);
  }, 60_000);

  it("a bundled thread loads its packages from the repository and answers", async () => {
    const url = await bundledWorker(new URL("../fixtures/bundle/probe.ts", import.meta.url));
    expect(url).toBeDefined();
    const worker = new Worker(url!, { execArgv: execArgvWithoutTsx() });
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(answer).toEqual({ parsed: { a: 1 }, ok: true });
  }, 60_000);
});
