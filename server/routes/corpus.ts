import { createRoute, z } from "@hono/zod-openapi";
import { inForce, type Clause, type DocMeta } from "../../core/corpus/schema.js";
import { apiError } from "../http/errors.js";
import { errors, json, routeApp } from "../http/openapi.js";
import { ClauseResponse, PoliciesResponse, PolicyResponse, SearchQuery, SearchResponse } from "../http/schemas.js";
import type { Compute } from "../compute/types.js";
import type { Services } from "../services.js";

const search = createRoute({
  method: "get",
  path: "/api/search",
  operationId: "searchClauses",
  tags: ["政策"],
  summary: "条款混合检索（词法 + 向量）",
  request: { query: SearchQuery },
  responses: { 200: json(SearchResponse, "命中条款，按相关度排序"), ...errors(400, 429) },
});

const policies = createRoute({
  method: "get",
  path: "/api/policies",
  operationId: "listPolicies",
  tags: ["政策"],
  summary: "政策文件列表（含今日是否有效）",
  responses: { 200: json(PoliciesResponse, "政策文件"), ...errors(429) },
});

const policy = createRoute({
  method: "get",
  path: "/api/policies/{docId}",
  operationId: "getPolicy",
  tags: ["政策"],
  summary: "一份政策及其条款树",
  request: { params: z.object({ docId: z.string().openapi({ description: "文档编号", example: "hefei-industrial-2024" }) }) },
  responses: { 200: json(PolicyResponse, "政策及其条款"), ...errors(404, 429) },
});

const clause = createRoute({
  method: "get",
  path: "/api/clauses/{clauseId}",
  operationId: "getClause",
  tags: ["政策"],
  summary: "一个条款及其前后条款",
  request: { params: z.object({ clauseId: z.string().openapi({ description: "条款编号（文档编号:条目）" }) }) },
  responses: { 200: json(ClauseResponse, "条款、所属文件与前后条款"), ...errors(404, 429) },
});

/** Documents, clauses and retrieval: read-only views of the index. */
export function corpusRoutes(s: Services, compute: Compute) {
  const app = routeApp();
  const { index, retriever } = s;

  const docView = (d: DocMeta) => ({ ...d, inForce: inForce(d, s.today()), asOf: s.today() });
  const clauseSummary = (c: Clause) => ({ id: c.id, article: c.article, headings: c.headings, depth: c.depth, parentId: c.parentId, childIds: c.childIds, text: c.text, ...(c.period ? { period: c.period } : {}) });

  // An invalid query is answered by validationHook (400 bad_query, 查询参数有误, per-field details).
  app.openapi(search, async (c) => {
    const { q, k, docId, region, inForce: live } = c.req.valid("query");
    const hits = await compute.search(q, k, { ...(docId ? { docId } : {}), ...(region ? { region } : {}), ...(live === "true" ? { inForceOn: s.today() } : {}) }, c.get("arrivedAt"));
    return c.json({ query: q, hits }, 200);
  });

  app.openapi(policies, (c) => c.json({ asOf: s.today(), policies: index.docs.map(docView) }, 200));

  app.openapi(policy, (c) => {
    const doc = retriever.doc(c.req.param("docId"));
    if (!doc) return apiError(c, 404, "not_found", `未找到编号为“${c.req.param("docId")}”的政策文件`);
    return c.json({ policy: docView(doc), clauses: index.clausesOf(doc.id).map(clauseSummary) }, 200);
  });

  app.openapi(clause, (c) => {
    const id = c.req.param("clauseId");
    const clause = retriever.clause(id);
    if (!clause) return apiError(c, 404, "not_found", `未找到编号为“${id}”的条款`);
    const siblings = index.clausesOf(clause.docId);
    const at = siblings.findIndex((x) => x.id === clause.id);
    const doc = retriever.doc(clause.docId)!;
    return c.json(
      {
        clause,
        doc: docView(doc),
        prev: at > 0 ? clauseSummary(siblings[at - 1]) : null,
        next: at + 1 < siblings.length ? clauseSummary(siblings[at + 1]) : null,
      },
      200,
    );
  });

  return app;
}
