import { Redis } from "ioredis";
import { WINDOW_MS, type WindowCount, type WindowStore } from "./ratelimit.js";

/**
 * Count and expiry in one atomic step, so two replicas counting the same
 * client at the same instant cannot both start a window or lose a hit.
 * A key that somehow lost its expiry gets one again instead of living forever.
 */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

type WithHit = Redis & { zctHit(key: string, windowMs: number): Promise<[number, number]> };

export interface RedisWindowsOptions {
  /** Key prefix, so one Redis can serve several deployments. */
  prefix?: string;
  windowMs?: number;
  /** Connection state changes, for the log and the `ratelimit_store_up` gauge. */
  onState?: (up: boolean, err?: unknown) => void;
}

/**
 * Rate-limit windows in Redis, shared by every replica. A request never
 * waits on a missing Redis: commands are not queued while disconnected and
 * time out quickly, so the limiter fails fast and the caller fails open;
 * the client keeps reconnecting in the background.
 */
export class RedisWindows implements WindowStore {
  private readonly redis: WithHit;
  private readonly prefix: string;
  private readonly windowMs: number;
  private up = false;

  constructor(url: string, opts: RedisWindowsOptions = {}) {
    this.prefix = opts.prefix ?? "zct:rl:";
    this.windowMs = opts.windowMs ?? WINDOW_MS;
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    }) as WithHit;
    this.redis.defineCommand("zctHit", { numberOfKeys: 1, lua: HIT });
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

  async hit(key: string): Promise<WindowCount> {
    const [count, ttl] = await this.redis.zctHit(this.prefix + key, this.windowMs);
    return { count: Number(count), resetMs: Number(ttl) };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
