import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRuleFile } from "../../core/rules/load.js";
import { startServer } from "../helpers/server.js";

/**
 * The rule editor over HTTP against a temporary corpus of one unseen document: a rule posted for a
 * money sentence the compiler left quote-only is saved as reviewed YAML and computes through
 * /api/eligibility and /api/chat at once (in the compute thread too); a number not in the quote is a
 * 422 naming the number; a PUT that changes the amount changes the answer; the review queue counts.
 */

const TOKEN = "editor-token-7c1e";
const DOC = "qinghe-keji-2026";
const FIXTURE = fileURLToPath(new URL("../fixtures/editor/qinghe-keji-2026.txt", import.meta.url));
const SENTENCE = "对企业新建研发实验室的，按实验室面积每50平方米折算一个标准间，每个标准间补助2万元";
const ROOMS = "c:标准间:个";

const labRule = (over: Record<string, unknown> = {}) => ({
  docId: DOC,
  article: "三、",
  title: "支持研发投入",
  quote: SENTENCE,
  target: "新建研发实验室的企业",
  keywords: ["研发实验室", "标准间"],
  amount: { kind: "perUnit", count: ROOMS, unit: "个", amount: 20000 },
  cases: [{ name: "3个标准间", profile: { [ROOMS]: 3 }, status: "eligible", amount: 60000 }],
  ...over,
});

describe("rule editor API", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-editor-"));
  const corpus = join(dir, "corpus");
  const auditFile = join(dir, "audit.log");
  let base = "";
  let close: () => Promise<void> = async () => {};
  const auth = { authorization: `Bearer ${TOKEN}`, "x-admin-user": encodeURIComponent("李审核"), "content-type": "application/json" };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, { method, headers: auth, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const eligibility = async (profile: Record<string, unknown>) =>
    (await (await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile: { city: "湖州市", ...profile } }) })).json()) as any;
  const chat = async (q: string) =>
    (await (await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) })).json()) as any;
  const audits = () => (existsSync(auditFile) ? readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : []);

  beforeAll(async () => {
    mkdirSync(join(corpus, "docs"), { recursive: true });
    cpSync(FIXTURE, join(corpus, "docs", `${DOC}.txt`));
    // One compute thread: a saved rule must be live there as well as on the event loop.
    ({ url: base, close } = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: auditFile, TODAY: "2026-12-07", CHAT_THREADS: "1" }));
  }, 240_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the review queue lists the money sentences with their state; the plan's targets are not offered", async () => {
    const { status, body } = await call("GET", `/admin/api/review?docId=${DOC}`);
    expect(status).toBe(200);
    const doc = body.docs[0];
    const states = doc.items.map((i: any) => `${i.article}${i.state}`);
    expect(states).toEqual(["二、compiled", "三、quote-only", "三、quote-only", "四、compiled", "五、quote-only"]);
    expect(doc.label).toBe("已审核 0/5");
    const lab = doc.items.find((i: any) => i.text === SENTENCE);
    expect(lab.reason).toMatch(/仅引用原文/);
    expect(doc.items.find((i: any) => i.article === "二、").summary).toBe("对首次认定的国家高新技术企业，一次性奖励20万元");
    expect(doc.items.some((i: any) => i.article === "一、")).toBe(false);
    expect(lab.clause.heading).toBe("支持研发投入");
    expect((await call("GET", "/admin/api/review?docId=../etc")).status).toBe(400);
    expect((await call("GET", "/admin/api/review?docId=no-such-doc")).status).toBe(404);
  });

  it("a number not in the quote is a 422 naming the number, and nothing is written", async () => {
    const { status, body } = await call("POST", "/admin/api/rules", labRule({ amount: { kind: "perUnit", count: ROOMS, unit: "个", amount: 30000 }, cases: [] }));
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid_rule");
    expect(body.error.details.join("\n")).toContain("3万元");
    expect(body.error.details.join("\n")).toMatch(/30000.*未出现在引文中/);
    expect(existsSync(join(corpus, "rules", `${DOC}.yaml`))).toBe(false);
    const bad = await call("POST", "/admin/api/rules", { ...labRule(), amount: { kind: "perUnit" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.length).toBeGreaterThan(0);
    const untitled = await call("POST", "/admin/api/rules", labRule({ title: " " }));
    expect(untitled.body.error.details).toContain("请填写标题（回答中引用规则时显示）");
    // A clerk's case that the rule does not meet is a check that fails.
    const wrongCase = await call("POST", "/admin/api/rules", labRule({ cases: [{ name: "3个", profile: { [ROOMS]: 3 }, status: "eligible", amount: 50000 }] }));
    expect(wrongCase.status).toBe(422);
    expect(wrongCase.body.error.details.join("\n")).toContain("用例“3个”未通过：应为符合条件、5万元，实际为符合条件、6万元");
  });

  let id = "";
  it("a rule posted for the quote-only sentence is live for /api/rules, /api/eligibility and /api/chat when the call returns", async () => {
    // Before: no rule reads the number of 标准间, so no caller can state it.
    const before = await eligibility({ [ROOMS]: 8 });
    expect(before.error.details.join("")).toContain(`未知的事实：${ROOMS}`);
    const { status, body } = await call("POST", "/admin/api/rules", labRule());
    expect(status, JSON.stringify(body)).toBe(201);
    id = body.id;
    expect(body.file).toBe(`rules/${DOC}.yaml`);
    const saved = parseRuleFile(readFileSync(join(corpus, "rules", `${DOC}.yaml`), "utf8"), "x");
    expect(saved[0]).toMatchObject({ id, origin: "reviewed", reviewed: { at: "2026-12-07", by: "李审核" } });

    const rules = (await (await fetch(`${base}/api/rules`)).json()) as any;
    expect(rules.rules.find((r: any) => r.id === id)).toMatchObject({ origin: "reviewed", quote: SENTENCE });
    const m = (await eligibility({ [ROOMS]: 8 })).matches.find((x: any) => x.ruleId === id);
    expect(m).toMatchObject({ status: "eligible", origin: "reviewed", reviewedAt: "2026-12-07" });
    expect(m.amount.yuan).toBe(160000);
    const answer = await chat("我们是湖州市的企业，新建了研发实验室，折算8个标准间，能拿多少补助？");
    expect(answer.answer).toContain("可获16万元");
    expect(answer.answer).toContain("已审核（2026-12-07）");
    expect(answer.answer).not.toContain("按条款文字自动测算");

    const queue = (await call("GET", `/admin/api/review?docId=${DOC}`)).body.docs[0];
    expect(queue.label).toBe("已审核 1/5");
    expect(queue.items.find((i: any) => i.ruleId === id)).toMatchObject({ state: "reviewed", checks: [] });
    const audit = audits().find((a) => a.action === "create-rule" && a.ok);
    expect(audit).toMatchObject({ who: "李审核", target: id, after: { id, amount: { amount: 20000 } } });
    expect(audit.before).toBeUndefined();
  }, 120_000);

  it("a PUT that adds the document's ceiling changes the answer, and the audit keeps before and after", async () => {
    const quote = `${SENTENCE}。单个企业累计补助不超过10万元`;
    const { status, body } = await call("PUT", `/admin/api/rules/${id}`, labRule({ quote, amount: { kind: "perUnit", count: ROOMS, unit: "个", amount: 20000, totalCap: 100000 }, cases: [] }));
    expect(status, JSON.stringify(body)).toBe(200);
    const m = (await eligibility({ [ROOMS]: 8 })).matches.find((x: any) => x.ruleId === id);
    expect(m.amount.yuan).toBe(100000);
    const answer = await chat("我们是湖州市的企业，新建了研发实验室，折算8个标准间，能拿多少补助？");
    expect(answer.answer).toContain("符合条件，可获10万元");
    expect(answer.answer).not.toContain("可获16万元");
    const audit = audits().filter((a) => a.action === "update-rule" && a.ok).at(-1);
    expect(audit.before.amount).toEqual({ kind: "perUnit", count: ROOMS, unit: "个", amount: 20000 });
    expect(audit.after.amount.totalCap).toBe(100000);
    // The ceiling sentence is now part of the reviewed rule: no longer a gap in the queue.
    const queue = (await call("GET", `/admin/api/review?docId=${DOC}`)).body.docs[0];
    expect(queue.items.map((i: any) => `${i.article}${i.state}`)).toEqual(["二、compiled", "三、reviewed", "四、compiled", "五、quote-only"]);
    expect(queue.label).toBe("已审核 1/4");
    // A PUT of an unknown rule is a 404; the body's id must be the address's.
    expect((await call("PUT", "/admin/api/rules/no-such-rule", labRule())).status).toBe(404);
    expect((await call("PUT", `/admin/api/rules/${id}`, labRule({ id: "other-id" }))).status).toBe(422);
  }, 120_000);

  it("a reviewed rule replaces the compiled rule of its provision, and survives a restart without a rebuild", async () => {
    const compiled = (await call("GET", `/admin/api/review?docId=${DOC}`)).body.docs[0].items.find((i: any) => i.article === "二、");
    const { status, body } = await call("PUT", `/admin/api/rules/${compiled.ruleId}`, { ...compiled.rule, origin: undefined, reviewed: undefined, cases: [{ name: "首次认定的国高", profile: { "c:首次认定:是否": true, "c:国家高新技术企业:是否": true }, status: "eligible", amount: 200000 }] });
    expect(status, JSON.stringify(body)).toBe(200);
    const rules = ((await (await fetch(`${base}/api/rules`)).json()) as any).rules.filter((r: any) => r.article === "二、");
    expect(rules).toHaveLength(1);
    expect(rules[0].origin).toBe("reviewed");
    const manifest = JSON.parse(readFileSync(join(dir, "index", "manifest.json"), "utf8"));
    const { staleness } = await import("../../server/index/ensure.js");
    expect(staleness(join(dir, "index"), corpus)).toBeUndefined();
    expect(manifest.counts.rules).toBe(3);
  }, 120_000);

  it("the editor's vocabulary lists every mechanism with a generated form", async () => {
    const { body } = await call("GET", "/admin/api/rules/editor");
    const fixed = body.mechanisms.find((m: any) => m.kind === "fixed");
    expect(fixed).toMatchObject({ label: "定额", fields: [{ name: "amount", kind: "money", label: "金额", optional: false }, { name: "once", kind: "boolean" }] });
    expect(body.mechanisms.length).toBeGreaterThanOrEqual(20);
    expect(body.facts.some((f: any) => f.key === ROOMS)).toBe(true);
    const check = await call("POST", "/admin/api/rules/check", labRule({ amount: { kind: "perUnit", count: ROOMS, unit: "个", amount: 20000 } }));
    expect(check.body).toMatchObject({ ok: true, problems: [], cases: [{ name: "3个标准间", pass: true }] });
  });
});
