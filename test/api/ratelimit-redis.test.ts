import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, REDIS_BIN, startRedis } from "../../deploy/local.js";
import { existsSync } from "node:fs";
import { RedisWindows } from "../../server/http/ratelimit-redis.js";

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

  it("counts atomically across replicas: 200 concurrent hits from two clients number 1…200 with one expiry", async () => {
    const a = new RedisWindows(redis.url, { prefix: "t1:" });
    const b = new RedisWindows(redis.url, { prefix: "t1:" });
    try {
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const hits = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).hit("client")));
      expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      for (const h of hits) {
        expect(h.resetMs).toBeGreaterThan(55_000);
        expect(h.resetMs).toBeLessThanOrEqual(60_000);
      }
      expect((await a.hit("someone-else")).count).toBe(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("starts a new window when the old one expires", async () => {
    const w = new RedisWindows(redis.url, { prefix: "t2:", windowMs: 300 });
    try {
      await w.ready();
      expect((await w.hit("c")).count).toBe(1);
      expect((await w.hit("c")).count).toBe(2);
      await new Promise((r) => setTimeout(r, 400));
      expect((await w.hit("c")).count).toBe(1);
    } finally {
      await w.close();
    }
  });

  it("fails fast while Redis is down and recovers by itself when it is back", async () => {
    const states: boolean[] = [];
    const w = new RedisWindows(redis.url, { prefix: "t3:", onState: (up) => states.push(up) });
    try {
      await w.ready();
      await redis.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      await expect(w.hit("c")).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(500);
      expect(w.connected).toBe(false);
      redis = await startRedis(port, dir);
      expect(await w.ready(10_000)).toBe(true);
      expect((await w.hit("c")).count).toBe(1);
      expect(states).toEqual([true, false, true]);
    } finally {
      await w.close();
    }
  });
});
