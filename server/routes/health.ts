import { Hono } from "hono";
import type { Services } from "../services.js";

export function healthRoutes(s: Services): Hono {
  const app = new Hono();
  app.get("/healthz", (c) =>
    c.json({
      status: "ok",
      index: { corpusHash: s.index.manifest.corpusHash, builtAt: s.index.manifest.builtAt, format: s.index.manifest.format, counts: s.index.manifest.counts },
      today: s.today(),
    }),
  );
  return app;
}
