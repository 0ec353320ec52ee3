import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await startServer());
});
afterAll(() => close());

const get = async (path: string) => {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
};

describe("GET /api/search", () => {
  it("finds the clause a question is about, with its article label", async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent("外卖柜补贴每台多少钱")}&k=3`);
    expect(status).toBe(200);
    expect(body.hits[0]).toMatchObject({ docId: "hangzhou-new-ecommerce-2022", article: "三、（十三）" });
    expect(body.hits[0].text).toContain("外卖柜");
    expect(body.hits.length).toBeLessThanOrEqual(3);
  });

  it("filters by document and by validity today", async () => {
    const { body } = await get(`/api/search?q=${encodeURIComponent("发明专利")}&k=10&docId=suzhou-dengfeng-2021`);
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.every((h: any) => h.docId === "suzhou-dengfeng-2021")).toBe(true);
    const live = await get(`/api/search?q=${encodeURIComponent("新电商 资助")}&k=10&inForce=true`);
    expect(live.body.hits.some((h: any) => h.docId === "hangzhou-new-ecommerce-2022")).toBe(false);
  });

  it.each([
    ["", "q="],
    ["too long q", `q=${"政".repeat(501)}`],
    ["k=0", "q=专利&k=0"],
    ["k=51", "q=专利&k=51"],
    ["k not a number", "q=专利&k=abc"],
  ])("rejects %s with a Chinese 400", async (_name, qs) => {
    const { status, body } = await get(`/api/search?${qs}`);
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe("policies and clauses", () => {
  it("lists nine policies with their validity as of today", async () => {
    const { body } = await get("/api/policies");
    expect(body.policies).toHaveLength(9);
    const hz = body.policies.find((p: any) => p.id === "hangzhou-new-ecommerce-2022");
    expect(hz).toMatchObject({ validTo: "2025-12-31", inForce: false, region: { city: "杭州市" } });
    const js = body.policies.find((p: any) => p.id === "jiangsu-high-value-patent-center-2021");
    expect(js.inForce).toBe(true);
  });

  it("serves one policy with its clause tree, and 404 in Chinese for an unknown id", async () => {
    const { body } = await get("/api/policies/jiangsu-high-value-patent-center-2021");
    expect(body.clauses.find((c: any) => c.article === "第九条").childIds).toHaveLength(4);
    const missing = await get("/api/policies/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("未找到");
  });

  it("serves a clause with its neighbours", async () => {
    const { body } = await get(`/api/clauses/${encodeURIComponent("hangzhou-new-ecommerce-2022:一、（二）")}`);
    expect(body.clause.text).toContain("年营业收入突破2000万元");
    expect(body.prev.article).toBe("一、（一）");
    expect(body.next.article).toBe("一、（三）");
    expect(body.doc.title).toBe("关于促进杭州市新电商高质量发展的若干意见");
  });
});

describe("service endpoints", () => {
  it("reports liveness with the index version", async () => {
    const { body } = await get("/healthz");
    expect(body.status).toBe("ok");
    expect(body.index.corpusHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("publishes the profile schema in OpenAPI", async () => {
    const { body } = await get("/api/openapi.json");
    expect(body.openapi).toMatch(/^3\./);
    expect(body.components.schemas.Profile.properties.investment).toBeDefined();
    expect(body.paths["/api/chat"].post).toBeDefined();
  });

  it("answers unknown paths with a Chinese 404", async () => {
    const { status, body } = await get("/api/nothing-here");
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });
});
