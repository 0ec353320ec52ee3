import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingBinaries, startDeployment, startRedis, type Deployment } from "../../deploy/local.js";
import { testIndexDir } from "../helpers/server.js";

/**
 * The production arrangement, for real: Debian's nginx and redis-server, two
 * replicas started as `npm start` starts one, each computing chats on a worker
 * thread, sharing one read-only index and one rate limit. Clients are told
 * apart by their loopback source address (127.0.0.2, 127.0.0.3, …), which is
 * what nginx puts in X-Forwarded-For.
 */
const missing = missingBinaries();
if (missing.length) console.warn(`\n\n!!! DEPLOYMENT TEST SKIPPED: ${missing.join(", ")} not found (apt-get install -y nginx redis-server) !!!\n\n`);

const LIMIT = 10;
const QUESTION = "我们是刚落户杭州的新电商企业，实际投资额1000万元，能拿多少？";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request from a chosen source address, on its own connection. */
function send(url: string, from: string, opts: { method?: string; path: string; body?: string; headers?: Record<string, string> }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${opts.path}`,
      { method: opts.method ?? "GET", localAddress: from, agent: false, headers: { ...(opts.body ? { "content-type": "application/json" } : {}), ...opts.headers } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const chat = (url: string, from: string, headers: Record<string, string> = {}) =>
  send(url, from, { method: "POST", path: "/api/chat", body: JSON.stringify({ messages: [{ role: "user", content: QUESTION }] }), headers });

/** `name{labels…} value` summed over the lines whose labels contain every `has`. */
async function metric(url: string, name: string, ...has: string[]): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(name) && (l[name.length] === "{" || l[name.length] === " ") && has.every((h) => l.includes(h)))
    .reduce((n, l) => n + Number(l.split(" ").at(-1)), 0);
}

const chatsServed = (d: Deployment) => Promise.all(d.replicas.map((r) => metric(r.url, "http_requests_total", 'route="/api/chat"')));

describe.skipIf(missing.length > 0)("deployment: nginx, Redis and two replicas", () => {
  let d: Deployment;
  beforeAll(async () => {
    d = await startDeployment({ replicas: 2, indexFrom: testIndexDir(), env: { RATE_LIMIT_PER_MINUTE: String(LIMIT), CHAT_THREADS: "1", TODAY: "2026-11-21" } });
  }, 180_000);
  afterAll(() => d?.stop());

  it("answers chat, and chat as server-sent events, through nginx", async () => {
    const plain = await chat(d.url, "127.0.0.4");
    expect(plain.status).toBe(200);
    expect(plain.headers.server).toMatch(/nginx/);
    const json = JSON.parse(plain.body) as { answer: string; matches: { amount?: { text: string } }[] };
    expect(json.answer).toContain("200万元");

    const sse = await chat(d.url, "127.0.0.4", { accept: "text/event-stream" });
    expect(sse.status).toBe(200);
    expect(sse.headers["content-type"]).toContain("text/event-stream");
    const events = sse.body.split("\n\n").filter(Boolean);
    expect(events.filter((e) => e.startsWith("event: delta")).length).toBeGreaterThan(1);
    const done = events.find((e) => e.startsWith("event: done"))!;
    expect(JSON.parse(done.split("\ndata: ")[1].split("\n")[0]).answer).toBe(json.answer);
  });

  it("shares one limit across the replicas: 16 requests from one client, at most 10 answered; a second client is not limited by the first", async () => {
    const before = await chatsServed(d);
    const codes: number[] = [];
    // A client cannot escape its bucket by claiming another address: nginx replaces X-Forwarded-For.
    for (let i = 0; i < 16; i++) codes.push((await chat(d.url, "127.0.0.2", { "x-forwarded-for": `203.0.113.${i}` })).status);
    const after = await chatsServed(d);
    expect(codes.filter((c) => c === 200).length).toBe(LIMIT);
    expect(codes.filter((c) => c === 429).length).toBe(16 - LIMIT);
    // Both replicas took part (nginx round-robins), so neither could have counted alone.
    expect(after[0] - before[0]).toBeGreaterThanOrEqual(4);
    expect(after[1] - before[1]).toBeGreaterThanOrEqual(4);

    const limited = await chat(d.url, "127.0.0.2", { origin: "https://portal.example" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).error.code).toBe("rate_limited");

    const other = await chat(d.url, "127.0.0.3");
    expect(other.status).toBe(200);
  });

  it("keeps answering while Redis is down (fail open, logged and counted) and limits again once it is back", async () => {
    const redisPort = d.redis.port;
    await d.redis.kill("SIGKILL");
    const codes: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++) codes.push((await chat(d.url, "127.0.0.6")).status);
    expect(codes.every((c) => c === 200)).toBe(true);
    const errors = (await Promise.all(d.replicas.map((r) => metric(r.url, "ratelimit_store_errors_total")))).reduce((a, b) => a + b, 0);
    expect(errors).toBeGreaterThanOrEqual(LIMIT + 4);
    expect(await metric(d.replicas[0].url, "ratelimit_store_up")).toBe(0);
    expect(d.replicas.map((r) => r.output()).join("\n")).toMatch(/fail open/);

    // Same port, empty store: the replicas reconnect by themselves.
    const redis = await startRedis(redisPort, `${d.dir}/redis`);
    Object.assign(d.redis, redis);
    const until = Date.now() + 15_000;
    while (Date.now() < until && (await Promise.all(d.replicas.map((r) => metric(r.url, "ratelimit_store_up")))).some((v) => v !== 1)) await new Promise((r) => setTimeout(r, 200));
    const again: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) again.push((await chat(d.url, "127.0.0.7")).status);
    expect(again.filter((c) => c === 200).length).toBe(LIMIT);
  });

  it("loses no request when a replica is killed under load: nginx retries it on the other", async () => {
    // Unlimited for this part, one replica at a time (a rolling restart).
    await d.restartReplica(0, { RATE_LIMIT_PER_MINUTE: "0" });
    await d.restartReplica(1, { RATE_LIMIT_PER_MINUTE: "0" });
    let stop = false;
    const failures: string[] = [];
    let served = 0;
    const loop = async (from: string) => {
      while (!stop) {
        try {
          const r = await chat(d.url, from);
          if (r.status !== 200) failures.push(`HTTP ${r.status}: ${r.body.slice(0, 120)}`);
          else served++;
        } catch (e) {
          failures.push(String(e));
        }
      }
    };
    const loops = ["127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14", "127.0.0.15"].map(loop);
    await new Promise((r) => setTimeout(r, 1500));
    const servedBeforeKill = served;
    await d.replicas[0].kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 2500));
    stop = true;
    await Promise.all(loops);
    expect(failures).toEqual([]);
    expect(servedBeforeKill).toBeGreaterThan(5);
    expect(served - servedBeforeKill).toBeGreaterThan(5);
  });
});
