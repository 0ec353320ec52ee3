import type { Context, Hono } from "hono";
import type { BlankEnv } from "hono/types";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Logger } from "./http/log.js";
import { Metrics, metricsHandler } from "./http/metrics.js";
import { type Limiter, memoryLimiter, rateLimit } from "./http/ratelimit.js";
import { clientAddress, proxyMatcher } from "./http/client-ip.js";
import { apiError } from "./http/errors.js";
import { LIMITS } from "./http/schemas.js";
import { corpusRoutes } from "./routes/corpus.js";
import { healthRoutes, Readiness } from "./routes/health.js";
import { metaRoutes, type OpenApiDocument } from "./routes/meta.js";
import { docsRoutes } from "./routes/docs.js";
import { DOC_INFO, errors, registerShared, validationHook } from "./http/openapi.js";
import { rulesRoutes } from "./routes/rules.js";
import { startersRoutes } from "./routes/starters.js";
import { chatRoutes } from "./routes/chat.js";
import { feedbackRoutes } from "./routes/feedback.js";
import type { InsightsStore } from "./store/insights.js";
import { declaredBodyLimit } from "./routes/body.js";
import { llmPhraser } from "./chat/phrase.js";
import { securityHeaders } from "./http/security.js";
import { corsHeaders } from "./http/cors.js";
import { webRoutes } from "./web/routes.js";
import type { Services } from "./services.js";
import { inlineCompute } from "./compute/inline.js";
import type { Compute } from "./compute/types.js";
import { Overloaded } from "./compute/admission.js";
import { shedEarly, shedResponse } from "./http/shed.js";

export interface AppOptions {
  /** Extra route groups mounted after the API. */
  mounts?: Hono[];
  /** Shared across index reloads so counters survive a SIGHUP. */
  metrics?: Metrics;
  logger?: Logger;
  /** Where chat and search are computed; on the event loop when not given. */
  compute?: Compute;
  /**
   * Rate-limit counters, shared across index reloads (and, in the cluster's primary or
   * Redis, across processes); per app in memory when not given; `false` turns limiting off (warm-up).
   */
  limiter?: Limiter | false;
  readiness?: Readiness;
  /** Where unanswered questions and feedback go (shared across reloads); nothing is recorded without it (warm-up). */
  insights?: InsightsStore;
}

// Validation messages reach users: have zod speak Chinese.
z.config(z.locales.zhCN());

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  operationId: "getMetrics",
  tags: ["运维"],
  summary: "Prometheus 指标",
  responses: { 200: { description: "Prometheus 文本格式", content: { "text/plain": { schema: z.string() } } }, ...errors(503) },
});

export function createApp(s: Services, opts: AppOptions = {}): OpenAPIHono<BlankEnv> {
  // Routes are declared with createRoute (see server/http/openapi.ts), so /api/openapi.json is generated from them.
  const app = new OpenAPIHono<BlankEnv>({ defaultHook: validationHook });
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
  // Overload is refused before the rate limit, the body or any parsing: the cheapest answer goes first.
  app.on("POST", "/api/chat", shedEarly(compute, metrics));
  app.on("GET", "/api/search", shedEarly(compute, metrics));
  if (opts.limiter !== false && s.config.rateLimitPerMinute > 0) {
    app.use(
      "/api/*",
      rateLimit({
        limiter: opts.limiter ?? memoryLimiter(s.config.rateLimitPerMinute),
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
  // The index this app serves; read at scrape time, so a reload (a new app) moves them. Every worker loads the same index: the maximum, not the sum.
  metrics.gauge("index_clauses", "Clauses in the loaded index.", () => s.index.manifest.counts.clauses, "max");
  metrics.gauge("index_rules", "Rules in the loaded index.", () => s.index.manifest.counts.rules, "max");
  // The handler answers 503 (documented as an error response) when the cluster sum cannot be made.
  app.openapi(metricsRoute, metricsHandler(metrics) as never);
  app.route("/", healthRoutes(s, readiness));
  registerShared(app);
  // Generated on first request, when every route group (mounts included) has been added; the app never changes after.
  let doc: OpenApiDocument | undefined;
  app.route("/", metaRoutes(() => (doc ??= app.getOpenAPIDocument(DOC_INFO) as OpenApiDocument)));
  app.route("/", docsRoutes());
  app.route("/", corpusRoutes(s, compute));
  app.route("/", rulesRoutes(s));
  app.route("/", startersRoutes(s));
  // A database failure is logged and the answer goes out regardless.
  const storeFailed = (err: unknown) => (log ? log.warn({ err: String(err) }, "insights store failed") : console.warn(`问题统计数据库写入失败 / insights store failed: ${String(err)}`));
  const insights = opts.insights;
  const record = insights ? (q: Parameters<InsightsStore["recordQuestion"]>[0]) => void insights.recordQuestion(q).catch(storeFailed) : undefined;
  app.route("/", chatRoutes(s, compute, s.config.llm ? llmPhraser(s.config.llm, (why) => log?.warn({ why }, "llm phrasing rejected")) : undefined, record));
  app.route("/", feedbackRoutes(insights, storeFailed));
  for (const m of opts.mounts ?? []) app.route("/", m);
  app.route("/", webRoutes({ admin: Boolean(s.config.admin), siteTitle: s.config.siteTitle }));

  app.notFound((c) => apiError(c, 404, "not_found", "未找到该地址"));
  app.onError((err, c) => {
    // Shed before any work was done on it: the client may retry later (or the proxy another replica).
    if (err instanceof Overloaded) return shedResponse(c, err, metrics);
    if (log) log.error({ err: String(err), stack: err instanceof Error ? err.stack : undefined, reqId: c.get("requestId") }, "unhandled error");
    else console.error(err);
    return apiError(c, 500, "internal", "服务器内部错误，请稍后重试");
  });
  return app;
}
