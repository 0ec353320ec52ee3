import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RemoteEmbeddings } from "../../core/retrieval/embed.js";
import { buildRemoteStore, loadRemoteStore } from "../../core/retrieval/remote.js";

/**
 * A local OpenAI-compatible /embeddings stub whose first `failures` requests fail in the way the
 * test sets (HTTP status, or no answer at all); later requests answer with one vector per input.
 */
let stub: Server;
let baseUrl: string;
let calls = 0;
let failures = 0;
let failWith: number | "hang" = 500;

beforeAll(async () => {
  stub = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      calls++;
      if (calls <= failures) {
        if (failWith === "hang") return; // never answers: only the client's timeout ends the attempt
        res.writeHead(failWith, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "boom" } }));
        return;
      }
      const { input } = JSON.parse(body) as { input: string[] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: input.map((t, index) => ({ index, embedding: [t.length, index, 1] })) }));
    });
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
});
afterAll(() => {
  stub.closeAllConnections();
  return new Promise<void>((r) => stub.close(() => r()));
});
beforeEach(() => {
  calls = 0;
});

const embeddings = (extra: { maxRetries?: number; timeoutMs?: number }) => new RemoteEmbeddings({ baseUrl, model: "stub", ...extra });

describe("remote embeddings go through LangChain's AsyncCaller", () => {
  it("retries a failed request when maxRetries allows it", async () => {
    failures = 1;
    failWith = 500;
    expect(await embeddings({ maxRetries: 1 }).embedQuery("外卖柜")).toEqual([3, 0, 1]);
    expect(calls).toBe(2);
  });

  it("gives up after the first failure with maxRetries 0", async () => {
    failures = 1;
    failWith = 503;
    await expect(embeddings({ maxRetries: 0 }).embedQuery("外卖柜")).rejects.toThrow(/503/);
    expect(calls).toBe(1);
  });

  it("does not retry a client error (400) whatever maxRetries says", async () => {
    failures = 1;
    failWith = 400;
    await expect(embeddings({ maxRetries: 3 }).embedQuery("外卖柜")).rejects.toThrow(/400/);
    expect(calls).toBe(1);
  });

  it("abandons a hung attempt after timeoutMs and retries it", async () => {
    failures = 1;
    failWith = "hang";
    const t0 = Date.now();
    expect(await embeddings({ maxRetries: 1, timeoutMs: 300 }).embedQuery("外卖柜")).toEqual([3, 0, 1]);
    expect(calls).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it("embeds documents in batches of 64, in input order", async () => {
    failures = 0;
    const docs = Array.from({ length: 130 }, (_, i) => "字".repeat(i + 1));
    const vectors = await embeddings({ maxRetries: 0 }).embedDocuments(docs);
    expect(calls).toBe(3);
    expect(vectors.map((v) => v[0])).toEqual(docs.map((d) => d.length));
  });
});

describe("the remote vector store built at ingest and queried by the server", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-remote-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ingest survives an endpoint that fails once; a query does not wait for a retry", async () => {
    failures = 1;
    failWith = 502;
    const texts = ["外卖柜", "外卖柜补贴每台", "快递"];
    expect(await buildRemoteStore(dir, texts, { baseUrl, model: "stub" })).toEqual({ dim: 3 });
    expect(calls).toBe(2);

    const store = await loadRemoteStore(dir, { baseUrl, model: "stub" });
    calls = 0;
    failures = 1;
    // The query's only attempt fails: undefined, so the offline vectors answer instead.
    expect(await store.search("外卖柜", 2)).toBeUndefined();
    expect(calls).toBe(1);
    const hits = await store.search("外卖柜", 3);
    expect(hits?.map((h) => h.i).sort()).toEqual([0, 1, 2]);
    expect(calls).toBe(2);
  });
});
