import { Hono } from "hono";
import { z } from "zod";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Logger } from "./http/log.js";
import { Metrics } from "./http/metrics.js";
import { rateLimit } from "./http/ratelimit.js";
import { apiError } from "./http/errors.js";
import { LIMITS } from "./http/schemas.js";
import { corpusRoutes } from "./routes/corpus.js";
import { healthRoutes } from "./routes/health.js";
import { metaRoutes } from "./routes/meta.js";
import { rulesRoutes } from "./routes/rules.js";
import { chatRoutes } from "./routes/chat.js";
import { llmPhraser } from "./chat/phrase.js";
import { securityHeaders } from "./http/security.js";
import { webRoutes } from "./web/routes.js";
import type { Services } from "./services.js";

export interface AppOptions {
  /** Extra route groups mounted after the API. */
  mounts?: Hono[];
  /** Shared across index reloads so counters survive a SIGHUP. */
  metrics?: Metrics;
  logger?: Logger;
}

function clientKey(c: Parameters<Parameters<typeof rateLimit>[1]>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

// Validation messages reach users: have zod speak Chinese.
z.config(z.locales.zhCN());

export function createApp(s: Services, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const origins = s.config.allowedOrigins;
  const metrics = opts.metrics ?? new Metrics();
  const log = opts.logger;

  app.use("*", requestId());
  app.use("*", async (c, next) => {
    const t0 = performance.now();
    await next();
    const ms = performance.now() - t0;
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : c.res.status === 404 ? "(unmatched)" : c.req.path;
    metrics.observe(c.req.method, route, c.res.status, ms / 1000);
    log?.info({ reqId: c.get("requestId"), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms * 100) / 100 }, "request");
  });
  app.use("/api/*", rateLimit(s.config.rateLimitPerMinute, clientKey));

  app.use(
    "/api/*",
    cors({
      // Same-origin callers need no CORS; other sites only when listed in ALLOWED_ORIGINS.
      origin: (origin) => (origins.includes("*") ? origin : origins.includes(origin) ? origin : null),
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "accept"],
      maxAge: 600,
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: LIMITS.bodyBytes,
      onError: (c) => apiError(c, 413, "payload_too_large", `请求体不能超过${LIMITS.bodyBytes / 1024}KB`),
    }),
  );

  app.use("*", securityHeaders(origins));
  app.get("/metrics", (c) =>
    c.text(metrics.render({ index_clauses: s.index.manifest.counts.clauses, index_rules: s.index.manifest.counts.rules }), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
  app.route("/", healthRoutes(s));
  app.route("/", metaRoutes());
  app.route("/", corpusRoutes(s));
  app.route("/", rulesRoutes(s));
  app.route("/", chatRoutes(s, s.config.llm ? llmPhraser(s.config.llm, (why) => log?.warn({ why }, "llm phrasing rejected")) : undefined));
  for (const m of opts.mounts ?? []) app.route("/", m);
  app.route("/", webRoutes({ admin: Boolean(s.config.admin) }));

  app.notFound((c) => apiError(c, 404, "not_found", "未找到该地址"));
  app.onError((err, c) => {
    if (log) log.error({ err: String(err), stack: err instanceof Error ? err.stack : undefined, reqId: c.get("requestId") }, "unhandled error");
    else console.error(err);
    return apiError(c, 500, "internal", "服务器内部错误，请稍后重试");
  });
  return app;
}
