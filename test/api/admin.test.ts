import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRuleFile } from "../../core/rules/load.js";
import { checkRuleBase } from "../../core/rules/provenance.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { scratchCorpus, snapshot } from "../helpers/admin-corpus.js";
import { devText, hasChromium, printableHtml, printToPdf, scannedPdf } from "../helpers/formats.js";
import { startServer } from "../helpers/server.js";

const TOKEN = "test-admin-token-1f0c";

describe("admin without ADMIN_TOKEN", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ url: base, close } = await startServer());
  });
  afterAll(() => close());

  it.each([
    ["GET", "/admin"],
    ["GET", "/admin/api/rules"],
    ["POST", "/admin/api/preview"],
    ["POST", "/admin/api/documents"],
    ["DELETE", "/admin/api/documents/hangzhou-new-ecommerce-2022"],
    ["POST", "/admin/api/rules/hz-ecom-attract/adopt"],
  ])("%s %s is a 404, even with a token", async (method, path) => {
    const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
  });
});

describe.skipIf(!hasChromium())("admin API with ADMIN_TOKEN", () => {
  const dir = scratchCorpus();
  const corpus = join(dir, "corpus");
  const auditFile = join(dir, "audit.log");
  const liaoning = devText("08_liaoning_qiye_jishu_chuangxin_zijin.txt");
  let pdf: Buffer;
  let base = "";
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    pdf = await printToPdf(printableHtml(liaoning.title, liaoning.body));
    ({ url: base, close } = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: auditFile, ADMIN_MAX_UPLOAD_MB: "2" }));
  }, 180_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = { authorization: `Bearer ${TOKEN}`, "x-admin-user": encodeURIComponent("张三") };
  const form = (name: string, bytes: Buffer, meta?: Record<string, unknown>) => {
    const f = new FormData();
    f.append("file", new Blob([new Uint8Array(bytes)]), name);
    if (meta) f.append("meta", JSON.stringify(meta));
    return f;
  };
  const call = async (method: string, path: string, body?: FormData, headers: Record<string, string> = auth) => {
    const res = await fetch(base + path, { method, headers, ...(body ? { body } : {}) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const audits = () => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);

  it("serves the admin page", async () => {
    const res = await fetch(`${base}/admin`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("语料管理");
  });

  it("a wrong or missing token is a 401 on every call and leaves the corpus untouched", async () => {
    const before = snapshot(corpus);
    const rule = "hz-ecom-attract";
    for (const headers of [{ authorization: "Bearer wrong-token" }, { authorization: `Bearer ${TOKEN}x` }, {}, { authorization: TOKEN }]) {
      for (const [method, path, body] of [
        ["GET", "/admin/api/rules"],
        ["POST", "/admin/api/preview", form("a.pdf", pdf)],
        ["POST", "/admin/api/documents", form("a.pdf", pdf)],
        ["DELETE", "/admin/api/documents/hangzhou-new-ecommerce-2022"],
        ["POST", `/admin/api/rules/${rule}/adopt`],
        ["POST", `/admin/api/rules/${rule}/disable`],
      ] as [string, string, FormData?][]) {
        const res = await call(method, path, body, headers as Record<string, string>);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body.error.message).toBe("管理口令错误或缺失");
      }
    }
    expect(snapshot(corpus)).toEqual(before);
    expect((await call("GET", "/api/policies")).body.policies.map((p: any) => p.id)).toEqual(["hangzhou-new-ecommerce-2022"]);
  });

  it("previews a PDF: metadata, validity today and the clause tree with pages, writing nothing", async () => {
    const before = snapshot(corpus);
    const { status, body } = await call("POST", "/admin/api/preview", form("liaoning-fund.pdf", pdf));
    expect(status).toBe(200);
    expect(body.docs[0]).toMatchObject({ id: "liaoning-fund", title: liaoning.title, asOf: "2026-11-21", inForce: true });
    expect(body.clauses.filter((c: any) => /^第.+条$/.test(c.article)).length).toBe(55);
    expect(body.clauses.find((c: any) => c.article === "第九条").page).toBe(2);
    expect(snapshot(corpus)).toEqual(before);
  });

  it("refuses a scan, a file over the size limit and an unsupported type with Chinese errors", async () => {
    const before = snapshot(corpus);
    const scan = await call("POST", "/admin/api/documents", form("scan.pdf", await scannedPdf("扫描件", liaoning.body.slice(0, 300))));
    expect(scan.status).toBe(422);
    expect(scan.body.error.message).toBe("《scan.pdf》没有可提取的文字层（可能是扫描件），请提供文字版 PDF 或 DOCX");
    const big = await call("POST", "/admin/api/documents", form("big.txt", Buffer.alloc(3 * 1024 * 1024, 0x41)));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe("文件不能超过 2 MB");
    const exe = await call("POST", "/admin/api/documents", form("tool.exe", Buffer.from("MZ")));
    expect(exe.status).toBe(400);
    expect(snapshot(corpus)).toEqual(before);
  });

  it("an uploaded PDF with edited metadata is saved, reindexed and answerable", async () => {
    const { status, body } = await call("POST", "/admin/api/documents", form("liaoning-fund.pdf", pdf, { issuer: "辽宁省财政厅、辽宁省经济和信息化委员会" }));
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ ok: true, rebuilt: true, file: "docs/liaoning-fund.pdf", docs: [{ id: "liaoning-fund", title: liaoning.title }] });
    expect(existsSync(join(corpus, "docs", "liaoning-fund.pdf"))).toBe(true);
    expect(readFileSync(join(corpus, "docs", "liaoning-fund.pdf.meta.yaml"), "utf8")).toContain("issuer: 辽宁省财政厅、辽宁省经济和信息化委员会");
    const policies = (await call("GET", "/api/policies")).body.policies;
    expect(policies.find((p: any) => p.id === "liaoning-fund")).toMatchObject({ title: liaoning.title, issuer: "辽宁省财政厅、辽宁省经济和信息化委员会" });
    const chat = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "辽宁企业并购海外科技型企业，单项补助最高多少？" }] }) });
    const cite = ((await chat.json()) as any).citations.find((c: any) => c.docId === "liaoning-fund");
    expect(cite).toBeTruthy();
    const clause = (await call("GET", `/api/clauses/${encodeURIComponent(cite.clauseId)}`)).body.clause;
    expect(stripWhitespace(clause.text)).toContain(stripWhitespace(cite.quote));
  });

  it("lists rules beside their clause, and adopting one writes curated YAML that passes the provenance check", async () => {
    const { body } = await call("GET", "/admin/api/rules");
    const rule = body.rules.find((r: any) => r.id === "hz-ecom-attract");
    expect(rule).toMatchObject({ origin: "curated", quoteFound: true, clauseId: `hangzhou-new-ecommerce-2022:${rule.article}` });
    expect(stripWhitespace(rule.clause.text)).toContain(stripWhitespace(rule.quote));
    expect(rule.facts.map((f: any) => f.key)).toContain("investment");
    const file = join(corpus, "rules", "hangzhou-new-ecommerce-2022.yaml");
    const adopted = await call("POST", "/admin/api/rules/hz-ecom-attract/adopt");
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ ok: true, adopted: "hz-ecom-attract", file: "rules/hangzhou-new-ecommerce-2022.yaml" });
    const yaml = readFileSync(file, "utf8");
    expect(yaml).toMatch(/^# 经管理页审核采纳的规则（curated）/);
    const rules = parseRuleFile(yaml, "hangzhou-new-ecommerce-2022.yaml");
    expect(rules.filter((r) => r.id === "hz-ecom-attract")).toHaveLength(1);
    const clauses = new Map((await call("GET", "/api/policies/hangzhou-new-ecommerce-2022")).body.clauses.map((c: any) => [c.id, c.text]));
    expect(checkRuleBase(rules, (id) => clauses.get(id) as string | undefined)).toEqual([]);
    // The adopted rule still computes: 20% of 1000万元, capped.
    const elig = await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile: { province: "浙江省", city: "杭州市", investment: 10_000_000, newlySettled: true } }) });
    expect(((await elig.json()) as any).matches.some((m: any) => m.ruleId === "hz-ecom-attract")).toBe(true);
  });

  it("disabling a rule takes it out of /api/rules after the reindex", async () => {
    const free = (await call("GET", "/api/rules")).body.rules.find((r: any) => r.id === "hz-ecom-platform-100yi");
    const res = await call("POST", `/admin/api/rules/${free.id}/disable`);
    expect(res.status).toBe(200);
    expect(readFileSync(join(corpus, "disabled-rules.yaml"), "utf8")).toContain(`- ${free.id}`);
    expect((await call("GET", "/api/rules")).body.rules.map((r: any) => r.id)).not.toContain(free.id);
    expect((await call("GET", "/admin/api/rules")).body.disabled).toContain(free.id);
  });

  it("deleting a document removes its file and sidecar and reindexes", async () => {
    const res = await call("DELETE", "/admin/api/documents/liaoning-fund");
    expect(res.status).toBe(200);
    expect(existsSync(join(corpus, "docs", "liaoning-fund.pdf"))).toBe(false);
    expect(existsSync(join(corpus, "docs", "liaoning-fund.pdf.meta.yaml"))).toBe(false);
    expect((await call("GET", "/api/policies")).body.policies.map((p: any) => p.id)).toEqual(["hangzhou-new-ecommerce-2022"]);
    expect((await call("DELETE", "/admin/api/documents/liaoning-fund")).status).toBe(404);
  });

  it("writes one JSON audit line per admin action: who, what, when", () => {
    // Failed logins (the wrong-token test) are audited too, as action "login" (issue 21).
    const all = audits();
    expect(all.filter((l) => l.action === "login").every((l) => l.ok === false)).toBe(true);
    expect(all.some((l) => l.action === "login")).toBe(true);
    const lines = all.filter((l) => l.action !== "login");
    const actions = lines.map((l) => `${l.action}:${l.ok}`);
    expect(actions).toEqual(["preview:true", "upload:false", "upload:true", "adopt-rule:true", "disable-rule:true", "delete:true"]);
    for (const l of lines) {
      expect(l).toMatchObject({ audit: true, who: "张三" });
      expect(Date.parse(l.at)).toBeGreaterThan(Date.now() - 600_000);
      expect(l.ip).toMatch(/127\.0\.0\.1/);
    }
  });
});
