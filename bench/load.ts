/**
 * A load generator in its own process, so that whoever measures beside it
 * (bench/healthz.ts probing /healthz) is not slowed by autocannon's event loop.
 *   node --import tsx bench/load.ts <url> <connections> <seconds>
 * Prints one JSON line with throughput and latency when done.
 */
import autocannon from "autocannon";
import { workload } from "./workload.js";

const [url, conns = "64", secs = "10"] = process.argv.slice(2);
const { chatBodies } = workload();
let i = 0;
const lat: number[] = [];
const inst = autocannon(
  {
    url,
    connections: Number(conns),
    duration: Number(secs),
    requests: [{ method: "POST", headers: { "content-type": "application/json" }, setupRequest: (r: any) => ({ ...r, path: "/api/chat", body: chatBodies[i++ % chatBodies.length] }) } as any],
  },
  (err, r) => {
    if (err) throw err;
    lat.sort((a, b) => a - b);
    const p = (q: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(q * lat.length) - 1))] ?? NaN;
    console.log(JSON.stringify({ rps: r.requests.total / Number(secs), p50: p(0.5), p99: p(0.99), errors: r.errors + r.timeouts, non2xx: r.non2xx, total: r.requests.total }));
  },
);
inst.on("response", (_c: unknown, status: number, _b: number, ms: number) => {
  if (status < 400) lat.push(ms);
});
process.on("SIGTERM", () => inst.stop());
