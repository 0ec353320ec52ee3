import { OpenAPIHono, z, type Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import type { BlankEnv } from "hono/types";

type OpenAPIRegistry = OpenAPIHono["openAPIRegistry"];
import { KnownProfileSchema } from "../../core/facts/registry.js";
import { Cond } from "../../core/rules/schema.js";
import { ApiError, apiError, zodMessages, type ErrorStatus } from "./errors.js";

/**
 * How a route file declares its routes (so /api/openapi.json describes every route):
 *
 *   const app = routeApp();
 *   app.openapi(createRoute({
 *     method: "get", path: "/api/things/{id}", operationId: "getThing", tags: ["政策"], summary: "…",
 *     request: { params: z.object({ id: z.string() }) },          // query/params: validated, Chinese errors (validationHook)
 *     responses: { 200: json(ThingResponse, "…"), ...errors(404) },
 *   }), (c) => …);
 *
 * - Path parameters are written `{id}`; the handler still reads `c.req.param("id")`.
 * - JSON bodies are documented with `jsonBody(Schema)` and read in the handler with `readJson` + `Schema.safeParse`
 *   (see routes/body.ts for why), never by zod-openapi's validator.
 * - Mount the route app with `app.route("/", …)` in server/app.ts (or `mounts`): its operations join the document.
 * - test/api/openapi.test.ts fails for a route of the app that the document does not list.
 */

/** Validation failures of query strings and path parameters: the contract's Chinese 400, never zod's English JSON. */
export const validationHook: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (result.success) return;
  const details = zodMessages(result.error as z.ZodError);
  return result.target === "query" ? apiError(c, 400, "bad_query", "查询参数有误", details) : apiError(c, 400, "invalid_request", "请求格式有误", details);
};

/** A route group whose routes join the OpenAPI document; invalid input is answered by validationHook. */
export const routeApp = () => new OpenAPIHono<BlankEnv>({ defaultHook: validationHook });

/**
 * `schema.openapi(name)` for any schema. zod 4 copies prototype methods onto a schema when it is built, so a schema
 * built before @hono/zod-openapi was first imported (core/, errors.ts, in whatever order a program loads them) has
 * no `.openapi`; the method is called from the prototype instead. On a lazy schema (Cond) this also names the
 * original, which ends the recursion of the schemas that use it.
 */
const openapiMethod = (z.ZodType.prototype as unknown as { openapi: (this: z.ZodType, name: string) => z.ZodType }).openapi;
export const named = <T extends z.ZodType>(name: string, schema: T): T => openapiMethod.call(schema, name) as T;

/** The error body as a named component, so every error response is one `$ref`. */
const ErrorSchema = named("Error", ApiError);

const ERROR_WHEN: Record<ErrorStatus, string> = {
  400: "请求有误（bad_json、invalid_request、bad_query 等，message 为中文说明）",
  401: "管理口令错误或缺失（unauthorized）",
  404: "未找到（not_found）",
  409: "与现有语料冲突（conflict）",
  413: "请求体过大（payload_too_large）",
  415: "上传格式不对（unsupported_media_type）",
  422: "文件无法读取或改动未通过校验（unreadable_file、invalid_request）",
  429: "请求过于频繁（rate_limited，附 Retry-After）",
  500: "服务器内部错误（internal）",
  503: "服务暂不可用（not_ready、unavailable）",
};

/** Error responses of a route, each the `{error:{code,message,details?}}` shape of http/errors.ts. */
export function errors<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, { description: ERROR_WHEN[s], content: { "application/json": { schema: ErrorSchema } } }])) as {
    [K in S]: { description: string; content: { "application/json": { schema: typeof ErrorSchema } } };
  };
}

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/**
 * A JSON request body, documented by reference: the handler reads it with readJson (text/plain accepted, streamed
 * 64 KB cap, Chinese errors), which zod-openapi's own body validator would replace with different answers.
 */
export function jsonBody(name: string, schema: z.ZodType) {
  BODIES.set(name, schema);
  return { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } };
}
/** The schemas of jsonBody, published as components by registerShared. */
const BODIES = new Map<string, z.ZodType>();

/** Components referenced by name rather than by a zod schema in a route. */
export function registerComponents(app: { openAPIRegistry: OpenAPIRegistry }, schemas: Record<string, z.ZodType>): void {
  for (const [name, schema] of Object.entries(schemas)) app.openAPIRegistry.register(name, named(name, schema));
}

/** Shared by every document: the listed profile, the recursive condition tree (needs a name to end the recursion). */
export function registerShared(app: { openAPIRegistry: OpenAPIRegistry }): void {
  registerComponents(app, { Profile: KnownProfileSchema, Cond, ...Object.fromEntries(BODIES) });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN" });
}

export const DOC_INFO = {
  openapi: "3.0.3",
  info: { title: "政策通 API", version: "1.0.0", description: "惠企政策问答：检索、资格判断与金额计算，每个结论附原文引用。错误一律为 `{error:{code,message,details?}}`，message 为中文。" },
  tags: [
    { name: "问答", description: "对话问答与资格判断" },
    { name: "政策", description: "政策文件、条款、检索与规则" },
    { name: "元数据", description: "企业信息字段与本文档" },
    { name: "运维", description: "健康检查、就绪检查与指标" },
    { name: "管理", description: "语料管理（仅设置 ADMIN_TOKEN 时存在，需 Bearer 口令）" },
  ],
};
