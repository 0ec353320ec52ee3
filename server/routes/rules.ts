import { createRoute } from "@hono/zod-openapi";
import { apiError, zodMessages } from "../http/errors.js";
import { errors, json, jsonBody, routeApp } from "../http/openapi.js";
import { EligibilityRequest, EligibilityResponse, RulesResponse } from "../http/schemas.js";
import { evaluateAll } from "../../core/rules/engine.js";
import { inForce } from "../../core/corpus/schema.js";
import type { Services } from "../services.js";
import { readJson } from "./body.js";
import { ruleFacts } from "../chat/select.js";

const rules = createRoute({
  method: "get",
  path: "/api/rules",
  operationId: "listRules",
  tags: ["政策"],
  summary: "规则库（每条规则附其实现的原文）",
  responses: { 200: json(RulesResponse, "规则"), ...errors(429) },
});

const eligibility = createRoute({
  method: "post",
  path: "/api/eligibility",
  operationId: "evaluateEligibility",
  tags: ["问答"],
  summary: "按企业信息判断全部规则",
  request: { body: jsonBody("EligibilityRequest", EligibilityRequest) },
  responses: { 200: json(EligibilityResponse, "每条规则的判断结果、金额与原文"), ...errors(400, 413, 429) },
});

export function rulesRoutes(s: Services) {
  const app = routeApp();

  app.openapi(rules, (c) =>
    c.json(
      {
        rules: s.index.rules.map((r) => ({
          id: r.id,
          docId: r.docId,
          clauseId: `${r.docId}:${r.article}`,
          article: r.article,
          title: r.title,
          quote: r.quote,
          target: r.target,
          docTitle: s.retriever.doc(r.docId)?.title ?? r.docId,
          kind: r.amount.kind,
          origin: r.origin,
          /** The facts the rule reads (conditions and formula): what a caller must state to get its amount. */
          facts: [...ruleFacts(r)],
        })),
      },
      200,
    ),
  );

  app.openapi(eligibility, async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = EligibilityRequest.safeParse(body.value);
    if (!parsed.success) return apiError(c, 400, "invalid_request", "企业信息格式有误", zodMessages(parsed.error));
    const asOf = parsed.data.asOf ?? s.today();
    // inForce: the rules of documents in force on asOf only (a document the index does not know is kept).
    const rules = parsed.data.inForce ? s.index.rules.filter((r) => {
      const doc = s.retriever.doc(r.docId);
      return !doc || inForce(doc, asOf);
    }) : s.index.rules;
    const evaluation = evaluateAll(rules, parsed.data.profile, s.engineContext(asOf));
    return c.json({ asOf, ...evaluation }, 200);
  });
  return app;
}
