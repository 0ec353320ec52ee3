import { Hono } from "hono";
import type { Services } from "../services.js";

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

/** /readyz: 200 when serving the current index, 503 while it loads or reloads (take this replica out of rotation). */
export function readinessRoute(r: Readiness): Hono {
  const app = new Hono();
  app.get("/readyz", (c) => (r.ready ? c.json({ ready: true }) : c.json({ ready: false, reason: r.reason }, 503)));
  return app;
}

export function healthRoutes(s: Services, readiness?: Readiness): Hono {
  const app = new Hono();
  app.get("/healthz", (c) =>
    c.json({
      status: "ok",
      index: { corpusHash: s.index.manifest.corpusHash, builtAt: s.index.manifest.builtAt, format: s.index.manifest.format, counts: s.index.manifest.counts },
      today: s.today(),
    }),
  );
  if (readiness) app.route("/", readinessRoute(readiness));
  return app;
}
