import { createRoute } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { json, routeApp } from "../http/openapi.js";
import { HealthResponse, NotReadyResponse, ReadyResponse } from "../http/schemas.js";

/**
 * Whether this replica should take traffic. Shared by the start-up app and
 * every app a reload builds, so it tells the truth across the swap.
 */
export class Readiness {
  constructor(private why: string | undefined = "索引加载中 / loading the index") {}

  get ready(): boolean {
    return this.why === undefined;
  }

  get reason(): string | undefined {
    return this.why;
  }

  set(why: string | undefined): void {
    this.why = why;
  }
}

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "getReadiness",
  tags: ["运维"],
  summary: "就绪检查：索引加载或重新加载期间返回 503（请将本副本移出负载均衡）",
  responses: { 200: json(ReadyResponse, "可接收流量"), 503: json(NotReadyResponse, "未就绪（附原因）") },
});

/** /readyz: 200 when serving the current index, 503 while it loads or reloads (take this replica out of rotation). */
export function readinessRoute(r: Readiness) {
  return routeApp().openapi(readyz, (c) => (r.ready ? c.json({ ready: true as const }, 200) : c.json({ ready: false as const, reason: r.reason }, 503)));
}

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  tags: ["运维"],
  summary: "存活检查与索引版本",
  responses: { 200: json(HealthResponse, "ok（启动加载索引期间 status 为 starting）") },
});

export function healthRoutes(s: Services, readiness?: Readiness) {
  const app = routeApp();
  app.openapi(healthz, (c) =>
    c.json(
      {
        status: "ok" as const,
        index: { corpusHash: s.index.manifest.corpusHash, builtAt: s.index.manifest.builtAt, format: s.index.manifest.format, counts: s.index.manifest.counts },
        today: s.today(),
      },
      200,
    ),
  );
  if (readiness) app.route("/", readinessRoute(readiness));
  return app;
}
