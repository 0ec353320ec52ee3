import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../http/errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Constant-time comparison of tokens of any length (hashing first makes the lengths equal). */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

export interface LoginGuard {
  /** Failed attempts per client address allowed in `windowMs`; the next ones get 429 until the window ends. */
  maxFailures: number;
  windowMs: number;
  /** Client address of a request. */
  ipOf: (c: Parameters<MiddlewareHandler>[0]) => string;
  /** Called for every refused attempt (audited as action "login"). */
  onFailure: (c: Parameters<MiddlewareHandler>[0], ip: string, limited: boolean) => void;
}

/**
 * Bearer token check for /admin/api/*: a missing or wrong token is a 401 and nothing runs.
 * With a guard, every failure is reported (audit) and an address that fails too often is
 * refused with 429 + Retry-After for the rest of the window, whatever token it sends.
 */
export function requireToken(token: string, guard?: LoginGuard): MiddlewareHandler {
  const failures = new Map<string, { n: number; until: number }>();
  return async (c, next) => {
    const ip = guard?.ipOf(c) ?? "";
    const now = Date.now();
    const f = guard ? failures.get(ip) : undefined;
    if (f && f.until <= now) failures.delete(ip);
    if (guard && f && f.until > now && f.n >= guard.maxFailures) {
      guard.onFailure(c, ip, true);
      c.header("Retry-After", String(Math.ceil((f.until - now) / 1000)));
      return apiError(c, 429, "rate_limited", "管理口令错误次数过多，请稍后再试");
    }
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m || !tokenMatches(m[1].trim(), token)) {
      if (guard) {
        const cur = failures.get(ip);
        if (cur && cur.until > now) cur.n++;
        else failures.set(ip, { n: 1, until: now + guard.windowMs });
        if (failures.size > 10_000) failures.clear();
        guard.onFailure(c, ip, false);
      }
      c.header("WWW-Authenticate", 'Bearer realm="admin"');
      return apiError(c, 401, "unauthorized", "管理口令错误或缺失");
    }
    await next();
  };
}
