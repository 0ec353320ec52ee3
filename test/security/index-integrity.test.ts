import { cpSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, testIndexDir } from "../helpers/server.js";

/**
 * F8 of issue 21: overwriting part of clauses.ndjson while serving made 28/29 chats and 5/5 searches
 * answer 500 while /readyz said 200, and a read-only replica kept the corrupted index. The served
 * files are now read into memory and checksummed as read: nothing a request does reads them again,
 * and a change to them is noticed (INDEX_WATCH_MS) and answered by a verified reload.
 */
const tmp = mkdtempSync(join(tmpdir(), "zct-integrity-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const QUESTIONS = ["外卖柜采购价2000元一台，能补贴多少？", "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？", "高新技术企业有什么奖励？"];
const SEARCHES = ["发明专利 资助", "展会 展位费"];
const HAN = /[\u4e00-\u9fff]/;

async function answers(url: string): Promise<{ status: number; body: string }[]> {
  const out: { status: number; body: string }[] = [];
  for (const q of QUESTIONS) {
    const r = await fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
    out.push({ status: r.status, body: await r.text() });
  }
  for (const q of SEARCHES) {
    const r = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}&k=5`);
    out.push({ status: r.status, body: await r.text() });
  }
  return out;
}

/** Overwrite `n` bytes in the middle of a file in place (same size: what a torn copy or a bad disk does). */
function corrupt(path: string, n = 4096): Buffer {
  const size = statSync(path).size;
  const at = Math.floor(size / 2);
  const original = readFileSync(path).subarray(at, at + n);
  const fd = openSync(path, "r+");
  try {
    writeSync(fd, Buffer.alloc(Math.min(n, size - at), "#"), 0, Math.min(n, size - at), at);
  } finally {
    closeSync(fd);
  }
  return original;
}

async function readyz(url: string): Promise<{ status: number; reason?: string }> {
  const r = await fetch(`${url}/readyz`);
  return { status: r.status, reason: ((await r.json()) as { reason?: string }).reason };
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every response while the file is damaged: a 200 with the same answer as before, or a 503 with a Chinese error. Never a 500. */
function expectHeld(before: { status: number; body: string }[], during: { status: number; body: string }[]): void {
  during.forEach((r, i) => {
    expect(r.status).not.toBe(500);
    if (r.status === 200) expect(r.body).toBe(before[i].body);
    else {
      expect(r.status).toBe(503);
      expect(r.body).toMatch(HAN);
    }
  });
}

describe("index files damaged while serving (issue 21 F8)", () => {
  it("a read-only replica keeps answering from memory, turns unready with the reason, and ready again once the artifact is fixed", async () => {
    const dir = join(tmp, "readonly");
    cpSync(testIndexDir(), dir, { recursive: true });
    const server = await startServer({ INDEX_DIR: dir, INDEX_READONLY: "1", INDEX_WATCH_MS: "100" });
    try {
      const before = await answers(server.url);
      expect(before.every((r) => r.status === 200)).toBe(true);
      const file = join(dir, "clauses.ndjson");
      const at = Math.floor(statSync(file).size / 2);
      const original = corrupt(file);

      for (let round = 0; round < 3; round++) expectHeld(before, await answers(server.url));
      const unready = await until(() => readyz(server.url), (r) => r.status === 503, 20_000);
      expect(unready.status).toBe(503);
      expect(unready.reason).toMatch(HAN);
      expect(unready.reason).toContain("clauses.ndjson");
      // Unready, still answering: the proxy drains the replica without a failed request.
      expectHeld(before, await answers(server.url));
      expect((await answers(server.url)).map((r) => r.status)).toEqual(before.map(() => 200));

      // The artifact is fixed (the same bytes shipped again): verified, reloaded, ready.
      const fd = openSync(file, "r+");
      writeSync(fd, original, 0, original.length, at);
      closeSync(fd);
      expect((await until(() => readyz(server.url), (r) => r.status === 200, 120_000)).status).toBe(200);
      expect(await answers(server.url)).toEqual(before);
    } finally {
      await server.close();
    }
  }, 300_000);

  it("a writable index is rebuilt by a verified reload, answering throughout", async () => {
    const dir = join(tmp, "writable");
    cpSync(testIndexDir(), dir, { recursive: true });
    const server = await startServer({ INDEX_DIR: dir, INDEX_WATCH_MS: "100" });
    try {
      const before = await answers(server.url);
      const builtAt = (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { builtAt: string }).builtAt;
      corrupt(join(dir, "clauses.ndjson"));
      // Also a file the server never reads after start: every listed file is checked, not only the served ones.
      writeFileSync(join(dir, "compile-report.json"), "{}");
      const seen: { status: number; body: string }[][] = [];
      const rebuilt = until(
        async () => {
          seen.push(await answers(server.url));
          return (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { builtAt: string }).builtAt !== builtAt && (await readyz(server.url)).status === 200;
        },
        (done) => done,
        240_000,
      );
      expect(await rebuilt).toBe(true);
      for (const during of seen) expectHeld(before, during);
      expect(await answers(server.url)).toEqual(before);
    } finally {
      await server.close();
    }
  }, 300_000);
});
