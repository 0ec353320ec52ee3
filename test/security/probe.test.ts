/**
 * Probe of issue 21, over HTTP against a real server on a temporary corpus: each
 * finding reproduced (F1 traversal through ids, F2 DOCX bomb, F4 chrome regex,
 * F5 nesting, Chinese-only names and a repeated id, F7 bad X-Admin-User, F10–F12 file names,
 * chunked uploads, failed logins, meta.region) and shown held.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRuleFile } from "../../core/rules/load.js";
import { snapshot } from "../helpers/admin-corpus.js";
import { startServer } from "../helpers/server.js";
import { badRegexDoc, docxBomb, goodDoc, nestedHtml } from "./hostile.js";

const TOKEN = "probe-admin-token-7d21";
const CORPUS = fileURLToPath(new URL("../../corpus/", import.meta.url));

describe("issue 21 probe: hostile files, ids and admin requests", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-probe-"));
  const corpus = join(dir, "corpus");
  const elsewhere = join(dir, "elsewhere");
  const auditFile = join(dir, "audit.log");
  let bomb: Buffer;
  let base = "";
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    mkdirSync(join(corpus, "docs"), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "victim.yaml"), "victim: true\n");
    for (const f of ["userdict.txt", "stopwords.txt"]) cpSync(join(CORPUS, f), join(corpus, f));
    bomb = await docxBomb(300);
    writeFileSync(join(corpus, "docs", "good.txt"), goodDoc("good-doc"));
    writeFileSync(join(corpus, "docs", "nested.html"), nestedHtml(5000));
    writeFileSync(join(corpus, "docs", "bomb.docx"), bomb);
    writeFileSync(join(corpus, "docs", "bad-regex.txt"), badRegexDoc("^(a+)+$"));
    // A sidecar whose id is a path.
    writeFileSync(join(corpus, "docs", "side.html"), "<html><body><h1>关于支持企业的通知</h1><p>第一条 给予奖励20万元。</p></body></html>");
    writeFileSync(join(corpus, "docs", "side.html.meta.yaml"), "id: ../../elsewhere/victim\n");
    // Two Chinese-only names: once both the id `doc` (文档编号重复, the whole ingest failed).
    writeFileSync(join(corpus, "docs", "通知.txt"), goodDoc("x", "关于促进消费的通知").replace("id: x\n", "title: 关于促进消费的通知\n"));
    writeFileSync(join(corpus, "docs", "公告.txt"), goodDoc("x", "关于人才引进的公告").replace("id: x\n", "title: 关于人才引进的公告\n"));
    // F5: two files whose front matter carries the same id (once 文档编号重复 failed the whole ingest).
    writeFileSync(join(corpus, "docs", "dup-a.txt"), goodDoc("same-id", "关于支持制造业的若干措施"));
    writeFileSync(join(corpus, "docs", "dup-b.txt"), goodDoc("same-id", "关于支持服务业的若干措施"));
    ({ url: base, close } = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: auditFile, ADMIN_MAX_UPLOAD_MB: "2", ADMIN_LOGIN_MAX_FAILURES: "10" }));
  }, 180_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = { authorization: `Bearer ${TOKEN}`, "x-admin-user": encodeURIComponent("李四") };
  const form = (name: string, bytes: Buffer | string, meta?: Record<string, unknown>) => {
    const f = new FormData();
    f.append("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), name);
    if (meta) f.append("meta", JSON.stringify(meta));
    return f;
  };
  const call = async (method: string, path: string, body?: FormData, headers: Record<string, string> = auth) => {
    const res = await fetch(base + path, { method, headers, ...(body ? { body } : {}) });
    return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as any };
  };
  const audits = () => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);
  const outside = () => snapshot(elsewhere);

  it("F4/F5: the nested page, the bomb and the bad regex are listed problems (and F1: the sidecar with a path for an id); the good documents (two Chinese-only names among them) are served", async () => {
    const { policies } = (await (await fetch(`${base}/api/policies`)).json()) as { policies: { id: string; title: string; sourceFile: string }[] };
    const ids = policies.map((p) => p.id).sort();
    expect(ids).toContain("good-doc");
    const chinese = policies.filter((p) => /通知|公告/.test(p.sourceFile));
    expect(chinese).toHaveLength(2);
    for (const p of chinese) expect(p.id).toMatch(/^doc-[0-9a-f]{8}$/);
    expect(chinese[0].id).not.toBe(chinese[1].id);
    const { body } = await call("GET", "/admin/api/problems");
    const byFile = Object.fromEntries((body.problems as { file: string; message: string }[]).map((p) => [p.file, p.message]));
    expect(Object.keys(byFile).sort()).toEqual(["docs/bad-regex.txt", "docs/bomb.docx", "docs/dup-b.txt", "docs/nested.html", "docs/side.html"]);
    // F5: the later of two files with one id is left out with a reason; the earlier one is served.
    expect(byFile["docs/dup-b.txt"]).toBe("《dup-b.txt》的文档编号“same-id”与《dup-a.txt》（docs/dup-a.txt）重复，未收录：请在头信息或 .meta.yaml 中另设 id");
    expect(policies.find((p) => p.id === "same-id")).toMatchObject({ sourceFile: "docs/dup-a.txt", title: "关于支持制造业的若干措施" });
    expect(byFile["docs/side.html"]).toMatch(/《side\.html》的 id 中的文档编号“\.\.\/\.\.\/elsewhere\/victim”无效/);
    expect(byFile["docs/bomb.docx"]).toMatch(/《bomb\.docx》.*300 MB.*上限 50 MB/);
    expect(byFile["docs/nested.html"]).toMatch(/《nested\.html》.*嵌套超过 1000 层/);
    expect(byFile["docs/bad-regex.txt"]).toMatch(/《bad-regex\.txt》.*不安全/);
    const manifest = JSON.parse(readFileSync(join(dir, "index", "manifest.json"), "utf8"));
    expect(manifest.problems).toHaveLength(5);
  });

  it("F2: the DOCX bomb gets 422 naming the file and the limit in under 5 s; /healthz answers within 200 ms throughout; the process stays up", async () => {
    const lying = await docxBomb(300, { lie: true });
    let polling = true;
    let worst = 0;
    let polls = 0;
    const latencies: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        worst = Math.max(worst, performance.now() - t);
        polls++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const times: number[] = [];
    try {
      for (const [name, bytes, why] of [
        ["炸弹.docx", bomb, /《炸弹\.docx》.*声明的大小 300 MB 超过上限 50 MB/],
        ["说谎的炸弹.docx", lying, /《说谎的炸弹\.docx》.*实际解压大小超过其声明的大小/],
      ] as const) {
        for (const path of ["/admin/api/preview", "/admin/api/documents"]) {
          const t = performance.now();
          const r = await call("POST", path, form(name, bytes));
          times.push(performance.now() - t);
          expect(r.status).toBe(422);
          expect(r.body.error.message).toMatch(why);
        }
      }
    } finally {
      polling = false;
      await poller;
    }
    loop.disable();
    const p95 = latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.95)];
    const loopMax = loop.max / 1e6;
    console.log(`F2 bomb 422 times (ms): ${times.map((t) => t.toFixed(0)).join(", ")}; /healthz max ${worst.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${polls} polls; event-loop delay max ${loopMax.toFixed(0)} ms`);
    expect(Math.max(...times)).toBeLessThan(5000);
    // The server shares this process: its event loop never stalls. Loopback latency is also checked;
    // its max only loosely, since other test files compete for the same two cores.
    expect(loopMax).toBeLessThanOrEqual(200);
    expect(p95).toBeLessThanOrEqual(200);
    expect(worst).toBeLessThanOrEqual(1000);
    expect(existsSync(join(corpus, "docs", "炸弹.docx"))).toBe(false);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);

  it("F4/F5: a catastrophic or invalid chrome pattern and 5,000 nested <div> are 422 with a Chinese reason, quickly", async () => {
    for (const [name, body, why] of [
      ["正则.txt", badRegexDoc("^(a+)+$"), /chrome 正则表达式“\^\(a\+\)\+\$”不安全/],
      ["正则2.txt", badRegexDoc("(a|"), /chrome 正则表达式“\(a\|”无效/],
      ["嵌套.html", nestedHtml(5000), /《嵌套\.html》的标签嵌套超过 1000 层/],
    ] as const) {
      const t = performance.now();
      const r = await call("POST", "/admin/api/preview", form(name, body));
      expect(r.status, name).toBe(422);
      expect(r.body.error.message).toMatch(why);
      expect(performance.now() - t).toBeLessThan(5000);
    }
  });

  it("F1: an id that is a path is refused wherever it enters: front matter, ids:, the form, a sidecar, a rule's docId, the URL", async () => {
    const before = outside();
    const corpusBefore = snapshot(corpus);
    const evil = "../../elsewhere/victim";
    const fm = await call("POST", "/admin/api/documents", form("evil.txt", goodDoc(evil)));
    expect(fm.status).toBe(422);
    expect(fm.body.error.message).toMatch(/《evil\.txt》的 id 中的文档编号“\.\.\/\.\.\/elsewhere\/victim”无效/);
    expect((await call("POST", "/admin/api/documents", form("evil3.txt", goodDoc("fine-id"), { id: evil }))).status).toBe(400);
    expect(() => parseRuleFile(`rules:\n  - id: r1\n    docId: "${evil}"\n`, "evil.yaml")).toThrow();
    for (const path of [`/admin/api/documents/${encodeURIComponent(evil)}`, "/admin/api/documents/..%2F..%2Felsewhere%2Fvictim", "/admin/api/documents/Good-Doc"]) {
      const del = await call("DELETE", path);
      expect(del.status, path).toBe(400);
      expect(del.body.error.message).toMatch(/文档编号.*无效/);
    }
    expect(outside()).toEqual(before);
    expect(snapshot(corpus)).toEqual(corpusBefore);
    expect(readdirSync(dir).sort()).toEqual(["audit.log", "corpus", "elsewhere", "index"]);
  });

  it("F1: resolved paths are checked to stay inside CORPUS_DIR", async () => {
    const { insideDir } = await import("../../core/corpus/doc-id.js");
    expect(() => insideDir(corpus, "rules", "../../elsewhere/victim.yaml")).toThrow(/越出语料目录/);
    expect(() => insideDir(corpus, "docs/../../x")).toThrow(/越出语料目录/);
    expect(insideDir(corpus, "docs", "a.txt")).toBe(join(corpus, "docs", "a.txt"));
  });

  it("F10/F11: a long Chinese file name and names ingest would skip are refused with a reason; a 60-character name is stored without orphans", async () => {
    const before = snapshot(corpus);
    const long = await call("POST", "/admin/api/documents", form(`${"关于支持中小企业发展".repeat(10)}.txt`, goodDoc("long-name")));
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/文件名过长（304 字节，上限 200 字节/);
    for (const name of ["README-政策.txt", "userdict-2.txt", "Stopwords-a.txt"]) {
      const r = await call("POST", "/admin/api/documents", form(name, goodDoc("skipped-name")));
      expect(r.status, name).toBe(400);
      expect(r.body.error.message).toMatch(/建索引时会被跳过/);
    }
    expect(snapshot(corpus)).toEqual(before);
    const name = `${"关于支持中小企业发展".repeat(6)}.html`;
    const ok = await call("POST", "/admin/api/documents", form(name, "<html><body><h1>关于支持中小企业发展的通知</h1><p>第一条 对新认定的企业给予奖励20万元。</p></body></html>", { id: "long-name-doc", title: "关于支持中小企业发展的通知" }));
    expect(ok.status).toBe(200);
    const docs = readdirSync(join(corpus, "docs"));
    expect(docs).toContain(name);
    expect(docs).toContain(`${name}.meta.yaml`);
    expect(docs.filter((f) => f.startsWith(".tmp-") || f.endsWith(".tmp"))).toEqual([]);
    expect((await call("DELETE", "/admin/api/documents/long-name-doc")).status).toBe(200);
    expect(readdirSync(join(corpus, "docs")).filter((f) => f.startsWith("关于"))).toEqual([]);
  }, 120_000);

  it("F10: a bad meta.region is refused at once, in Chinese", async () => {
    const before = snapshot(corpus);
    const r = await call("POST", "/admin/api/documents", form("region.txt", goodDoc("region-doc"), { region: { level: "galaxy", city: 3 } }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/地区（region）格式不正确/);
    expect(snapshot(corpus)).toEqual(before);
  });

  it("F7: X-Admin-User: % is a 400 before anything changes (never a 500 after the change went live)", async () => {
    const before = snapshot(corpus);
    const r = await call("POST", "/admin/api/documents", form("user.txt", goodDoc("user-doc")), { authorization: `Bearer ${TOKEN}`, "x-admin-user": "%" });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/X-Admin-User/);
    expect(snapshot(corpus)).toEqual(before);
    expect((await call("GET", "/admin/api/rules", undefined, { authorization: `Bearer ${TOKEN}`, "x-admin-user": "%E4%B8" })).status).toBe(400);
  });

  it("F12: a chunked upload is counted while it streams and cut at the limit (413) without reading it all", async () => {
    const u = new URL(base);
    const boundary = "----probe21";
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let stop = false;
      const req = request({ host: u.hostname, port: u.port, path: "/admin/api/documents", method: "POST", headers: { ...auth, "content-type": `multipart/form-data; boundary=${boundary}`, "transfer-encoding": "chunked" } }, (res) => {
        stop = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
      });
      req.on("error", (e) => (stop ? undefined : reject(e)));
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
      const chunk = Buffer.alloc(256 * 1024, "补");
      const pump = () => {
        while (!stop && sent < 400 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!stop) req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    console.log(`F12 chunked upload: 413 after ${(result.sent / 1024 / 1024).toFixed(1)} MB sent (limit 2 MB)`);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(64 * 1024 * 1024);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);

  // Last: it locks 127.0.0.1 out of the admin API for a minute.
  it("failed admin logins are audited and rate-limited (429 + Retry-After after ADMIN_LOGIN_MAX_FAILURES, here 10, in a minute)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call("GET", "/admin/api/rules", undefined, { authorization: `Bearer wrong-${i}` })).status);
    expect(statuses.slice(0, 10)).toEqual(new Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const locked = await call("GET", "/admin/api/rules", undefined, auth);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    const logins = audits().filter((a) => a.action === "login");
    expect(logins.length).toBeGreaterThanOrEqual(12);
    expect(logins.every((a) => a.ok === false && a.ip)).toBe(true);
  });
});
