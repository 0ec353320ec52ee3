import cluster from "node:cluster";
import type { Context } from "hono";
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { apiError } from "./errors.js";

/**
 * Prometheus metrics with prom-client: request counts and latency histograms by
 * route pattern (not raw path, so ids do not explode the series), named counters
 * and gauges, and the process's own metrics (event-loop lag, GC, heap, RSS).
 * Under `npm run start:cluster` a worker's /metrics is the sum over all workers,
 * aggregated by the primary, so counters never jump back between scrapes.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** How the primary combines a gauge over workers (prom-client's aggregators). */
export type Aggregate = "sum" | "max" | "min" | "first" | "average";

/** The process's own metrics are registered once per process: several servers in one test process share them. */
let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (processMetrics) return processMetrics;
  processMetrics = new Registry();
  collectDefaultMetrics({ register: processMetrics });
  const started = Date.now();
  new Gauge({ name: "process_uptime_seconds", help: "Seconds since the process started.", registers: [processMetrics], aggregator: "max", collect() {
    this.set((Date.now() - started) / 1000);
  } });
  new Gauge({ name: "nodejs_heap_used_bytes", help: "V8 heap in use, bytes.", registers: [processMetrics], collect() {
    this.set(process.memoryUsage().heapUsed);
  } });
  return processMetrics;
}

export interface MetricsOptions {
  /** Include the process metrics (the server's own registry; not the warm-up's throwaway one). */
  process?: boolean;
  /** This process is a worker of server/cluster.ts: /metrics asks the primary for the sum over workers. */
  clustered?: boolean;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly registries: Registry[];
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly latency: Histogram<"method" | "route">;
  private readonly counters = new Map<string, Counter>();
  private readonly reads = new Map<string, () => number>();
  private readonly clustered: boolean;

  constructor(opts: MetricsOptions = {}) {
    this.registries = opts.process ? [processRegistry(), this.registry] : [this.registry];
    this.clustered = Boolean(opts.clustered);
    if (this.clustered) {
      // Constructing it in a worker installs prom-client's answer to the primary's request; these are the registries it reports.
      new AggregatorRegistry();
      AggregatorRegistry.setRegistries(this.registries);
      // From now on this worker answers the primary's requests: it may be asked.
      process.send?.({ zctMetrics: "ready" });
    }
    this.requests = new Counter({ name: "http_requests_total", help: "Requests served, by route and status.", labelNames: ["method", "route", "status"], registers: [this.registry] });
    this.latency = new Histogram({ name: "http_request_duration_seconds", help: "Request latency by route.", labelNames: ["method", "route"], buckets: BUCKETS, registers: [this.registry] });
  }

  /** A named counter (rate-limit store failures, 429s, …), created on first use. */
  inc(name: string, help: string, by = 1): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new Counter({ name, help, registers: [this.registry] })));
    c.inc(by);
  }

  /** A gauge read at scrape time (Redis connection state, pool queue); naming it again replaces what it reads (a reload). */
  gauge(name: string, help: string, read: () => number, aggregate: Aggregate = "sum"): void {
    const known = this.reads.has(name);
    this.reads.set(name, read);
    if (known) return;
    const reads = this.reads;
    new Gauge({ name, help, registers: [this.registry], aggregator: aggregate, collect() {
      this.set(reads.get(name)!());
    } });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route: labelSafe(route), status: String(status) });
    this.latency.observe({ method, route: labelSafe(route) }, seconds);
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;

  /** The Prometheus text: this process's metrics, or under the cluster the sum over every worker. */
  async render(): Promise<string> {
    if (this.clustered) return askPrimary();
    return (await Promise.all(this.registries.map((r) => r.metrics()))).join("\n");
  }
}

const labelSafe = (s: string) => s.replace(/["\\\n]/g, "_");

interface MetricsRequest {
  zctMetrics: "request";
  id: number;
}
interface MetricsReply {
  zctMetrics: "reply";
  id: number;
  text?: string;
  error?: string;
}

const pending = new Map<number, { resolve: (t: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
let nextId = 0;
let listening = false;

/** Worker side: the primary aggregates all workers (prom-client's AggregatorRegistry) and sends back the text. */
function askPrimary(timeoutMs = 8000): Promise<string> {
  if (!listening) {
    listening = true;
    process.on("message", (m: MetricsReply) => {
      if (m?.zctMetrics !== "reply") return;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.text !== undefined) p.resolve(m.text);
      else p.reject(new Error(m.error ?? "no metrics"));
    });
  }
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error("主进程未在时限内汇总指标 / the primary did not aggregate metrics in time"));
    }, timeoutMs);
    pending.set(id, { resolve, reject, timer });
    process.send?.({ zctMetrics: "request", id } satisfies MetricsRequest);
  });
}

type Snapshot = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>;
const REQ = "prom-client:getMetricsReq";
const RES = "prom-client:getMetricsRes";

/** Counters and histograms only grow: a dead worker's last figures stay in the sum (gauges of a dead process mean nothing). */
const cumulative = (s: Snapshot): Snapshot => s.filter((m) => ["counter", "histogram"].includes(String(m.type)) && (m.aggregator ?? "sum") === "sum");

/**
 * Primary side (server/cluster.ts): answer each worker's request with the metrics of all
 * workers summed (prom-client's AggregatorRegistry.aggregate over each worker's registries,
 * asked with prom-client's own request message). Only workers whose metrics exist are asked,
 * so one still starting does not fail the scrape; a worker that died keeps its last counts in
 * the sum, so a restart does not make the counters go down either.
 */
export function serveClusterMetrics(timeoutMs = 5000): void {
  const ready = new Set<number>();
  const last = new Map<number, Snapshot>();
  const retired: Snapshot[] = [];
  const requests = new Map<number, { waiting: Set<number>; got: Snapshot[]; finish: (e?: Error) => void }>();
  let nextId = 0;

  const collect = () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const waiting = new Set([...ready].filter((w) => cluster.workers?.[w]?.isConnected()));
      const got: Snapshot[] = [];
      const timer = setTimeout(() => finish(new Error(`${waiting.size} 个工作进程未在 ${timeoutMs} 毫秒内报告指标`)), timeoutMs);
      const finish = (e?: Error) => {
        if (!requests.delete(id)) return;
        clearTimeout(timer);
        if (e) return reject(e);
        AggregatorRegistry.aggregate([...got, ...retired]).metrics().then(resolve, reject);
      };
      requests.set(id, { waiting, got, finish });
      for (const w of waiting) cluster.workers?.[w]?.send({ type: REQ, requestId: id });
      if (waiting.size === 0) finish();
    });

  cluster.on("message", (worker, m: MetricsRequest | { zctMetrics: "ready" } | { type: string; requestId: number; metrics?: Snapshot[]; error?: string }) => {
    if ("zctMetrics" in m && m.zctMetrics === "ready") return void ready.add(worker.id);
    if ("type" in m && m.type === RES) {
      const r = requests.get(m.requestId);
      if (!r) return;
      if (m.error) return r.finish(new Error(m.error));
      const snapshot = (m.metrics ?? []).flat();
      last.set(worker.id, snapshot);
      r.got.push(snapshot);
      r.waiting.delete(worker.id);
      if (r.waiting.size === 0) r.finish();
      return;
    }
    if (!("zctMetrics" in m) || m.zctMetrics !== "request") return;
    const reply = (r: Omit<MetricsReply, "zctMetrics" | "id">) => {
      if (worker.isConnected()) worker.send({ zctMetrics: "reply", id: m.id, ...r } satisfies MetricsReply);
    };
    collect().then(
      (text) => reply({ text }),
      (e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }),
    );
  });
  cluster.on("exit", (worker) => {
    ready.delete(worker.id);
    const snapshot = last.get(worker.id);
    last.delete(worker.id);
    if (snapshot) retired.push(cumulative(snapshot));
    // A request waiting for this worker does not wait for its timeout.
    for (const r of requests.values()) if (r.waiting.delete(worker.id) && r.waiting.size === 0) r.finish();
  });
}

/** GET /metrics; a scrape that cannot be aggregated fails (503) rather than report one worker's smaller counts. */
export function metricsHandler(metrics: Metrics): (c: Context) => Promise<Response> {
  return async (c) => {
    try {
      return c.body(await metrics.render(), 200, { "content-type": metrics.contentType });
    } catch (e) {
      return apiError(c, 503, "unavailable", `指标暂时无法汇总：${e instanceof Error ? e.message : String(e)}`);
    }
  };
}
