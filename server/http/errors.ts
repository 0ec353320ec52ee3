import type { Context } from "hono";
import { z, type ZodError } from "zod";

/** Every error code of the contract (docs/api.md lists each with its status). */
export const ERROR_CODES = [
  "bad_json",
  "invalid_request",
  "empty_message",
  "message_too_long",
  "too_many_messages",
  "unknown_role",
  "bad_query",
  "not_found",
  "payload_too_large",
  "rate_limited",
  "unsupported_media_type",
  "unauthorized",
  "conflict",
  "unreadable_file",
  "invalid_rule",
  "not_ready",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every error answer; published in the OpenAPI document as `Error`. */
export const ApiError = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      /** One Chinese sentence for the user. */
      message: z.string(),
      /** Per-field validation messages. */
      details: z.array(z.string()).optional(),
    }),
  })
  .strict();
export type ApiError = z.infer<typeof ApiError>;

export type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

/** Typed by its status, so a route declared with createRoute is checked against the errors it documents. */
export function apiError<S extends ErrorStatus>(c: Context, status: S, code: ErrorCode, message: string, details?: string[]) {
  const body: ApiError = { error: { code, message, ...(details?.length ? { details } : {}) } };
  return c.json(body, status);
}

const FIELD_NAMES: Record<string, string> = {
  messages: "对话消息",
  role: "角色",
  content: "内容",
  profile: "企业信息",
  q: "查询词",
  k: "返回条数",
};

/** Zod issues → short Chinese sentences naming the field ("对话消息[0].角色：…"). */
export function zodMessages(err: ZodError): string[] {
  return err.issues.slice(0, 5).map((i) => {
    const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${FIELD_NAMES[String(p)] ?? String(p)}`)).join("").replace(/^\./, "");
    return `${path || "请求"}：${i.message}`;
  });
}
