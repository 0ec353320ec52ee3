import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureIndex, staleness } from "../../server/index/ensure.js";
import { startServer, testIndexDir } from "../helpers/server.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-life-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("index lifecycle", () => {
  it("detects a corrupt index by checksum and rebuilds it at start", async () => {
    const dir = join(tmp, "corrupt");
    cpSync(testIndexDir(), dir, { recursive: true });
    expect(staleness(dir, "corpus")).toBeUndefined();
    writeFileSync(join(dir, "bm25.bin"), "garbage");
    expect(staleness(dir, "corpus")).toMatch(/校验和不符/);
    const logs: string[] = [];
    const index = await ensureIndex(dir, "corpus", (m) => logs.push(m));
    expect(logs.join("\n")).toMatch(/校验和不符.*重建/);
    expect(index.manifest.counts.documents).toBe(9);
  });

  it("detects an index of another format version", () => {
    const dir = join(tmp, "format");
    cpSync(testIndexDir(), dir, { recursive: true });
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...m, format: 0 }));
    expect(staleness(dir, "corpus")).toMatch(/格式版本/);
  });

  it("reloads a changed corpus under load without dropping a request", async () => {
    const corpus = join(tmp, "corpus");
    cpSync("corpus", corpus, { recursive: true });
    const index = join(tmp, "index-live");
    cpSync(testIndexDir(), index, { recursive: true });
    const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: index });
    try {
      const q = encodeURIComponent("蓝鲸计划 奖励");
      const before = (await (await fetch(`${server.url}/api/search?q=${q}&k=1`)).json()) as any;
      expect(before.hits[0]?.docId).not.toBe("bluewhale");

      let stop = false;
      const failures: string[] = [];
      let served = 0;
      const hammer = async () => {
        while (!stop) {
          try {
            const res = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "杭州新电商示范企业有多少奖励？" }] }) });
            if (res.status !== 200) failures.push(`HTTP ${res.status}`);
            await res.text();
            served++;
          } catch (e) {
            failures.push(String(e));
          }
        }
      };
      const loops = Array.from({ length: 4 }, hammer);
      writeFileSync(join(corpus, "docs", "bluewhale.txt"), "---\nid: bluewhale\ntitle: 某市蓝鲸计划扶持办法\n---\n第一条 为支持蓝鲸计划企业发展，制定本办法。\n第二条 对入选蓝鲸计划的企业给予奖励。\n");
      const result = await server.reload();
      await new Promise((r) => setTimeout(r, 200));
      stop = true;
      await Promise.all(loops);

      expect(result.rebuilt).toBe(true);
      expect(failures).toEqual([]);
      expect(served).toBeGreaterThan(10);
      const after = (await (await fetch(`${server.url}/api/search?q=${q}&k=1`)).json()) as any;
      expect(after.hits[0].docId).toBe("bluewhale");
    } finally {
      await server.close();
    }
  });
});

describe("a shipped, read-only index (INDEX_READONLY, INDEX_SHA256)", () => {
  const manifestSha = (dir: string) => createHash("sha256").update(readFileSync(join(dir, "manifest.json"))).digest("hex");

  it("serves a verified artifact without the corpus, and refuses a corrupt or unpinned one instead of rebuilding it", async () => {
    const dir = join(tmp, "artifact");
    cpSync(testIndexDir(), dir, { recursive: true });
    const pin = manifestSha(dir);
    const ok = await startServer({ INDEX_DIR: dir, INDEX_READONLY: "1", INDEX_SHA256: pin, CORPUS_DIR: join(tmp, "no-corpus-here") });
    try {
      expect((await fetch(`${ok.url}/readyz`)).status).toBe(200);
    } finally {
      await ok.close();
    }
    await expect(startServer({ INDEX_DIR: dir, INDEX_READONLY: "1", INDEX_SHA256: "0".repeat(64) })).rejects.toThrow(/INDEX_SHA256/);
    const before = readFileSync(join(dir, "manifest.json"), "utf8");
    writeFileSync(join(dir, "bm25.bin"), "garbage");
    await expect(startServer({ INDEX_DIR: dir, INDEX_READONLY: "1", INDEX_SHA256: pin })).rejects.toThrow(/校验和不符/);
    // Not rebuilt: the artifact is as shipped (and as broken).
    expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(before);
  });

  it("refuses the admin API on a read-only index (uploads would never be indexed)", async () => {
    await expect(startServer({ INDEX_READONLY: "1", ADMIN_TOKEN: "secret" })).rejects.toThrow(/INDEX_READONLY/);
  });
});
