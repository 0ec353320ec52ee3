/**
 * Issue 21, F9 and item 6, over HTTP against a real server on a scratch corpus:
 * an upload or a delete made while a reload runs is applied after it (never
 * 200 with `rebuilt:false` and the document missing), and a change's audit line
 * is written before the change goes live; when it cannot be written the change
 * is undone and never served.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchCorpus, snapshot } from "../helpers/admin-corpus.js";
import { startServer } from "../helpers/server.js";
import { goodDoc } from "./hostile.js";

const TOKEN = "atomic-admin-token-9e41";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("issue 21 F9: admin changes during a reload are queued behind it and audited before they go live", () => {
  const dir = scratchCorpus();
  const corpus = join(dir, "corpus");
  const auditFile = join(dir, "audit.log");
  let base = "";
  let close: () => Promise<void> = async () => {};
  let reload: () => Promise<{ rebuilt: boolean }> = async () => ({ rebuilt: false });

  beforeAll(async () => {
    ({ url: base, close, reload } = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: auditFile }));
  }, 300_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = { authorization: `Bearer ${TOKEN}`, "x-admin-user": encodeURIComponent("王五") };
  const form = (name: string, text: string) => {
    const f = new FormData();
    f.append("file", new Blob([text]), name);
    return f;
  };
  const call = async (method: string, path: string, body?: FormData) => {
    const res = await fetch(base + path, { method, headers: auth, ...(body ? { body } : {}) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const served = async (id: string) => (await fetch(`${base}/api/policies/${id}`)).status;
  const audits = () => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);

  /** Start a reload that rebuilds (a file added behind the server's back), and let it get going. */
  async function reloadUnderway(id: string, title: string): Promise<Promise<{ rebuilt: boolean }>> {
    writeFileSync(join(corpus, "docs", `${id}.txt`), goodDoc(id, title));
    const running = reload();
    await sleep(300);
    return running;
  }

  it("an upload 0.3 s after a reload starts waits for it, is rebuilt in, and is served when the call returns", async () => {
    const reloading = await reloadUnderway("side-door", "关于支持物流业的若干措施");
    const r = await call("POST", "/admin/api/documents", form("during.txt", goodDoc("during-reload", "关于支持会展业的若干措施")));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, rebuilt: true, file: "docs/during.txt", docs: [{ id: "during-reload" }] });
    expect(await served("during-reload")).toBe(200);
    expect((await reloading).rebuilt).toBe(true);
    expect(await served("side-door")).toBe(200);
    expect(audits().filter((a) => a.action === "upload" && a.target === "during.txt")).toMatchObject([{ ok: true, who: "王五" }]);
  }, 300_000);

  it("a delete during a reload likewise: 200, and the document is gone when the call returns", async () => {
    const reloading = await reloadUnderway("side-door-2", "关于支持文旅业的若干措施");
    const r = await call("DELETE", "/admin/api/documents/during-reload");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, rebuilt: true, deleted: "during-reload" });
    expect(await served("during-reload")).toBe(404);
    expect(existsSync(join(corpus, "docs", "during.txt"))).toBe(false);
    await reloading;
    expect(await served("side-door-2")).toBe(200);
  }, 300_000);

  it("when the audit line cannot be written the change never goes live: 503 in Chinese, files put back, the document never served", async () => {
    const before = snapshot(corpus);
    rmSync(auditFile, { force: true });
    mkdirSync(auditFile); // appending to it now fails (EISDIR)
    let polling = true;
    const seen: number[] = [];
    const poller = (async () => {
      while (polling) {
        seen.push(await served("unaudited"));
        await sleep(25);
      }
    })();
    try {
      const r = await call("POST", "/admin/api/documents", form("unaudited.txt", goodDoc("unaudited", "关于支持餐饮业的若干措施")));
      expect(r.status).toBe(503);
      expect(r.body.error.message).toMatch(/^审计日志无法写入，改动已撤销：/);
    } finally {
      polling = false;
      await poller;
      rmSync(auditFile, { recursive: true, force: true });
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s === 404)).toBe(true);
    expect(await served("unaudited")).toBe(404);
    expect(snapshot(corpus)).toEqual(before);
    // Once the log is writable again, the same upload goes through and is audited.
    const ok = await call("POST", "/admin/api/documents", form("unaudited.txt", goodDoc("unaudited", "关于支持餐饮业的若干措施")));
    expect(ok.status).toBe(200);
    expect(audits()).toMatchObject([{ action: "upload", target: "unaudited.txt", ok: true }]);
  }, 300_000);
});
