import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starterQuestions } from "../../ingest/starters.js";
import type { DocMeta } from "../../core/corpus/schema.js";
import type { Rule } from "../../core/rules/schema.js";
import { startServer } from "../helpers/server.js";

/** Starter questions come from the deployment's documents; SITE_TITLE renames the pages. */

describe("starter questions from the corpus", () => {
  const doc = (id: string, city: string, validTo: string) => ({ id, title: `${city}某某政策`, region: { city }, validFrom: "2020-01-01", validTo }) as unknown as DocMeta;
  const rule = (id: string, docId: string, title: string, kind = "fixed", origin = "curated") => ({ id, docId, title, amount: { kind }, origin }) as unknown as Rule;

  it("asks one question per document, documents in force first, and skips rules that pay nothing", () => {
    const docs = [doc("old", "杭州市", "2021-12-31"), doc("new", "苏州市", "2027-12-31")];
    const rules = [
      rule("a", "old", "电商企业招引资助"),
      rule("b", "new", "申报条件", "qualification"),
      rule("c", "new", "项目经费支持", "upTo", "compiled"),
      rule("d", "new", "苏州市研发奖励", "fixed"),
    ];
    expect(starterQuestions(docs, rules, "2025-06-30")).toEqual(["苏州市研发奖励能拿多少？", "杭州市电商企业招引资助能拿多少？"]);
  });
});

describe("GET /api/starters and SITE_TITLE", () => {
  let app: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    app = await startServer({ SITE_TITLE: "某区惠企<通>", TODAY: "2023-06-30" });
  });
  afterAll(() => app?.close());

  it("lists questions about the loaded documents, not built-in cities", async () => {
    const body = (await (await fetch(`${app.url}/api/starters`)).json()) as { starters: string[] };
    expect(body.starters.length).toBeGreaterThan(0);
    expect(body.starters.length).toBeLessThanOrEqual(4);
    expect(body.starters.some((q) => q.includes("登峰"))).toBe(true);
    for (const q of body.starters) expect(q).toMatch(/能拿多少？$/);
  });

  it("names the pages after SITE_TITLE, escaped", async () => {
    for (const path of ["/", "/console"]) {
      const html = await (await fetch(app.url + path)).text();
      expect(html).toContain("某区惠企&#60;通&#62;");
      expect(html).not.toContain("政策通");
    }
  });
});
