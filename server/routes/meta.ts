import { Hono } from "hono";
import { z } from "zod";
import { allFacts, KnownProfileSchema } from "../../core/facts/registry.js";
import { ChatRequest, EligibilityRequest } from "../http/schemas.js";
import { ChatResponse } from "../chat/schema.js";
import { Evaluation } from "../../core/rules/match.js";

/** The fact vocabulary and an OpenAPI document generated from the same zod schemas the routes validate with. */
export function metaRoutes(): Hono {
  const app = new Hono();
  app.get("/api/facts", (c) => c.json({ facts: allFacts() }));

  let doc: unknown;
  app.get("/api/openapi.json", (c) => c.json((doc ??= openApi())));
  return app;
}

function schema(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { target: "openapi-3.0", unrepresentable: "any", io: "input" });
}

function openApi(): unknown {
  const json = (ref: string) => ({ content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
  const error = { description: "错误（中文说明）", ...json("Error") };
  return {
    openapi: "3.0.3",
    info: { title: "政策通 API", version: "1.0.0", description: "惠企政策问答：检索、资格判断与金额计算，每个结论附原文引用。" },
    paths: {
      "/api/chat": { post: { summary: "对话问答（无状态，客户端每次发送完整对话）", requestBody: json("ChatRequest"), responses: { 200: { description: "回答（Accept: text/event-stream 时为 delta/done 事件流）", ...json("ChatResponse") }, 400: error, 413: error, 429: error, 503: error } } },
      "/api/eligibility": { post: { summary: "按企业信息判断全部规则", requestBody: json("EligibilityRequest"), responses: { 200: { description: "判断结果", ...json("Evaluation") }, 400: error } } },
      "/api/rules": { get: { summary: "规则库（每条规则附其实现的原文）", responses: { 200: { description: "规则" } } } },
      "/api/search": {
        get: {
          summary: "条款混合检索",
          parameters: [
            { name: "q", in: "query", required: true, schema: { type: "string", maxLength: 500 } },
            { name: "k", in: "query", schema: { type: "integer", minimum: 1, maximum: 50, default: 5 } },
            { name: "docId", in: "query", schema: { type: "string" } },
            { name: "region", in: "query", schema: { type: "string" } },
            { name: "inForce", in: "query", schema: { type: "string", enum: ["true", "false"] } },
          ],
          responses: { 200: { description: "命中条款" }, 400: error },
        },
      },
      "/api/policies": { get: { summary: "政策文件列表（含今日是否有效）", responses: { 200: { description: "列表" } } } },
      "/api/policies/{docId}": { get: { summary: "一份政策及其条款树", parameters: [{ name: "docId", in: "path", required: true, schema: { type: "string" } }], responses: { 200: { description: "政策" }, 404: error } } },
      "/api/clauses/{clauseId}": { get: { summary: "一个条款及其前后条款", parameters: [{ name: "clauseId", in: "path", required: true, schema: { type: "string" } }], responses: { 200: { description: "条款" }, 404: error } } },
      "/api/facts": { get: { summary: "企业信息字段（标签、类型、追问）", responses: { 200: { description: "字段" } } } },
      "/healthz": { get: { summary: "存活检查与索引版本", responses: { 200: { description: "ok（加载索引期间 status 为 starting）" } } } },
      "/readyz": { get: { summary: "就绪检查：索引加载或重新加载期间返回 503", responses: { 200: { description: "可接收流量" }, 503: { description: "未就绪（附原因）" } } } },
      "/metrics": { get: { summary: "Prometheus 指标", responses: { 200: { description: "text/plain" } } } },
    },
    components: {
      schemas: {
        Profile: schema(KnownProfileSchema),
        ChatRequest: schema(ChatRequest),
        ChatResponse: schema(ChatResponse),
        EligibilityRequest: schema(EligibilityRequest),
        Evaluation: schema(Evaluation),
        Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "array", items: { type: "string" } } }, required: ["code", "message"] } } },
      },
    },
  };
}
