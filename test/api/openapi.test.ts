// First, before anything loads @hono/zod-openapi: schemas built earlier lack `.openapi` (see `named` in server/http/openapi.ts).
import "../../core/rules/schema.js";
import "../../server/http/errors.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { adminRoutes } from "../../server/admin/routes.js";
import { createApp } from "../../server/app.js";
import { ChatResponse } from "../../server/chat/schema.js";
import { loadConfig } from "../../server/config.js";
import { ApiError } from "../../server/http/errors.js";
import { ClauseResponse, EligibilityResponse, FactsResponse, HealthResponse, PoliciesResponse, PolicyResponse, RulesResponse, SearchResponse } from "../../server/http/schemas.js";
import { loadIndex } from "../../server/index/load.js";
import { createServices } from "../../server/services.js";
import { webRoutes } from "../../server/web/routes.js";
import { testIndexDir } from "../helpers/server.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** The app as `npm start` builds it with ADMIN_TOKEN set: every route group mounted. */
async function fullApp() {
  const config = loadConfig({ INDEX_DIR: testIndexDir(), CHAT_THREADS: "0", TODAY: "2026-11-21", ADMIN_TOKEN: "openapi-test-token" });
  const services = createServices(config, await loadIndex(testIndexDir()));
  const admin = adminRoutes({ services, corpusDir: config.corpusDir, reload: async () => ({ rebuilt: false }) });
  return createApp(services, { mounts: [admin], limiter: false });
}

const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, method: m, op: item[m]! })));

let app: Awaited<ReturnType<typeof fullApp>>;
let doc: Doc;

beforeAll(async () => {
  app = await fullApp();
  const res = await app.request("/api/openapi.json");
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});

describe("/api/openapi.json", () => {
  it("lists every route of the app, admin included, and nothing else", () => {
    // Pages of the front end (web/routes.ts) are not API; everything else the app registers must be documented.
    const pages = new Set(webRoutes({ admin: true, buildIfMissing: false }).routes.map((r) => `${r.method} ${r.path}`));
    const appRoutes = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))]
      .filter((r) => !pages.has(r))
      .map((r) => r.replace(/:(\w+)/g, "{$1}"))
      .sort();
    const documented = operations(doc).map((o) => o.key).sort();
    expect(appRoutes.length).toBeGreaterThan(20);
    expect(appRoutes).toContain("POST /admin/api/rules/{id}/adopt");
    expect(documented).toEqual(appRoutes);
  });

  it("is structurally valid OpenAPI 3.0", () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const tags = new Set(doc.tags.map((t) => t.name));
    const ids: string[] = [];
    for (const { key, path, op } of operations(doc)) {
      expect(path, key).toMatch(/^\//);
      expect(op.operationId, key).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      ids.push(op.operationId!);
      expect(op.tags?.length, key).toBeGreaterThan(0);
      for (const t of op.tags!) expect(tags.has(t), `${key}: tag ${t} is declared`).toBe(true);
      // Every {param} of the path is declared as a required path parameter, and no other.
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort(), key).toEqual(inPath);
      for (const p of declared) expect(p.required, `${key} ${p.name}`).toBe(true);
      // A 2xx answer with a schema for every media type it declares.
      const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect(ok.length, `${key} has a 2xx response`).toBeGreaterThan(0);
      for (const [status, r] of ok) {
        expect(Object.keys(r.content ?? {}).length, `${key} ${status} has content`).toBeGreaterThan(0);
        for (const [type, media] of Object.entries(r.content!)) expect(media.schema, `${key} ${status} ${type}`).toBeTruthy();
      }
      // Every error answer is the {error:{code,message}} shape.
      for (const [status, r] of Object.entries(op.responses).filter(([s]) => /^[45]\d\d$/.test(s))) {
        if (key === "GET /readyz" && status === "503") continue; // {ready:false, reason}: a probe, not an error
        expect(r.content?.["application/json"]?.schema, `${key} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
      }
      for (const [, r] of Object.entries(op.responses)) expect(r.description, key).toBeTruthy();
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("resolves every $ref to a component", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(20);
    for (const r of new Set(refs)) expect(doc.components.schemas[r], r).toBeDefined();
    expect((doc.components.schemas.Error as { properties: Record<string, unknown> }).properties.error).toBeDefined();
  });

  it("describes the request bodies, the streamed chat and the admin token", () => {
    const chat = doc.paths["/api/chat"].post!;
    expect(chat.requestBody?.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/ChatRequest" });
    expect(Object.keys(chat.responses["200"].content!)).toEqual(["application/json", "text/event-stream"]);
    expect(doc.paths["/api/eligibility"].post!.requestBody?.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/EligibilityRequest" });
    expect(doc.paths["/admin/api/documents"].post!.requestBody?.content["multipart/form-data"]).toBeDefined();
    for (const { key, path, op } of operations(doc)) if (path.startsWith("/admin/")) expect(op.security, key).toEqual([{ adminToken: [] }]);
    expect(doc.components.securitySchemes?.adminToken).toMatchObject({ type: "http", scheme: "bearer" });
    // The search parameters are SearchQuery's, limits included.
    const k = doc.paths["/api/search"].get!.parameters!.find((p) => p.name === "k");
    expect(k?.schema).toMatchObject({ minimum: 1, maximum: 50, default: 5 });
  });
});

/** The response schemas are documentation only at run time: the answers themselves must match them. */
describe("answers match their documented schemas", () => {
  const check = async (schema: z.ZodType, path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    expect(res.status, path).toBe(200);
    const r = schema.safeParse(await res.json());
    expect(r.success ? [] : r.error.issues.slice(0, 3), path).toEqual([]);
  };
  const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("for the read routes", async () => {
    await check(HealthResponse, "/healthz");
    await check(FactsResponse, "/api/facts");
    await check(RulesResponse, "/api/rules");
    await check(PoliciesResponse, "/api/policies");
    const policies = PoliciesResponse.parse(await (await app.request("/api/policies")).json()).policies;
    await check(PolicyResponse, `/api/policies/${encodeURIComponent(policies[0].id)}`);
    const hits = SearchResponse.parse(await (await app.request(`/api/search?q=${encodeURIComponent("研发费用 补助")}&k=3`)).json()).hits;
    expect(hits.length).toBeGreaterThan(0);
    await check(ClauseResponse, `/api/clauses/${encodeURIComponent(hits[0].clauseId)}`);
  });

  it("for chat and eligibility", async () => {
    await check(ChatResponse, "/api/chat", post({ messages: [{ role: "user", content: "研发投入有什么补贴？" }] }));
    await check(EligibilityResponse, "/api/eligibility", post({ profile: {} }));
  });
});

describe("invalid input keeps the contract's Chinese errors", () => {
  const error = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, body: ApiError.parse(await res.json()) };
  };

  it("a bad query is a 400 bad_query naming the field in Chinese", async () => {
    const { status, body } = await error("/api/search?q=x&k=abc");
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: "bad_query", message: "查询参数有误", details: ["返回条数：k 必须是数字"] });
    expect((await error("/api/search")).body.error.details).toEqual(["查询词：请提供查询词 q"]);
  });

  it("a repeated parameter counts by its first value, as before", async () => {
    const res = await app.request("/api/search?q=研发&q=&k=2&k=99");
    expect(res.status).toBe(200);
    const body = SearchResponse.parse(await res.json());
    expect(body.query).toBe("研发");
    expect(body.hits.length).toBeLessThanOrEqual(2);
  });

  it("a body is still read as before: text/plain JSON accepted, bad JSON a Chinese 400", async () => {
    const plain = await app.request("/api/eligibility", { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ profile: {} }) });
    expect(plain.status).toBe(200);
    const bad = await app.request("/api/chat", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(bad.status).toBe(400);
    expect(ApiError.parse(await bad.json()).error).toEqual({ code: "bad_json", message: "请求体不是合法的 JSON" });
  });
});
