import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, startPostgres } from "../helpers/postgres.js";
import { startServer } from "../helpers/server.js";

const TOKEN = "insights-shared-token-7c1d";
const CLERK_TOKEN = "insights-clerk-token-93ab";
const sha = (s: string) => createHash("sha256").update(s).digest("hex");

const PHONE = "13812345678";
const ID_CARD = "110101199003071234";
/** Three questions no document of the seed corpus answers; the first holds a phone number and a 身份证号. */
const PERSONAL = `我的手机${PHONE}，身份证号${ID_CARD}，想问火星探测器研发补贴有哪些？`;
const DEEP_SEA = "深海养殖三文鱼有什么补贴？";
const POEM = "写一首关于春天的诗";
const ANSWERED = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";

if (!hasPostgres()) {
  console.warn(
    "\n\n**********************************************************************\n" +
      "*  跳过 PostgreSQL 上的问题统计测试：未找到 /usr/lib/postgresql/15/bin  *\n" +
      "*  SKIPPING the insights test on PostgreSQL: apt-get install postgresql *\n" +
      "**********************************************************************\n\n",
  );
}

interface Engine {
  name: string;
  skip: boolean;
  /** The server's environment for this engine, and how to tear the database down. */
  setup(): Promise<{ env: Record<string, string>; stop(): void }>;
}

const ENGINES: Engine[] = [
  {
    name: "SQLite",
    skip: false,
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), "zct-insights-sqlite-"));
      return { env: { DATA_DIR: dir }, stop: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "PostgreSQL",
    skip: !hasPostgres(),
    async setup() {
      const pg = await startPostgres();
      return { env: { DATABASE_URL: pg.url }, stop: () => pg.stop() };
    },
  },
];

describe.each(ENGINES)("insights over HTTP on $name", (engine) => {
  const dir = mkdtempSync(join(tmpdir(), "zct-insights-"));
  const auditFile = join(dir, "audit.log");
  let base = "";
  let close: () => Promise<void> = async () => {};
  let stopDb = () => {};

  beforeAll(async () => {
    if (engine.skip) return;
    const db = await engine.setup();
    stopDb = db.stop;
    ({ url: base, close } = await startServer({ ...db.env, ADMIN_TOKEN: TOKEN, ADMIN_USERS: `李四:${sha(CLERK_TOKEN)}`, ADMIN_AUDIT_FILE: auditFile }));
  }, 180_000);
  afterAll(async () => {
    await close();
    stopDb();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = async (content: string, channel?: string) => {
    const res = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content }], ...(channel ? { channel } : {}) }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { found: boolean };
    return { requestId: res.headers.get("x-request-id")!, found: body.found };
  };
  const feedback = (body: unknown) => fetch(`${base}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const insights = async (token = TOKEN, query = "days=7", user?: string) => {
    const res = await fetch(`${base}/admin/api/insights?${query}`, { headers: { authorization: `Bearer ${token}`, ...(user ? { "x-admin-user": encodeURIComponent(user) } : {}) } });
    return { status: res.status, res, body: res.headers.get("content-type")?.includes("json") ? ((await res.json()) as any) : Buffer.from(await res.arrayBuffer()).toString("utf8") };
  };

  it.skipIf(engine.skip)("lists unanswered questions with their counts, masked, and counts the feedback posted for answers", async () => {
    expect((await ask(PERSONAL, "widget")).found).toBe(false);
    expect((await ask(PERSONAL, "chat")).found).toBe(false);
    expect((await ask(DEEP_SEA, "chat")).found).toBe(false);
    expect((await ask(POEM)).found).toBe(false);
    const rated = await ask(ANSWERED, "chat");
    expect(rated.found).toBe(true);
    const liked = await ask(ANSWERED, "widget");

    const bad = await feedback({ requestId: rated.requestId, helpful: false, comment: `金额不对，回电${PHONE}` });
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ ok: true });
    expect((await feedback({ requestId: liked.requestId, helpful: true })).status).toBe(200);

    // Questions are written after the answer has gone out: wait for them.
    let body: any;
    await expect
      .poll(async () => ((body = (await insights()).body), body.unanswered?.length), { timeout: 10_000 })
      .toBe(4);
    const byText = new Map<string, { count: number; lastAt: string }>(body.unanswered.map((u: any) => [u.question, u]));
    const personal = body.unanswered.find((u: any) => u.question.includes("火星探测器"));
    expect(personal.question).toBe("我的手机[手机号]，身份证号[身份证号]，想问火星探测器研发补贴有哪些？");
    expect(personal.count).toBe(2);
    expect(body.unanswered[0]).toEqual(personal);
    expect(byText.get(DEEP_SEA)?.count).toBe(1);
    expect(byText.get(POEM)?.count).toBe(1);
    // Rated 没用: an answer that did not help is a question the documents did not answer.
    expect(byText.get(ANSWERED)?.count).toBe(1);
    expect(Date.parse(personal.lastAt)).toBeGreaterThan(Date.now() - 60_000);

    expect(body.feedback.helpful).toBe(1);
    expect(body.feedback.unhelpful).toBe(1);
    const recent = body.feedback.recent.find((f: any) => f.requestId === rated.requestId);
    expect(recent).toMatchObject({ helpful: false, comment: "金额不对，回电[手机号]", channel: "chat", question: ANSWERED, region: "杭州市" });
    expect(body.feedback.recent.find((f: any) => f.requestId === liked.requestId)).toMatchObject({ helpful: true, channel: "widget" });

    // No personal number anywhere in what the office reads.
    const all = JSON.stringify(body);
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain(ID_CARD);
  });

  it.skipIf(engine.skip)("a second rating of the same answer replaces the first", async () => {
    const a = await ask(DEEP_SEA, "console");
    expect((await feedback({ requestId: a.requestId, helpful: true })).status).toBe(200);
    expect((await feedback({ requestId: a.requestId, helpful: false, comment: "没有找到" })).status).toBe(200);
    const { body } = await insights();
    expect(body.feedback).toMatchObject({ helpful: 1, unhelpful: 2 });
    await expect.poll(async () => (await insights()).body.unanswered.find((u: any) => u.question === DEEP_SEA)?.count, { timeout: 10_000 }).toBe(2);
  });

  it.skipIf(engine.skip)("exports CSV for a spreadsheet, audited under the named admin", async () => {
    // A named admin is who the token says, whatever X-Admin-User claims.
    const { status, res, body } = await insights(CLERK_TOKEN, "days=30&format=csv", "冒名");
    expect(status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("unanswered-questions-30d.csv");
    const text = body as string;
    // The byte-order mark makes Excel read the Chinese as UTF-8.
    expect(text.startsWith('\uFEFF"问题","次数","最近时间"')).toBe(true);
    expect(text).toContain('"我的手机[手机号]，身份证号[身份证号]，想问火星探测器研发补贴有哪些？","2"');
    expect(text).not.toContain(PHONE);
    // On the shared ADMIN_TOKEN the operator's X-Admin-User names the person, as before; without it, "admin".
    const fb = (await insights(TOKEN, "days=30&format=csv&table=feedback", "王五")).body as string;
    await insights(TOKEN, "days=30&format=csv");
    expect(fb).toContain('"没用","金额不对，回电[手机号]","问答页","杭州市"');

    const lines = readFileSync(auditFile, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.action === "export-insights").map((l) => l.who)).toEqual(["李四", "王五", "admin"]);
  });

  it.skipIf(engine.skip)("refuses a wrong token, a bad period and malformed feedback with Chinese errors", async () => {
    expect((await insights("not-a-token")).status).toBe(401);
    const period = await insights(TOKEN, "days=0");
    expect(period.status).toBe(400);
    expect(period.body.error.code).toBe("bad_query");
    expect(period.body.error.details.join()).toContain("days 须在1到3650之间");
    for (const body of [{ helpful: true }, { requestId: "a b", helpful: true }, { requestId: "x", helpful: "yes" }, { requestId: "x", helpful: true, comment: "长".repeat(501) }]) {
      const res = await feedback(body);
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe("invalid_request");
      expect(err.error.message).toBe("反馈格式有误");
    }
    expect((await fetch(`${base}/api/feedback`, { method: "POST", body: "{" })).status).toBe(400);
  });
});

describe("a database that is down", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    // Nothing listens on port 1: every query fails at once.
    ({ url: base, close } = await startServer({ DATABASE_URL: "postgres://zct@127.0.0.1:1/none", ADMIN_TOKEN: TOKEN }));
  }, 180_000);
  afterAll(() => close());

  it("never breaks an answer; feedback and insights say so in Chinese", async () => {
    const res = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: DEEP_SEA }], channel: "chat" }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answer: string }).answer).toMatch(/没有(?:与您的问题相关|关于“[^”]+”)的规定/);
    const fb = await fetch(`${base}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ requestId: res.headers.get("x-request-id"), helpful: false }) });
    expect(fb.status).toBe(503);
    expect(((await fb.json()) as { error: { message: string } }).error.message).toBe("反馈暂时无法保存，请稍后再试");
    const ins = await fetch(`${base}/admin/api/insights`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ins.status).toBe(503);
    expect(((await ins.json()) as { error: { message: string } }).error.message).toContain("问题统计数据库暂时无法访问");
  });
});
