import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

const ORIGIN = "https://portal.example.gov.cn";

/** A raw TCP client: what a slow or hostile client looks like to the server. */
function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => resolve(s));
    s.on("error", reject);
  });
}

/** Milliseconds until the server closes the socket, and what it said before. */
function closedAfter(s: Socket, t0: number): Promise<{ ms: number; said: string }> {
  return new Promise((resolve) => {
    let said = "";
    s.on("data", (d) => (said += d.toString()));
    s.on("error", () => {});
    s.on("close", () => resolve({ ms: Date.now() - t0, said }));
  });
}

describe("slow clients are cut off (default timeouts)", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it(
    "closes a body trickled at 1 byte/s within 45 s, and headers never finished within 45 s, while others are served",
    async () => {
      const body = JSON.stringify({ messages: [{ role: "user", content: "杭州新电商企业有什么补贴？" }] });
      const trickle = await open(server.url);
      const t0 = Date.now();
      const trickled = closedAfter(trickle, t0);
      trickle.write(`POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body) + 1000}\r\n\r\n`);
      const bytes = Buffer.from(body);
      let i = 0;
      const drip = setInterval(() => {
        if (!trickle.destroyed && i < bytes.length) trickle.write(bytes.subarray(i, ++i));
      }, 1000);

      const headers = await open(server.url);
      const halfHeaders = closedAfter(headers, Date.now());
      headers.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
      const headerDrip = setInterval(() => !headers.destroyed && headers.write("X-A: b\r\n"), 1000);

      // Meanwhile a normal client is answered at once.
      const ok = await fetch(`${server.url}/healthz`);
      expect(ok.status).toBe(200);

      const [t, h] = await Promise.all([trickled, halfHeaders]);
      clearInterval(drip);
      clearInterval(headerDrip);
      expect(t.ms).toBeLessThanOrEqual(45_000);
      // Cut by the request deadline (30 s by default), not by anything sooner that would hurt honest slow links.
      expect(t.ms).toBeGreaterThan(20_000);
      expect(t.said).toMatch(/^HTTP\/1\.1 408/);
      expect(h.ms).toBeLessThanOrEqual(45_000);
    },
    90_000,
  );
});

describe("connection cap", () => {
  it("drops connections beyond MAX_CONNECTIONS and accepts again once one closes", async () => {
    const server = await startServer({ MAX_CONNECTIONS: "3" });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) held.push(await open(server.url));
      const extra = await open(server.url);
      const dropped = await closedAfter(extra, Date.now());
      expect(dropped.said).toBe("");
      expect(dropped.ms).toBeLessThan(2000);
      // One of the held connections still gets an answer.
      const said = closedAfter(held[0], Date.now());
      held[0].end("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      expect((await said).said).toMatch(/^HTTP\/1\.1 200/);
      await new Promise((r) => setTimeout(r, 100));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await server.close();
    }
  });
});

describe("CORS on every answer, limits that count real requests", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ ALLOWED_ORIGINS: ORIGIN, RATE_LIMIT_PER_MINUTE: "3" });
  });
  afterAll(() => server.close());

  it("does not count preflights, and a 429 to an allowed origin carries CORS headers so the site can read Retry-After", async () => {
    for (let i = 0; i < 5; i++) {
      const pre = await fetch(`${server.url}/api/chat`, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    }
    const codes: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await fetch(`${server.url}/api/policies`, { headers: { origin: ORIGIN } });
      codes.push(last.status);
    }
    expect(codes).toEqual([200, 200, 200, 429]);
    expect(last!.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(last!.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("retry-after");
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await last!.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/请求过于频繁/);
  });

  it("gives errors the same CORS headers as successes (400, 404, 413), and none to an origin not allowed", async () => {
    // This server's budget is spent by the test above; errors from a fresh one.
    const s = await startServer({ ALLOWED_ORIGINS: ORIGIN });
    try {
      const h = { origin: ORIGIN, "content-type": "application/json" };
      const cases = [
        await fetch(`${s.url}/api/chat`, { method: "POST", headers: h, body: "{oops" }),
        await fetch(`${s.url}/api/chat`, { method: "POST", headers: h, body: JSON.stringify({ messages: [{ role: "system", content: "x" }] }) }),
        await fetch(`${s.url}/api/policies/no-such-doc`, { headers: h }),
        await fetch(`${s.url}/api/no-such-route`, { headers: h }),
        await fetch(`${s.url}/api/chat`, { method: "POST", headers: h, body: JSON.stringify({ pad: "x".repeat(70_000) }) }),
        await fetch(`${s.url}/api/search?q=`, { headers: h }),
      ];
      expect(cases.map((r) => r.status)).toEqual([400, 400, 404, 404, 413, 400]);
      // A body sent chunked, with no Content-Length to refuse up front, is cut at 64 KB too.
      const chunked = await fetch(`${s.url}/api/chat`, {
        method: "POST",
        headers: h,
        body: new ReadableStream({
          start(ctl) {
            for (let i = 0; i < 20; i++) ctl.enqueue(new TextEncoder().encode("x".repeat(8 * 1024)));
            ctl.close();
          },
        }),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(chunked.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
      for (const r of cases) expect(r.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      const role = (await cases[1].json()) as { error: { code: string; message: string } };
      expect(role.error.code).toBe("unknown_role");
      expect(role.error.message).toMatch(/user（用户）或 assistant（助手）/);

      const evil = await fetch(`${s.url}/api/chat`, { method: "POST", headers: { ...h, origin: "https://evil.example" }, body: "{oops" });
      expect(evil.status).toBe(400);
      expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await s.close();
    }
  });
});

describe("clients behind a proxy", () => {
  const get = (url: string, xff?: string) => fetch(`${url}/api/policies`, { headers: xff ? { "x-forwarded-for": xff } : {} }).then((r) => r.status);

  it("with TRUST_PROXY, counts the client X-Forwarded-For names; an address a client prepends changes nothing", async () => {
    const s = await startServer({ RATE_LIMIT_PER_MINUTE: "2", TRUST_PROXY: "127.0.0.1" });
    try {
      expect([await get(s.url, "198.51.100.1"), await get(s.url, "198.51.100.1"), await get(s.url, "198.51.100.1")]).toEqual([200, 200, 429]);
      // Left of the proxy's entry is whatever the client wrote: ignored.
      expect(await get(s.url, "10.9.9.9, 198.51.100.1")).toBe(429);
      expect(await get(s.url, "198.51.100.2")).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("without TRUST_PROXY (or from an untrusted peer), ignores X-Forwarded-For", async () => {
    for (const env of [{}, { TRUST_PROXY: "10.0.0.0/8" }] as Record<string, string>[]) {
      const s = await startServer({ RATE_LIMIT_PER_MINUTE: "2", ...env });
      try {
        expect([await get(s.url, "198.51.100.1"), await get(s.url, "198.51.100.2"), await get(s.url, "198.51.100.3")]).toEqual([200, 200, 429]);
      } finally {
        await s.close();
      }
    }
  });

  it("refuses to start with a TRUST_PROXY entry that is not an address or range", async () => {
    await expect(startServer({ TRUST_PROXY: "nginx.internal" })).rejects.toThrow(/TRUST_PROXY/);
  });
});
