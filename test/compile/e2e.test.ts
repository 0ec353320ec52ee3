import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCorpusServer, startServer } from "../helpers/server.js";

/**
 * The compiler's whole mission, end to end: a real document dropped into an empty corpus (no
 * rule file) is served by the real server, and a computation question gets the computed amount,
 * cited verbatim from the clause, from a rule the API labels as compiled.
 */

const FILE = "01_ganjingzi_yingyong_jishu_yanfa_zijin.txt";
const source = fileURLToPath(new URL(`../fixtures/dev-corpus/${FILE}`, import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, "");

let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ url: base, close } = await startCorpusServer([source]));
});

afterAll(async () => {
  await close?.();
});

interface Chat {
  answer: string;
  found: boolean;
  citations: { id: number; docId: string; article: string; text: string; quote: string }[];
  matches: { ruleId: string; article: string; status: string; quote: string; origin?: string; amount?: { yuan?: number; text: string; trace: string[] } }[];
}

async function ask(content: string): Promise<Chat> {
  const res = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content }] }) });
  expect(res.status).toBe(200);
  return (await res.json()) as Chat;
}

describe("a document added to an empty corpus", () => {
  it("answers a computation question with the computed amount, cited verbatim, from a compiled rule", async () => {
    const r = await ask("我们企业注册在大连市甘井子区，重点研发项目研发投入420万元，能拿多少补助？");
    expect(r.found).toBe(true);
    const m = r.matches.find((x) => x.article === "第八条（一）");
    expect(m, JSON.stringify(r.matches.map((x) => x.article))).toBeDefined();
    expect(m!.origin).toBe("compiled");
    expect(m!.status).toBe("eligible");
    // 420万元 × 30% (按不超过…30%比例): computed, not quoted — the document never says 126万元.
    expect(m!.amount?.yuan).toBe(1_260_000);
    expect(readFileSync(source, "utf8")).not.toContain("126万元");
    expect(r.answer).toContain("126万元");
    expect(r.answer).toContain("按条款文字自动测算");

    const cite = r.citations.find((c) => c.article === "第八条（一）");
    expect(cite).toBeDefined();
    expect(squash(cite!.text).includes(squash(cite!.quote))).toBe(true);
    expect(squash(readFileSync(source, "utf8")).includes(squash(cite!.quote))).toBe(true);
    expect(cite!.quote).toContain("30%");
    expect(r.answer).toContain(`[${cite!.id}]`);

    const clause = (await (await fetch(`${base}/api/clauses/${encodeURIComponent(`${cite!.docId}:${cite!.article}`)}`)).json()) as { clause: { text: string } };
    expect(squash(clause.clause.text).includes(squash(m!.quote))).toBe(true);
  });

  it("applies the clause's cap: 研发投入1000万元 gets 200万元, not 300万元", async () => {
    const r = await ask("我们企业注册在大连市甘井子区，重点研发及成果转化项目研发投入1000万元，补助多少？");
    const m = r.matches.find((x) => x.article === "第八条（一）");
    expect(m?.origin).toBe("compiled");
    expect(m?.amount?.yuan).toBe(2_000_000);
    expect(r.answer).toContain("200万元");
    expect(r.answer).toContain("可获最高200万元");
    expect(m?.amount?.trace.join("")).toContain("超过上限200万元");
  });

  it("GET /api/rules lists every rule with its origin; here every one is compiled", async () => {
    const { rules } = (await (await fetch(`${base}/api/rules`)).json()) as { rules: { id: string; origin?: string; quote: string; kind: string }[] };
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const r of rules) expect(r.origin, r.id).toBe("compiled");
    const health = (await (await fetch(`${base}/healthz`)).json()) as { index: { counts: { rules: number; compiled: number; provisions: number; quoteOnly: number } } };
    expect(health.index.counts.compiled).toBeGreaterThanOrEqual(5);
    // 申报条件 (qualification) and 分担比例 (costShare) rules are compiled too, but pay nothing: not provisions.
    const paying = rules.filter((r) => r.kind !== "qualification" && r.kind !== "costShare");
    expect(health.index.counts.provisions).toBeGreaterThanOrEqual(paying.length);
  });
});

describe("the seed corpus", () => {
  it("GET /api/rules marks the hand-written rules curated", async () => {
    const seed = await startServer();
    try {
      const { rules } = (await (await fetch(`${seed.url}/api/rules`)).json()) as { rules: { id: string; origin?: string }[] };
      expect(rules.length).toBeGreaterThan(0);
      for (const r of rules) expect(["curated", "compiled"], r.id).toContain(r.origin);
      expect(rules.find((r) => r.id === "hz-ecom-attract")?.origin).toBe("curated");
    } finally {
      await seed.close();
    }
  });
});
