import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../http/errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time comparison of tokens of any length (hashing first makes the lengths equal). */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/** Bearer token check for /admin/api/*: a missing or wrong token is a 401 and nothing runs. */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !tokenMatches(m[1].trim(), token)) {
      c.header("WWW-Authenticate", 'Bearer realm="admin"');
      return apiError(c, 401, "unauthorized", "管理口令错误或缺失");
    }
    await next();
  };
}
