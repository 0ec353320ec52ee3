import { createRoute, z } from "@hono/zod-openapi";
import { configuredStarters, starterQuestions } from "../../ingest/starters.js";
import { errors, json, routeApp } from "../http/openapi.js";
import type { Services } from "../services.js";

export const StartersResponse = z.object({ starters: z.array(z.string()) });

const starters = createRoute({
  method: "get",
  path: "/api/starters",
  operationId: "getStarters",
  tags: ["问答"],
  summary: "问答页与嵌入组件的示例问题（按已收录文件生成，或取 corpus/vocab/starters.yaml）",
  responses: { 200: json(StartersResponse, "示例问题"), ...errors(429) },
});

/**
 * GET /api/starters: the chat page's and widget's example questions — the
 * deployment's own (corpus/vocab/starters.yaml) or, by default, one per loaded
 * document from its rules, in force first. Read once per index and date.
 */
export function startersRoutes(s: Services) {
  const app = routeApp();
  const configured = configuredStarters();
  let cache: { key: unknown; asOf: string; list: string[] } | null = null;
  app.openapi(starters, (c) => {
    const asOf = s.today();
    if (!cache || cache.key !== s.index || cache.asOf !== asOf) {
      cache = { key: s.index, asOf, list: configured.length ? configured : starterQuestions(s.index.docs, s.index.rules, asOf) };
    }
    return c.json({ starters: cache.list }, 200);
  });
  return app;
}
