import { Hono } from "hono";
import { configuredStarters, starterQuestions } from "../../ingest/starters.js";
import type { Services } from "../services.js";

/**
 * GET /api/starters: the chat page's and widget's example questions — the
 * deployment's own (corpus/vocab/starters.yaml) or, by default, one per loaded
 * document from its rules, in force first. Read once per index and date.
 */
export function startersRoutes(s: Services): Hono {
  const app = new Hono();
  const configured = configuredStarters();
  let cache: { key: unknown; asOf: string; list: string[] } | null = null;
  app.get("/api/starters", (c) => {
    const asOf = s.today();
    if (!cache || cache.key !== s.index || cache.asOf !== asOf) {
      cache = { key: s.index, asOf, list: configured.length ? configured : starterQuestions(s.index.docs, s.index.rules, asOf) };
    }
    return c.json({ starters: cache.list });
  });
  return app;
}
