import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { type Limiter, WINDOW_SECONDS } from "./ratelimit.js";

export interface RedisLimiterOptions {
  perMinute: number;
  /** Key prefix, so one Redis can serve several deployments. */
  prefix?: string;
  /** Whole seconds: Redis expires the window's key after them. */
  windowSeconds?: number;
  /** Connection state changes, for the log and the `ratelimit_store_up` gauge. */
  onState?: (up: boolean, err?: unknown) => void;
}

/**
 * Rate-limit windows in Redis, shared by every replica (rate-limiter-flexible's
 * RateLimiterRedis counts and sets the expiry in one Lua step, so two replicas
 * counting the same client at once cannot both start a window or lose a hit).
 * A request never waits on a missing Redis: commands are refused while
 * disconnected and time out quickly, so the limiter fails fast and the caller
 * fails open; the client keeps reconnecting in the background.
 */
export class RedisLimiter {
  readonly limiter: Limiter;
  private readonly redis: Redis;
  private up = false;

  constructor(url: string, opts: RedisLimiterOptions) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    });
    this.limiter = new RateLimiterRedis({
      storeClient: this.redis,
      points: opts.perMinute,
      duration: opts.windowSeconds ?? WINDOW_SECONDS,
      keyPrefix: opts.prefix ?? "zct:rl",
      rejectIfRedisNotReady: true,
    });
    const state = (up: boolean, err?: unknown) => {
      if (up === this.up) return;
      this.up = up;
      opts.onState?.(up, err);
    };
    this.redis.on("ready", () => state(true));
    // Without an 'error' listener ioredis prints every failed reconnect; the state change is logged once instead.
    this.redis.on("error", (err) => state(false, err));
    this.redis.on("close", () => state(false));
    this.redis.on("end", () => state(false));
  }

  get connected(): boolean {
    return this.up;
  }

  /** Resolves once connected, or after `ms` (the server then starts failing open until Redis answers). */
  ready(ms = 2000): Promise<boolean> {
    if (this.up) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.redis.off("ready", on);
        resolve(false);
      }, ms);
      t.unref();
      const on = () => {
        clearTimeout(t);
        resolve(true);
      };
      this.redis.once("ready", on);
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
