import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { ERROR_CODES } from "../../server/http/errors.js";
import { loadIndex } from "../../server/index/load.js";
import { createServices } from "../../server/services.js";
import { testIndexDir } from "../helpers/server.js";

const doc = readFileSync("docs/api.md", "utf8");

/** docs/api.md is the contract: everything a client can meet must be in it. */
describe("docs/api.md", () => {
  it("documents every route the server registers", async () => {
    const app = createApp(createServices(loadConfig({ INDEX_DIR: testIndexDir(), CHAT_THREADS: "0" }), await loadIndex(testIndexDir())));
    const routes = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
    expect(routes.length).toBeGreaterThan(12);
    const missing = routes.filter((r) => !doc.includes(r.replace(/\/\*$/, "")) && !doc.includes(`\`${r}\``));
    expect(missing).toEqual([]);
    expect(routes).toContain("GET /readyz");
  });

  it("documents every error code", () => {
    expect(ERROR_CODES.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });

  it("documents every environment variable the server reads", () => {
    const src = ["server/config.ts", "core/retrieval/remote.ts", "server/cluster.ts"].map((f) => readFileSync(f, "utf8")).join("\n");
    const vars = new Set([...src.matchAll(/env\.([A-Z][A-Z0-9_]+)/g), ...src.matchAll(/intEnv\(env, "([A-Z0-9_]+)"/g)].map((m) => m[1]));
    expect(vars.size).toBeGreaterThan(15);
    expect([...vars].filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
  });

  it("points only at files that exist", () => {
    for (const m of doc.matchAll(/`((?:\.\.\/)?[\w.-]+\/[\w./-]+\.(?:ts|mjs|jsonl|md|template))`/g)) expect(() => readFileSync(m[1].replace(/^\.\.\//, ""))).not.toThrow();
    expect(doc).not.toContain("../eval/score.mjs");
  });
});
