import { Hono, type Context } from "hono";
import { z } from "zod";
import { requestId } from "hono/request-id";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Logger } from "./http/log.js";
import { Metrics } from "./http/metrics.js";
import { MemoryWindows, rateLimit, type WindowStore } from "./http/ratelimit.js";
import { clientAddress, proxyMatcher } from "./http/client-ip.js";
import { apiError } from "./http/errors.js";
import { LIMITS } from "./http/schemas.js";
import { corpusRoutes } from "./routes/corpus.js";
import { healthRoutes, Readiness } from "./routes/health.js";
import { metaRoutes } from "./routes/meta.js";
import { rulesRoutes } from "./routes/rules.js";
import { startersRoutes } from "./routes/starters.js";
import { chatRoutes } from "./routes/chat.js";
import { declaredBodyLimit } from "./routes/body.js";
import { llmPhraser } from "./chat/phrase.js";
import { securityHeaders } from "./http/security.js";
import { corsHeaders } from "./http/cors.js";
import { webRoutes } from "./web/routes.js";
import type { Services } from "./services.js";
import { inlineCompute } from "./compute/inline.js";
import type { Compute } from "./compute/types.js";

export interface AppOptions {
  /** Extra route groups mounted after the API. */
  mounts?: Hono[];
  /** Shared across index reloads so counters survive a SIGHUP. */
  metrics?: Metrics;
  logger?: Logger;
  /** Where chat and search are computed; on the event loop when not given. */
  compute?: Compute;
  /**
   * Rate-limit counters, shared across index reloads (and, in Redis, across
   * replicas); per app in memory when not given; `false` turns limiting off (warm-up).
   */
  limiter?: WindowStore | false;
  readiness?: Readiness;
}

// Validation messages reach users: have zod speak Chinese.
z.config(z.locales.zhCN());

export function createApp(s: Services, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const origins = s.config.allowedOrigins;
  const metrics = opts.metrics ?? new Metrics();
  const log = opts.logger;
  const compute = opts.compute ?? inlineCompute(s);
  const trusted = proxyMatcher(s.config.trustProxy);
  const clientKey = (c: Context): string => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      // app.request() in tests and warm-up has no socket
    }
    return clientAddress(peer, c.req.header("x-forwarded-for"), trusted);
  };
  const readiness = opts.readiness ?? new Readiness(undefined);
  let storeErrorLogged = 0;

  app.use("*", requestId());
  app.use("*", async (c, next) => {
    const t0 = performance.now();
    await next();
    const ms = performance.now() - t0;
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : c.res.status === 404 ? "(unmatched)" : c.req.path;
    metrics.observe(c.req.method, route, c.res.status, ms / 1000);
    log?.info({ reqId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms * 100) / 100 }, "request");
  });
  // CORS before anything that can answer early (429, 413), so an allowed site can read every error.
  app.use(
    "/api/*",
    corsHeaders({
      // Same-origin callers need no CORS; other sites only when listed in ALLOWED_ORIGINS.
      origin: (origin) => (origins.includes("*") ? origin : origins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "accept"],
      exposeHeaders: ["Retry-After", "X-Request-Id"],
      maxAge: 600,
    }),
  );
  if (opts.limiter !== false) {
    app.use(
      "/api/*",
      rateLimit({
        perMinute: s.config.rateLimitPerMinute,
        store: opts.limiter ?? new MemoryWindows(),
        clientOf: clientKey,
        onStoreError: (err) => {
          metrics.inc("ratelimit_store_errors_total", "Requests let through because the rate-limit store (Redis) failed.");
          // One line per 10 s, not one per request, while Redis is down.
          if (Date.now() - storeErrorLogged < 10_000) return;
          storeErrorLogged = Date.now();
          if (log) log.warn({ err: String(err) }, "rate-limit store unavailable, requests allowed (fail open)");
          else console.warn(`限流存储不可用，请求放行 / rate-limit store unavailable, requests allowed: ${String(err)}`);
        },
        onLimited: () => metrics.inc("ratelimit_rejected_total", "Requests answered 429 by the rate limit."),
      }),
    );
  }
  app.use("/api/*", declaredBodyLimit());

  app.use("*", securityHeaders(origins));
  app.get("/metrics", (c) =>
    c.text(metrics.render({ index_clauses: s.index.manifest.counts.clauses, index_rules: s.index.manifest.counts.rules }), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
  app.route("/", healthRoutes(s, readiness));
  app.route("/", metaRoutes());
  app.route("/", corpusRoutes(s, compute));
  app.route("/", rulesRoutes(s));
  app.route("/", startersRoutes(s));
  app.route("/", chatRoutes(s, compute, s.config.llm ? llmPhraser(s.config.llm, (why) => log?.warn({ why }, "llm phrasing rejected")) : undefined));
  for (const m of opts.mounts ?? []) app.route("/", m);
  app.route("/", webRoutes({ admin: Boolean(s.config.admin), siteTitle: s.config.siteTitle }));

  app.notFound((c) => apiError(c, 404, "not_found", "未找到该地址"));
  app.onError((err, c) => {
    if (log) log.error({ err: String(err), stack: err instanceof Error ? err.stack : undefined, reqId: c.get("requestId") }, "unhandled error");
    else console.error(err);
    return apiError(c, 500, "internal", "服务器内部错误，请稍后重试");
  });
  return app;
}
