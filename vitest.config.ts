import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "core/**/*.test.ts", "server/**/*.test.ts", "ingest/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native addons (nodejieba, hnswlib) and a real server per file: forks keep them isolated.
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
  },
});
