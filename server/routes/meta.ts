import { createRoute, z } from "@hono/zod-openapi";
import { allFacts } from "../../core/facts/registry.js";
import { errors, json, routeApp } from "../http/openapi.js";
import { FactsResponse } from "../http/schemas.js";

const facts = createRoute({
  method: "get",
  path: "/api/facts",
  operationId: "listFacts",
  tags: ["元数据"],
  summary: "企业信息字段（标签、类型、追问）",
  responses: { 200: json(FactsResponse, "字段"), ...errors(429) },
});

export const OpenApiDocument = z
  .object({ openapi: z.string(), info: z.object({ title: z.string(), version: z.string() }).passthrough(), paths: z.record(z.string(), z.unknown()) })
  .passthrough()
  .openapi({ description: "OpenAPI 3.0 文档" });
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

const openapi = createRoute({
  method: "get",
  path: "/api/openapi.json",
  operationId: "getOpenApiDocument",
  tags: ["元数据"],
  summary: "本接口的 OpenAPI 3 文档（由各路由的 zod 声明生成）",
  responses: { 200: json(OpenApiDocument, "OpenAPI 文档"), ...errors(429) },
});

/** The fact vocabulary, and the OpenAPI document of the whole app (`document`: generated from its route declarations). */
export function metaRoutes(document: () => OpenApiDocument) {
  const app = routeApp();
  app.openapi(facts, (c) => c.json({ facts: allFacts() }, 200));
  app.openapi(openapi, (c) => c.json(document(), 200));
  return app;
}
