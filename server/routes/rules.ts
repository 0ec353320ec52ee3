import { Hono } from "hono";
import { apiError, zodMessages } from "../http/errors.js";
import { EligibilityRequest } from "../http/schemas.js";
import { evaluateAll } from "../../core/rules/engine.js";
import { inForce } from "../../core/corpus/schema.js";
import type { Services } from "../services.js";
import { readJson } from "./body.js";
import { ruleFacts } from "../chat/select.js";

export function rulesRoutes(s: Services): Hono {
  const app = new Hono();

  app.get("/api/rules", (c) =>
    c.json({
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
    }),
  );

  app.post("/api/eligibility", async (c) => {
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
    return c.json({ asOf, ...evaluation });
  });
  return app;
}
