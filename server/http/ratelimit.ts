import type { Context, MiddlewareHandler } from "hono";
import { apiError } from "./errors.js";

export const WINDOW_MS = 60_000;

/** One fixed window per client: how many requests it has made and when the window ends. */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Where the counters live: this process (MemoryWindows) or Redis, shared by replicas (RedisWindows). */
export interface WindowStore {
  /** Count one request of `key`; rejects when the store cannot be reached. */
  hit(key: string): Promise<WindowCount>;
  close(): Promise<void>;
}

/** Counters in this process: right for a single replica, N times the limit behind N replicas. */
export class MemoryWindows implements WindowStore {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly windowMs = WINDOW_MS) {}

  async hit(key: string): Promise<WindowCount> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
    }
    w.count++;
    return { count: w.count, resetMs: w.start + this.windowMs - now };
  }

  async close(): Promise<void> {}
}

export interface RateLimitOptions {
  perMinute: number;
  store: WindowStore;
  clientOf: (c: Context) => string;
  /** The store failed: the request is let through (fail open); the caller logs and counts it. */
  onStoreError?: (err: unknown) => void;
  onLimited?: () => void;
}

/**
 * Per-client fixed-window limit for the API. Preflights are not counted: a
 * browser sends one before the real request, and CORS answers it anyway.
 * When the store is down the server keeps answering: an outage of the
 * limiter must not become an outage of the service.
 */
export function rateLimit(o: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    if (o.perMinute <= 0 || c.req.method === "OPTIONS") return next();
    let w: WindowCount;
    try {
      w = await o.store.hit(o.clientOf(c));
    } catch (err) {
      o.onStoreError?.(err);
      return next();
    }
    if (w.count > o.perMinute) {
      o.onLimited?.();
      const retry = Math.max(1, Math.ceil(w.resetMs / 1000));
      c.header("Retry-After", String(retry));
      return apiError(c, 429, "rate_limited", `请求过于频繁，请${retry}秒后再试`);
    }
    return next();
  };
}
