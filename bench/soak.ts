/**
 * Soak test: 60 s at 64 connections against POST /api/chat on a server in its
 * own process (as `npm start` runs it), with rotating realistic questions.
 * Passes when no request errors or fails and the server's RSS grows < 10 %
 * between the end of warm-up and the end of the run.
 *
 *   npm run soak [-- --seconds 60 --connections 64 --warmup 30]
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

const QUESTIONS = [
  (n: number) => `我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额${n * 100}万元，一年能拿多少？`,
  (n: number) => `杭州电商企业年营业收入${2000 + n * 100}万元，近3年平均增速${15 + n}%，已纳入联网直报，能拿小升规奖励吗？`,
  (n: number) => `在杭州写字楼设置外卖柜${n}台，每台买价${1000 + n * 100}元，补贴多少？`,
  (n: number) => `苏州企业有省级企业技术中心，有效发明专利${40 + n}件，国外申请发明专利${n}件，能申报登峰行动计划吗？`,
  (n: number) => `江苏企业引进省外专利技术转化实施，合同实际成交额${n * 50}万元，大概能拿多少？`,
  () => "余杭区的企业拿到的新电商奖补资金，由哪级财政承担？",
  () => "上海市对专精特新企业有什么奖励？",
  () => "东丽区“十四五”期间有效发明专利的目标是多少件？",
];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function rssOf(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "60" }, connections: { type: "string", default: "64" }, warmup: { type: "string", default: "30" } } });
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  const connections = Number(values.connections);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "0" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on("data", (d: Buffer) => d.toString().includes("政策通已启动") && resolve());
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  try {
    let n = 0;
    const body = () => JSON.stringify({ messages: [{ role: "user", content: QUESTIONS[n % QUESTIONS.length](1 + (n++ % 17)) }] });
    const run = (duration: number) =>
      autocannon({
        url: `${base}/api/chat`,
        connections,
        duration,
        requests: [{ method: "POST", headers: { "content-type": "application/json" }, setupRequest: (req) => ({ ...req, body: body() }) }],
      });
    // The heap grows to its working size in the first seconds under load; measure growth after that.
    console.log(`预热 ${warmup} 秒…（${connections} 个连接）`);
    await run(warmup);
    const rssBefore = await rssOf(base);
    console.log(`压测 ${seconds} 秒…`);
    // Sample RSS during the run: a leak keeps climbing, a heap settling to its working size flattens out.
    const samples: number[] = [];
    const timer = setInterval(() => void rssOf(base).then((v) => samples.push(v)), 5000);
    const r = await run(seconds);
    clearInterval(timer);
    const rssAfter = await rssOf(base);
    const mid = samples[Math.floor(samples.length / 2)] ?? rssBefore;
    console.log(`RSS 采样（MB，每5秒）：${samples.map((v) => Math.round(v / 2 ** 20)).join(" ")}`);
    const growth = (rssAfter - rssBefore) / rssBefore;
    const failed = r.errors + r.timeouts + r.non2xx;
    const rows = {
      requests: r.requests.total,
      "req/s": Math.round(r.requests.average),
      "p50 ms": r.latency.p50,
      "p99 ms": r.latency.p99,
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      "RSS before MB": Math.round(rssBefore / 2 ** 20),
      "RSS after MB": Math.round(rssAfter / 2 ** 20),
      "RSS growth": `${(growth * 100).toFixed(1)}%`,
      "RSS growth, 2nd half": `${(((rssAfter - mid) / mid) * 100).toFixed(1)}%`,
    };
    console.table(rows);
    const ok = failed === 0 && growth < 0.1;
    console.log(ok ? "通过：零错误，RSS 增长低于 10%" : "未通过");
    process.exitCode = ok ? 0 : 1;
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
