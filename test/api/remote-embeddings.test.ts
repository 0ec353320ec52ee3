import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../ingest/build.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { staleness } from "../../server/index/ensure.js";
import { loadIndex } from "../../server/index/load.js";
import { Retriever } from "../../server/retrieval/search.js";

/** A local OpenAI-compatible /embeddings endpoint: character-bigram counts hashed into 16 dimensions. */
let fake: Server;
let calls = 0;
const tmp = mkdtempSync(join(tmpdir(), "zct-remote-"));

function embed(text: string): number[] {
  const v = new Array(16).fill(0);
  for (let i = 0; i + 1 < text.length; i++) v[(text.charCodeAt(i) * 31 + text.charCodeAt(i + 1)) % 16] += 1;
  return v;
}

beforeAll(async () => {
  fake = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      const { input } = JSON.parse(body) as { input: string[] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: input.map((t, index) => ({ index, embedding: embed(t) })) }));
    });
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  process.env.EMBEDDINGS_BASE_URL = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
  process.env.EMBEDDINGS_MODEL = "fake-embed";
});
afterAll(() => {
  delete process.env.EMBEDDINGS_BASE_URL;
  delete process.env.EMBEDDINGS_MODEL;
  rmSync(tmp, { recursive: true, force: true });
  return new Promise<void>((r) => fake.close(() => r()));
});

describe("optional OpenAI-compatible embedding endpoint", () => {
  it("is used at ingest and at query time, and retrieval falls back to the offline vectors when it is down", async () => {
    const out = join(tmp, "index");
    const { manifest } = await buildIndex({ corpusDir: "corpus", outDir: out, resolveRegion: defaultRegionResolver() });
    expect(manifest.embedding.remote).toEqual({ model: "fake-embed", dim: 16 });
    const afterBuild = calls;
    expect(afterBuild).toBeGreaterThan(0);

    const retriever = new Retriever(await loadIndex(out));
    const hits = await retriever.search("外卖柜补贴每台多少钱", 3);
    expect(calls).toBe(afterBuild + 1);
    expect(hits[0].article).toBe("三、（十三）");

    await new Promise<void>((r) => fake.close(() => r()));
    const offline = await retriever.search("外卖柜补贴每台多少钱", 3);
    expect(offline[0].article).toBe("三、（十三）");
  });

  it("a different endpoint model makes the index stale", () => {
    process.env.EMBEDDINGS_MODEL = "another-model";
    expect(staleness(join(tmp, "index"), "corpus")).toMatch(/嵌入服务配置已变化/);
    process.env.EMBEDDINGS_MODEL = "fake-embed";
  });
});
