import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, REDIS_BIN, startRedis } from "../../deploy/local.js";
import { existsSync } from "node:fs";
import { RateLimiterRes } from "rate-limiter-flexible";
import { RedisLimiter } from "../../server/http/ratelimit-redis.js";

/** What the middleware sees: allowed, refused (the budget is spent) or a store failure. */
const verdict = (p: Promise<unknown>) => p.then(() => "ok" as const, (e: unknown) => (e instanceof RateLimiterRes ? "limited" : "error"));

const absent = !existsSync(REDIS_BIN);
if (absent) console.warn(`\n\n!!! REDIS TESTS SKIPPED: ${REDIS_BIN} not found (apt-get install -y redis-server) !!!\n\n`);

describe.skipIf(absent)("rate-limit windows in a real redis-server", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-redis-"));
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port, dir);
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts atomically across replicas: 200 concurrent requests of one client through two replicas, exactly 50 allowed, one window", async () => {
    const a = new RedisLimiter(redis.url, { perMinute: 50, prefix: "t1" });
    const b = new RedisLimiter(redis.url, { perMinute: 50, prefix: "t1" });
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).limiter.consume("client")));
      expect(results.filter((r) => r.status === "fulfilled").length).toBe(50);
      const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(refused.length).toBe(150);
      for (const r of refused) {
        expect(r).toBeInstanceOf(RateLimiterRes);
        expect((r as RateLimiterRes).msBeforeNext).toBeGreaterThan(55_000);
        expect((r as RateLimiterRes).msBeforeNext).toBeLessThanOrEqual(60_000);
      }
      expect(await verdict(a.limiter.consume("someone-else"))).toBe("ok");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("starts a new window when the old one expires", async () => {
    const w = new RedisLimiter(redis.url, { perMinute: 2, prefix: "t2", windowSeconds: 1 });
    try {
      await w.ready();
      expect([await verdict(w.limiter.consume("c")), await verdict(w.limiter.consume("c")), await verdict(w.limiter.consume("c"))]).toEqual(["ok", "ok", "limited"]);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await verdict(w.limiter.consume("c"))).toBe("ok");
    } finally {
      await w.close();
    }
  });

  it("fails fast while Redis is down and recovers by itself when it is back", async () => {
    const states: boolean[] = [];
    const w = new RedisLimiter(redis.url, { perMinute: 5, prefix: "t3", onState: (up) => states.push(up) });
    try {
      await w.ready();
      await redis.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      expect(await verdict(w.limiter.consume("c"))).toBe("error");
      expect(Date.now() - t0).toBeLessThan(500);
      expect(w.connected).toBe(false);
      redis = await startRedis(port, dir);
      expect(await w.ready(10_000)).toBe(true);
      expect(await verdict(w.limiter.consume("c"))).toBe("ok");
      expect(states).toEqual([true, false, true]);
    } finally {
      await w.close();
    }
  });
});
