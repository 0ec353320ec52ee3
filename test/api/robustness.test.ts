import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ url: base, close } = await startServer({ ALLOWED_ORIGINS: "http://allowed.example" }));
});
afterAll(() => close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Chinese-looking text with numbers, units, negations and control characters mixed in. */
const hostile = fc.array(
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.constantFrom("万", "亿", "万亿", "元", "%", "百分之", "近3年", "不是", "没有", "已纳入", "杭州", "余杭区", "上海", "\u0000", "\u202e", "\ud83d\ude00", "１２３", "——", "（一）"),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.double({ noNaN: false }).map(String),
  ),
  { maxLength: 40 },
);

describe("no 5xx for anything a client can send", () => {
  it("chat: random Unicode, huge and negative numbers, 万/亿 chains, control characters", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (parts, stream) => {
        const content = parts.join("").slice(0, 2000) || "？";
        const res = await post({ messages: [{ role: "user", content }] }, stream ? { accept: "text/event-stream" } : {});
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        if (res.status === 200 && !stream) expect(typeof JSON.parse(text).answer).toBe("string");
      }),
      { numRuns: 120 },
    );
  });

  it("chat: arbitrary JSON bodies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (v) => {
        const res = await post(v);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(((await res.json()) as any).error.message).toMatch(/[\u4e00-\u9fa5]/);
      }),
      { numRuns: 120 },
    );
  });

  it("search and eligibility: arbitrary query strings and profiles", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 600 }), fc.string({ maxLength: 4 }), fc.dictionary(fc.constantFrom("investment", "city", "isHighTech", "annualRevenue", "x"), fc.jsonValue({ maxDepth: 1 })), async (q, k, profile) => {
        const s = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&k=${encodeURIComponent(k)}`);
        expect(s.status).toBeLessThan(500);
        const e = await fetch(`${base}/api/eligibility`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profile }) });
        expect(e.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it("unknown clause and policy ids are 404, not errors", async () => {
    for (const id of ["%E0%A4%A", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000)]) {
      const res = await fetch(`${base}/api/clauses/${id}`);
      expect([400, 404]).toContain(res.status);
    }
  });
});

describe("CORS and security headers", () => {
  it("allows only ALLOWED_ORIGINS to call the API from a browser", async () => {
    const ok = await fetch(`${base}/api/policies`, { headers: { origin: "http://allowed.example" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://allowed.example");
    const no = await fetch(`${base}/api/policies`, { headers: { origin: "http://evil.example" } });
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("pages carry a CSP with only the project's scripts and frame-ancestors from the allowlist, and nosniff", async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' http://allowed.example");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("every response has a request id, and /metrics counts requests by route", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get("x-request-id")).toMatch(/.{8,}/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(metrics).toContain("http_request_duration_seconds_bucket");
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a client exceeds its budget", async () => {
    const limited = await startServer({ RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await fetch(`${limited.url}/api/policies`)).status);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const res = await fetch(`${limited.url}/api/policies`);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await res.json()) as any).error.message).toContain("请求过于频繁");
    } finally {
      await limited.close();
    }
  });
});
