import type { Context } from "hono";
import { z as zo } from "@hono/zod-openapi";
import { errors, json, jsonBody, routeApp } from "../http/openapi.js";
import { adminRoute } from "./admin-route.js";
import { z } from "zod";
import { allFacts } from "../../core/facts/registry.js";
import { parseRuleFile } from "../../core/rules/load.js";
import type { Rule } from "../../core/rules/schema.js";
import { Op } from "../../core/rules/schema.js";
import { apiError } from "../http/errors.js";
import { readJson } from "../routes/body.js";
import { staleness } from "../index/ensure.js";
import { refreshRules } from "../index/rules-refresh.js";
import type { AuditEntry } from "./audit.js";
import { mechanismForms, MechanismForm } from "./mechanism-forms.js";
import { checkCandidate, RuleCheckResponse } from "./rule-checks.js";
import { saveReviewedRule } from "./rule-store.js";
import type { AdminDeps } from "./routes.js";
import { existsSync, readFileSync } from "node:fs";
import { insideDir } from "../../core/corpus/doc-id.js";

/**
 * The rule editor's API: write a rule for a provision (POST) or replace one (PUT), as JSON in the
 * schema of corpus/rules/*.yaml. A rule passing the schema, provenance and its own cases is saved as
 * reviewed YAML and is live (every compute thread) when the call returns: the rule artifacts of the
 * index are remade from corpus/rules and the stored clauses, then the index is reloaded — no
 * re-parse, no re-embedding. A refused rule changes nothing and gets 422 invalid_rule with one
 * Chinese sentence per problem.
 */

/** The body of POST and PUT: a rule as in corpus/rules/*.yaml (validated by the Rule schema; `id` optional on POST). */
export const RuleBody = z.record(z.string(), z.unknown());
export const RuleSaved = z.object({ id: z.string(), file: z.string(), summary: z.string().optional(), rebuilt: z.boolean() }).strict();
export const InvalidRule = z.object({ error: z.object({ code: z.literal("invalid_rule"), message: z.string(), details: z.array(z.string()) }).strict() }).strict();
export const EditorVocab = z
  .object({
    mechanisms: z.array(MechanismForm),
    facts: z.array(z.object({ key: z.string(), label: z.string(), type: z.string(), unit: z.string().optional() }).strict()),
    ops: z.array(z.object({ op: Op, label: z.string() }).strict()),
  })
  .strict();
export { RuleCheckResponse };

const OPS: z.infer<typeof EditorVocab>["ops"] = [
  { op: "gte", label: "以上（含）/不低于/达到" },
  { op: "gt", label: "超过/突破" },
  { op: "lte", label: "不超过/以下" },
  { op: "lt", label: "低于/不足" },
  { op: "eq", label: "是/等于" },
];

export interface EditorHooks {
  audit: (e: AuditEntry) => void;
  who: (c: Context) => Pick<AuditEntry, "who" | "ip">;
  /** The admin's one-at-a-time queue for corpus writes (shared with uploads, adopt and disable). */
  serial: <T>(key: string, job: () => Promise<T>) => Promise<T>;
}

// 422 invalid_rule is the common error body; its details name each problem (a number not in the quote…).
const invalid = errors(422);
const idParam = zo.object({ id: zo.string().openapi({ param: { name: "id", in: "path" } }) });
const createRuleRoute = adminRoute({ method: "post", path: "/admin/api/rules", operationId: "adminCreateRule", summary: "新写一条规则（保存为已审核 YAML，返回时即生效）", request: { body: jsonBody("RuleBody", RuleBody) }, responses: { 201: json(RuleSaved, "已保存并生效"), ...invalid, ...errors(400, 401, 409, 413, 429) } });
const updateRuleRoute = adminRoute({ method: "put", path: "/admin/api/rules/{id}", operationId: "adminUpdateRule", summary: "修改一条规则（保存为已审核 YAML，返回时即生效）", request: { params: idParam, body: jsonBody("RuleBody", RuleBody) }, responses: { 200: json(RuleSaved, "已保存并生效"), ...invalid, ...errors(400, 401, 404, 413, 429) } });
const checkRuleRoute = adminRoute({ method: "post", path: "/admin/api/rules/check", operationId: "adminCheckRule", summary: "校验一条规则（不保存）：模式、数值出处、用例", request: { query: zo.object({ id: zo.string().optional() }), body: jsonBody("RuleBody", RuleBody) }, responses: { 200: json(RuleCheckResponse, "校验结果"), ...errors(400, 401, 413, 429) } });
const editorVocabRoute = adminRoute({ method: "get", path: "/admin/api/rules/editor", operationId: "adminRuleEditorVocab", summary: "规则编辑器的词表：计算方式及其表单、可用事实、比较符", responses: { 200: json(EditorVocab, "编辑器词表"), ...errors(401, 429) } });

export function rulesEditorRoutes(deps: AdminDeps, hooks: EditorHooks) {
  const app = routeApp();
  const s = deps.services;

  const refuse = (c: Context, details: string[]) =>
    c.json({ error: { code: "invalid_rule" as const, message: "规则未通过校验，未保存", details } } satisfies z.infer<typeof InvalidRule>, 422);

  /** The rule of that id as saved in its document's YAML, else as the index holds it (compiled). */
  const savedRule = (id: string): Rule | undefined => {
    const inIndex = s.index.rules.find((r) => r.id === id);
    if (!inIndex) return undefined;
    const file = insideDir(deps.corpusDir, "rules", `${inIndex.docId}.yaml`);
    if (!existsSync(file)) return inIndex;
    try {
      return parseRuleFile(readFileSync(file, "utf8"), `${inIndex.docId}.yaml`).find((r) => r.id === id) ?? inIndex;
    } catch {
      return inIndex;
    }
  };

  const save = async (c: Context, id: string | undefined) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const { who } = hooks.who(c);
    const { rule, check } = checkCandidate(body.value, s, who, id);
    const action = id ? "update-rule" : "create-rule";
    if (!rule || !check.ok) {
      hooks.audit({ ...hooks.who(c), action, target: id ?? String((body.value as { id?: unknown } | null)?.id ?? "(new)"), ok: false, detail: check.problems.join("；") });
      return refuse(c, check.problems);
    }
    const before = id ? savedRule(id) : undefined;
    if (id && !before) return apiError(c, 404, "not_found", `未找到规则“${id}”`);
    if (before && before.docId !== rule.docId) return refuse(c, [`不能把规则移到另一份文件（原属“${before.docId}”）`]);
    if (!id && s.index.rules.some((r) => r.id === rule.id)) return apiError(c, 409, "conflict", `规则“${rule.id}”已存在，请用 PUT /admin/api/rules/${rule.id} 修改`);
    return hooks.serial(deps.corpusDir, async () => {
      // A corpus changed in other ways since the index was built needs the full rebuild anyway.
      const stale = staleness(s.config.indexDir, deps.corpusDir);
      let saved: ReturnType<typeof saveReviewedRule>;
      try {
        saved = saveReviewedRule(deps.corpusDir, rule);
      } catch (e) {
        return refuse(c, [e instanceof Error ? e.message : String(e)]);
      }
      try {
        if (!stale) refreshRules(s.config.indexDir, deps.corpusDir);
        const { rebuilt } = await deps.reload();
        hooks.audit({ ...hooks.who(c), action, target: rule.id, ok: true, ...(before ? { before } : {}), after: rule });
        return c.json({ id: rule.id, file: saved.file.slice(deps.corpusDir.length + 1), ...(check.summary ? { summary: check.summary } : {}), rebuilt } satisfies z.infer<typeof RuleSaved>, id ? 200 : 201);
      } catch (e) {
        saved.undo();
        const why = e instanceof Error ? e.message : String(e);
        hooks.audit({ ...hooks.who(c), action, target: rule.id, ok: false, detail: why });
        try {
          if (!stale) refreshRules(s.config.indexDir, deps.corpusDir);
          await deps.reload();
        } catch {
          // the index still holds the rules before the edit
        }
        const details = (e as { problems?: string[] }).problems ?? [why];
        return refuse(c, details.map((d) => d.replace(/\s*\/\s*[A-Za-z][^\u4e00-\u9fff]*$/, "")));
      }
    });
  };

  app.openapi(createRuleRoute, ((c: Context) => save(c, undefined)) as never);
  app.openapi(updateRuleRoute, ((c: Context) => save(c, c.req.param("id"))) as never);

  /** The editor's live checks: what POST would say, without saving. */
  app.openapi(checkRuleRoute, (async (c: Context) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const id = c.req.query("id") || undefined;
    return c.json(checkCandidate(body.value, s, hooks.who(c).who, id).check satisfies RuleCheckResponse);
  }) as never);

  /** The editor's vocabulary: mechanisms with their forms, the facts a condition or formula may read, the comparisons. */
  app.openapi(editorVocabRoute, ((c: Context) =>
    c.json({
      mechanisms: mechanismForms(),
      facts: allFacts().map((f) => ({ key: f.key, label: f.label, type: f.type, ...(f.unit ? { unit: f.unit } : {}) })),
      ops: OPS,
    } satisfies z.infer<typeof EditorVocab>)) as never,
  );

  return app;
}
