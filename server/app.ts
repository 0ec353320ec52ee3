import { Hono } from "hono";
import { z } from "zod";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { apiError } from "./http/errors.js";
import { LIMITS } from "./http/schemas.js";
import { corpusRoutes } from "./routes/corpus.js";
import { healthRoutes } from "./routes/health.js";
import { metaRoutes } from "./routes/meta.js";
import { rulesRoutes } from "./routes/rules.js";
import { chatRoutes } from "./routes/chat.js";
import { securityHeaders } from "./http/security.js";
import { webRoutes } from "./web/routes.js";
import type { Services } from "./services.js";

export interface AppOptions {
  /** Extra route groups (web pages, chat) mounted after the API. */
  mounts?: Hono[];
}

// Validation messages reach users: have zod speak Chinese.
z.config(z.locales.zhCN());

export function createApp(s: Services, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const origins = s.config.allowedOrigins;

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
  app.route("/", healthRoutes(s));
  app.route("/", metaRoutes());
  app.route("/", corpusRoutes(s));
  app.route("/", rulesRoutes(s));
  app.route("/", chatRoutes(s));
  for (const m of opts.mounts ?? []) app.route("/", m);
  app.route("/", webRoutes());

  app.notFound((c) => apiError(c, 404, "not_found", "未找到该地址"));
  app.onError((err, c) => {
    console.error(err);
    return apiError(c, 500, "internal", "服务器内部错误，请稍后重试");
  });
  return app;
}
