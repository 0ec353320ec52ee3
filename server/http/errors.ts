import type { Context } from "hono";
import type { ZodError } from "zod";

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

export interface ApiError {
  error: { code: ErrorCode; message: string; details?: string[] };
}

export function apiError(c: Context, status: 400 | 401 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503, code: ErrorCode, message: string, details?: string[]) {
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
