import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await startServer());
});
afterAll(() => close());

const strip = (s: string) => s.replace(/\s+/g, "");

describe("GET /api/rules", () => {
  it("every rule's quote is verbatim in the clause the API serves for its clauseId", async () => {
    const { rules } = (await (await fetch(`${base}/api/rules`)).json()) as { rules: { id: string; clauseId: string; quote: string }[] };
    expect(rules.length).toBeGreaterThanOrEqual(45);
    for (const r of rules) {
      const res = await fetch(`${base}/api/clauses/${encodeURIComponent(r.clauseId)}`);
      expect(res.status, r.id).toBe(200);
      const { clause } = (await res.json()) as { clause: { text: string } };
      expect(strip(clause.text).includes(strip(r.quote)), r.id).toBe(true);
    }
  });

  it("covers every provision of the Hangzhou document that grants money", async () => {
    const { rules } = (await (await fetch(`${base}/api/rules`)).json()) as { rules: { docId: string; article: string }[] };
    const articles = new Set(rules.filter((r) => r.docId === "hangzhou-new-ecommerce-2022").map((r) => r.article));
    for (const a of ["一、（一）", "一、（二）", "一、（三）", "一、（四）", "一、（五）", "二、（六）", "二、（七）", "二、（八）", "二、（九）", "二、（十）", "三、（十二）", "三、（十三）", "三、（十四）", "三、（十五）", "三、（十七）", "四、（十八）", "四、（二十）"]) {
      expect(articles.has(a), a).toBe(true);
    }
    for (const doc of ["suzhou-dengfeng-2021", "suzhou-ip-strong-enterprise-2021", "jiangsu-patent-transfer-2021", "jiangsu-high-value-patent-center-2021", "national-patent-transfer-2021"]) {
      expect(rules.some((r) => r.docId === doc), doc).toBe(true);
    }
  });
});

describe("POST /api/eligibility", () => {
  const evaluate = async (profile: Record<string, unknown>, asOf?: string, extra: Record<string, unknown> = {}) =>
    (await (await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile, ...(asOf ? { asOf } : {}), ...extra }) })).json()) as any;
  /** The seed policies are in force on this day; the server's TODAY (2026-11-21) is after Hangzhou's end. */
  const IN_FORCE = "2025-06-30";

  it("evaluates every rule against a partial profile, with amounts and missing facts", async () => {
    const r = await evaluate({ city: "杭州市", isEcommerce: true, newlySettled: true, onDirectReport: true, investment: 15000000 }, IN_FORCE);
    const attract = r.matches.find((m: any) => m.ruleId === "hz-ecom-attract");
    expect(attract.status).toBe("eligible");
    expect(attract.amount.schedule.map((x: any) => x.yuan)).toEqual([3000000, 2000000]);
    expect(attract.amount.trace.join("")).toContain("1500万元 × 20% = 300万元/年");
    expect(r.matches.some((m: any) => m.status === "needs_info" && m.missing.length > 0)).toBe(true);
  });

  it("validity before money: today the expired policy's rules are expired, never eligible, greyed last by the console", async () => {
    const profile = { city: "杭州市", isEcommerce: true, newlySettled: true, onDirectReport: true, investment: 15000000 };
    const r = await evaluate(profile);
    expect(r.notices.join("")).toContain("2025年12月31日");
    const attract = r.matches.find((m: any) => m.ruleId === "hz-ecom-attract");
    expect(attract).toMatchObject({ status: "expired", validity: { inForce: false, validTo: "2025-12-31", onTerms: "eligible", text: "该政策已于2025年12月31日失效（有效期2022年7月1日至2025年12月31日）" } });
    expect(attract.amount.yuan).toBe(3000000);
    expect(r.matches.filter((m: any) => m.docId === "hangzhou-new-ecommerce-2022").every((m: any) => m.status === "expired")).toBe(true);
    // inForce: only the rules of policies in force today.
    const live = await evaluate(profile, undefined, { inForce: true });
    expect(live.matches.length).toBeGreaterThan(0);
    expect(live.matches.length).toBeLessThan(r.matches.length);
    expect(live.matches.some((m: any) => m.docId === "hangzhou-new-ecommerce-2022")).toBe(false);
    expect(live.matches.every((m: any) => m.validity?.inForce !== false)).toBe(true);
    // Not a boolean: a Chinese 400.
    const bad = await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile, inForce: "yes" }) });
    expect(bad.status).toBe(400);
  });

  it("evaluates as of an explicit date: in force then, no expiry notice", async () => {
    const r = await evaluate({ city: "杭州市", isEcommerce: true, newlySettled: true, onDirectReport: true, investment: 10000000 }, "2024-06-01");
    expect(r.notices.join("")).not.toContain("杭州市新电商");
  });

  it("names the failed condition with the enterprise's value", async () => {
    const r = await evaluate({ city: "杭州市", isEcommerce: true, onDirectReport: true, annualRevenue: 30000000, avgGrowth3y: 18 }, IN_FORCE);
    const m = r.matches.find((x: any) => x.ruleId === "hz-ecom-scale-up");
    expect(m.status).toBe("ineligible");
    expect(m.failed.join("")).toContain("18%");
    expect(m.failed.join("")).toContain("20%");
  });

  it("rejects an invalid profile with a Chinese 400", async () => {
    const res = await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile: { investment: "很多" } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
