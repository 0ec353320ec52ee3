import { Hono } from "hono";
import { inForce, type Clause, type DocMeta } from "../../core/corpus/schema.js";
import { apiError, zodMessages } from "../http/errors.js";
import { SearchQuery } from "../http/schemas.js";
import type { Compute } from "../compute/types.js";
import type { Services } from "../services.js";

/** Documents, clauses and retrieval: read-only views of the index. */
export function corpusRoutes(s: Services, compute: Compute): Hono {
  const app = new Hono();
  const { index, retriever } = s;

  const docView = (d: DocMeta) => ({ ...d, inForce: inForce(d, s.today()), asOf: s.today() });
  const clauseSummary = (c: Clause) => ({ id: c.id, article: c.article, headings: c.headings, depth: c.depth, parentId: c.parentId, childIds: c.childIds, text: c.text, ...(c.period ? { period: c.period } : {}) });

  app.get("/api/search", async (c) => {
    const parsed = SearchQuery.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, 400, "bad_query", "查询参数有误", zodMessages(parsed.error));
    const { q, k, docId, region, inForce: live } = parsed.data;
    const hits = await compute.search(q, k, { ...(docId ? { docId } : {}), ...(region ? { region } : {}), ...(live === "true" ? { inForceOn: s.today() } : {}) });
    return c.json({ query: q, hits });
  });

  app.get("/api/policies", (c) => c.json({ asOf: s.today(), policies: index.docs.map(docView) }));

  app.get("/api/policies/:docId", (c) => {
    const doc = retriever.doc(c.req.param("docId"));
    if (!doc) return apiError(c, 404, "not_found", `未找到编号为“${c.req.param("docId")}”的政策文件`);
    return c.json({ policy: docView(doc), clauses: index.clausesOf(doc.id).map(clauseSummary) });
  });

  app.get("/api/clauses/:clauseId", (c) => {
    const id = c.req.param("clauseId");
    const clause = retriever.clause(id);
    if (!clause) return apiError(c, 404, "not_found", `未找到编号为“${id}”的条款`);
    const siblings = index.clausesOf(clause.docId);
    const at = siblings.findIndex((x) => x.id === clause.id);
    const doc = retriever.doc(clause.docId)!;
    return c.json({
      clause,
      doc: docView(doc),
      prev: at > 0 ? clauseSummary(siblings[at - 1]) : null,
      next: at + 1 < siblings.length ? clauseSummary(siblings[at + 1]) : null,
    });
  });

  return app;
}
