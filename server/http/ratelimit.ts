import type { MiddlewareHandler } from "hono";
import { apiError } from "./errors.js";

/**
 * Per-client fixed-window limit (requests per minute) for the API. Counting
 * per replica keeps the server stateless; behind N replicas the effective
 * limit is N times this. Off when `perMinute` is 0.
 */
export function rateLimit(perMinute: number, clientOf: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (perMinute <= 0) return next();
    const now = Date.now();
    const key = clientOf(c);
    let w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      w = { start: now, count: 0 };
      windows.set(key, w);
      if (windows.size > 50_000) for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
    }
    if (++w.count > perMinute) {
      const retry = Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000));
      c.header("Retry-After", String(retry));
      return apiError(c, 429, "rate_limited", `请求过于频繁，请${retry}秒后再试`);
    }
    return next();
  };
}
