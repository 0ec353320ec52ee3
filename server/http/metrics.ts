/**
 * Prometheus metrics without a dependency: request counts and latency
 * histograms by route pattern (not raw path, so ids do not explode the series).
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Series>();
  private readonly started = Date.now();
  private readonly counters = new Map<string, { help: string; value: number }>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** A named counter (rate-limit store failures, 429s, …), created on first use. */
  inc(name: string, help: string, by = 1): void {
    const c = this.counters.get(name);
    if (c) c.value += by;
    else this.counters.set(name, { help, value: by });
  }

  /** A gauge read at scrape time (Redis connection state, pool queue). */
  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lk = `method="${method}",route="${escape(route)}"`;
    let s = this.latency.get(lk);
    if (!s) this.latency.set(lk, (s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) }));
    s.count++;
    s.sum += seconds;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s!.buckets[i]++;
    });
  }

  render(extra: Record<string, number> = {}): string {
    const out: string[] = [];
    out.push("# HELP http_requests_total Requests served, by route and status.", "# TYPE http_requests_total counter");
    for (const [k, v] of this.requests) out.push(`http_requests_total{${k}} ${v}`);
    out.push("# HELP http_request_duration_seconds Request latency by route.", "# TYPE http_request_duration_seconds histogram");
    for (const [k, s] of this.latency) {
      BUCKETS.forEach((b, i) => out.push(`http_request_duration_seconds_bucket{${k},le="${b}"} ${s.buckets[i]}`));
      out.push(`http_request_duration_seconds_bucket{${k},le="+Inf"} ${s.count}`);
      out.push(`http_request_duration_seconds_sum{${k}} ${s.sum.toFixed(6)}`);
      out.push(`http_request_duration_seconds_count{${k}} ${s.count}`);
    }
    for (const [k, c] of this.counters) out.push(`# HELP ${k} ${c.help}`, `# TYPE ${k} counter`, `${k} ${c.value}`);
    for (const [k, g] of this.gauges) out.push(`# HELP ${k} ${g.help}`, `# TYPE ${k} gauge`, `${k} ${g.read()}`);
    const mem = process.memoryUsage();
    const gauges: Record<string, number> = {
      process_resident_memory_bytes: mem.rss,
      nodejs_heap_used_bytes: mem.heapUsed,
      process_uptime_seconds: (Date.now() - this.started) / 1000,
      ...extra,
    };
    for (const [k, v] of Object.entries(gauges)) out.push(`# TYPE ${k} gauge`, `${k} ${v}`);
    return `${out.join("\n")}\n`;
  }
}

const escape = (s: string) => s.replace(/["\\\n]/g, "_");
