import type { Context, MiddlewareHandler } from "hono";
import { type RateLimiterAbstract, RateLimiterCluster, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { apiError } from "./errors.js";

/** The documented window: a fixed minute per client, starting at its first request. */
export const WINDOW_SECONDS = 60;

/** A rate-limiter-flexible limiter: memory (one process), cluster (counted in the primary) or Redis (every replica). */
export type Limiter = RateLimiterAbstract;

/** Counters in this process: right for `npm start`; N times the limit behind N processes. */
export function memoryLimiter(perMinute: number, windowSeconds = WINDOW_SECONDS): Limiter {
  return new RateLimiterMemory({ points: perMinute, duration: windowSeconds, keyPrefix: "zct-rl" });
}

/**
 * A worker of `npm run start:cluster`: the counters live in the primary (its
 * RateLimiterClusterMaster, created by server/cluster.ts), so WORKERS processes
 * allow the limit once. The primary answers over IPC; if it does not within
 * `timeoutMs` the request fails open like a Redis outage.
 */
export function clusterLimiter(perMinute: number, windowSeconds = WINDOW_SECONDS, timeoutMs = 1000): Limiter {
  return new RateLimiterCluster({ points: perMinute, duration: windowSeconds, keyPrefix: "zct-rl", timeoutMs });
}

export interface RateLimitOptions {
  limiter: Limiter;
  clientOf: (c: Context) => string;
  /** The store failed: the request is let through (fail open); the caller logs and counts it. */
  onStoreError?: (err: unknown) => void;
  onLimited?: () => void;
}

/**
 * Per-client limit for the API. Preflights are not counted: a browser sends
 * one before the real request, and CORS answers it anyway. When the store is
 * down the server keeps answering: an outage of the limiter must not become an
 * outage of the service.
 */
export function rateLimit(o: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return next();
    try {
      await o.limiter.consume(o.clientOf(c));
    } catch (res) {
      // rate-limiter-flexible rejects with its result when the budget is spent, with an Error when the store failed.
      if (!(res instanceof RateLimiterRes)) {
        o.onStoreError?.(res);
        return next();
      }
      o.onLimited?.();
      const retry = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      c.header("Retry-After", String(retry));
      return apiError(c, 429, "rate_limited", `请求过于频繁，请${retry}秒后再试`);
    }
    return next();
  };
}
