import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { createRoute, z } from "@hono/zod-openapi";
import { getConnInfo } from "@hono/node-server/conninfo";
import { FACT_BY_KEY } from "../../core/facts/registry.js";
import { apiError } from "../http/errors.js";
import { errors, json, routeApp } from "../http/openapi.js";
import { AdminRulesResponse, AdoptResponse, DeleteResponse, DisableResponse, PreviewResponse, ProblemsResponse, UploadResponse } from "../http/schemas.js";
import { checkRule } from "../../core/rules/provenance.js";
import type { Rule } from "../../core/rules/schema.js";
import type { Services } from "../services.js";
import { LoadError } from "../../ingest/loaders/index.js";
import { auditLog, type AuditEntry } from "./audit.js";
import { requireAdmin } from "./auth.js";
import { insightsRoutes } from "./insights.js";
import { adminRoute } from "./admin-route.js";
import type { InsightsStore } from "../store/insights.js";
import { adoptRule, deleteDocument, disabledRules, disableRule, saveDocument, type Undo } from "./corpus-files.js";
import { META_FIELDS, nameProblem, previewInSandbox, safeName } from "./preview.js";
import { docIdProblem, isDocId, OutsideCorpusError } from "../../core/corpus/doc-id.js";
import { Region } from "../../core/corpus/schema.js";
import { rulesEditorRoutes } from "./rules-api.js";
import { reviewRoutes } from "./review.js";

export interface AdminDeps {
  services: Services;
  corpusDir: string;
  /**
   * Rebuild the index in a worker thread and swap it in (the SIGHUP path). Asked during another reload it
   * waits for that one and runs again; `beforeSwap` sees the next index (and the live one) before it goes
   * live, and throwing keeps the live one.
   */
  reload: (beforeSwap?: (next: Services, live: Services | undefined) => void | Promise<void>) => Promise<{ rebuilt: boolean }>;
  /** Unanswered questions and feedback (GET /admin/api/insights). */
  insights?: InsightsStore;
}

/** The change did not take in the rebuilt index (a file left out, another file lost): it is undone. */
class NotTaken extends Error {}
/** The audit line could not be written: the change must not go live unaudited, so it is undone. */
class AuditUnwritable extends Error {}

/**
 * Why the next index is not the live one plus this change: a document the change should bring is
 * missing, or one it should not touch is gone (a repeated id now leaving an older file out, say).
 */
export function changeProblem(next: Services, live: Services | undefined, o: { adds?: { ids: string[]; file: string }; removes?: string; touches?: string }): string | undefined {
  const problemOf = (file: string) => next.index.manifest.problems?.find((p) => p.file === file)?.message;
  for (const id of o.adds?.ids ?? []) {
    const d = next.retriever.doc(id);
    if (!d || d.sourceFile !== o.adds!.file) return problemOf(o.adds!.file) ?? `重建后的索引中没有文档“${id}”（${o.adds!.file}）`;
  }
  if (o.removes && next.retriever.doc(o.removes)) return `重建后的索引中仍有文档“${o.removes}”`;
  for (const d of live?.index.docs ?? []) {
    if (d.id === o.removes || d.sourceFile === o.touches || next.retriever.doc(d.id)) continue;
    return `这次改动会使《${d.title}》（${d.sourceFile}）下线${problemOf(d.sourceFile) ? `：${problemOf(d.sourceFile)}` : ""}`;
  }
  return undefined;
}

/** The request body, counted while it streams in; "too_large" as soon as it passes `limit` (the rest is never read). */
async function readCapped(c: Context, limit: number): Promise<Buffer | "too_large"> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const chunks: Buffer[] = [];
  let size = 0;
  const source: AsyncIterable<Uint8Array> =
    incoming && typeof incoming.on === "function" && !incoming.readableDidRead ? (incoming as AsyncIterable<Buffer>) : ((c.req.raw.body ?? []) as unknown as AsyncIterable<Uint8Array>);
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) return "too_large";
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  return Buffer.concat(chunks, size);
}

/** Admin writes one at a time: two uploads must not interleave their reindexes and undos. */
const queues = new Map<string, Promise<unknown>>();
function serial<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job, job);
  queues.set(key, run.catch(() => {}));
  return run;
}

const FACT_FIELDS = new Set(["fact", "base", "periods", "count", "price", "perEach", "years", "fee", "units"]);

/** The facts a rule reads: its subject, its conditions and the bases of its amount. */
export function factsOf(rule: Rule): string[] {
  const out = new Set<string>(rule.subject);
  const walk = (v: unknown, key?: string) => {
    if (typeof v === "string" && key && FACT_FIELDS.has(key) && FACT_BY_KEY.has(v)) out.add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "cases" && k !== "notes") walk(x, k);
  };
  walk({ conditions: rule.conditions, amount: rule.amount });
  return [...out];
}

// ---- Route declarations (the OpenAPI document is generated from these) ----

/** multipart/form-data, read by `upload` (streamed with a size cap), so documented as a plain schema, not validated by zod-openapi. */
const uploadBody = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object" as const,
        required: ["file"],
        properties: {
          file: { type: "string" as const, format: "binary", description: "PDF、DOCX、HTML、TXT 或 MD 文件" },
          meta: { type: "string" as const, description: "可选：元数据 JSON（id、title、issuer、docNumber、published、validFrom、validTo、kind、source、region）" },
        },
      },
    },
  },
};
const docIdParam = z.object({ docId: z.string().openapi({ description: "文档编号" }) });
const ruleIdParam = z.object({ id: z.string().openapi({ description: "规则编号" }) });

const previewRoute = adminRoute({ method: "post", path: "/admin/api/preview", operationId: "adminPreviewDocument", summary: "预览文件的解析结果（不写入语料）", request: { body: uploadBody }, responses: { 200: json(PreviewResponse, "元数据、今日是否有效与条款树"), ...errors(400, 401, 413, 415, 422, 429) } });
const uploadRoute = adminRoute({ method: "post", path: "/admin/api/documents", operationId: "adminUploadDocument", summary: "上传政策文件并重建索引", request: { body: uploadBody }, responses: { 200: json(UploadResponse, "已写入并重建索引"), ...errors(400, 401, 409, 413, 415, 422, 429, 503) } });
const deleteRoute = adminRoute({ method: "delete", path: "/admin/api/documents/{docId}", operationId: "adminDeleteDocument", summary: "删除政策文件并重建索引", request: { params: docIdParam }, responses: { 200: json(DeleteResponse, "已删除并重建索引"), ...errors(400, 401, 404, 409, 422, 429, 503) } });
const problemsRoute = adminRoute({ method: "get", path: "/admin/api/problems", operationId: "adminListProblems", summary: "上次建索引时未能读取的文件及原因", responses: { 200: json(ProblemsResponse, "问题文件"), ...errors(400, 401, 429) } });
const rulesRoute = adminRoute({ method: "get", path: "/admin/api/rules", operationId: "adminListRules", summary: "全部规则（完整定义）及其条款原文、是否找到引文", responses: { 200: json(AdminRulesResponse, "规则与已停用的规则"), ...errors(400, 401, 429) } });
const adoptRouteDef = adminRoute({ method: "post", path: "/admin/api/rules/{id}/adopt", operationId: "adminAdoptRule", summary: "采纳编译出的规则（写为人工审核的 YAML）", request: { params: ruleIdParam }, responses: { 200: json(AdoptResponse, "已采纳并重建索引"), ...errors(400, 401, 404, 409, 422, 429, 503) } });
const disableRouteDef = adminRoute({ method: "post", path: "/admin/api/rules/{id}/disable", operationId: "adminDisableRule", summary: "停用规则", request: { params: ruleIdParam }, responses: { 200: json(DisableResponse, "已停用并重建索引"), ...errors(400, 401, 404, 409, 422, 429, 503) } });

/**
 * /admin: add and delete documents, preview how a file parses, review
 * compiled rules beside their clause, adopt (as curated YAML) or disable
 * them. Mounted only when ADMIN_TOKEN is set; every API call needs it as a
 * Bearer token, and every call is audited.
 */
export function adminRoutes(deps: AdminDeps) {
  const cfg = deps.services.config.admin!;
  const audit = auditLog(cfg.auditFile);
  const app = routeApp();
  const s = deps.services;

  const ipOf = (c: Context): string => {
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };
  /** The operator's name from X-Admin-User (URL-encoded UTF-8), or undefined when the header cannot be decoded. */
  const adminUser = (c: Context): string | undefined => {
    try {
      return decodeURIComponent(c.req.header("x-admin-user") ?? "").replace(/[^\p{L}\p{N} _.@-]/gu, "").slice(0, 40);
    } catch {
      return undefined;
    }
  };

  // Failed logins are audited, and an address that fails ADMIN_LOGIN_MAX_FAILURES (30) times in a minute waits out the minute.
  app.use(
    "/admin/api/*",
    requireAdmin(cfg.users, {
      maxFailures: cfg.maxLoginFailures ?? 30,
      windowMs: 60_000,
      ipOf,
      onFailure: (c, ip, limited) => audit({ who: adminUser(c) || "unknown", ip, action: "login", target: `${c.req.method} ${c.req.path}`, ok: false, detail: limited ? "口令错误次数过多，已限流" : "口令错误或缺失" }),
    }),
  );
  // A header that cannot be decoded is refused before anything runs (never a 500 after a change went live).
  app.use("/admin/api/*", async (c, next) => {
    if (adminUser(c) === undefined) return apiError(c, 400, "invalid_request", "请求头 X-Admin-User 无效：须为 URL 编码（encodeURIComponent）的 UTF-8 文本");
    await next();
  });

  // A named admin (ADMIN_USERS) is who the token says; on the shared ADMIN_TOKEN the operator's X-Admin-User names the person.
  const shared = new Set(cfg.users.filter((u) => u.shared).map((u) => u.name));
  const who = (c: Context): Pick<AuditEntry, "who" | "ip"> => {
    const account = c.get("adminUser");
    return { who: account && !shared.has(account) ? account : adminUser(c) || account || "admin", ip: ipOf(c) };
  };

  /** The uploaded file and metadata of a multipart form, or an error response. */
  async function upload(c: Context): Promise<{ name: string; bytes: Buffer; meta: Record<string, unknown> } | ReturnType<typeof apiError<400 | 413 | 415>>> {
    const declared = Number(c.req.header("content-length") ?? 0);
    const limitMb = (cfg.maxUploadBytes / 1024 / 1024).toFixed(0);
    if (declared > cfg.maxUploadBytes + 64 * 1024) return apiError(c, 413, "payload_too_large", `文件不能超过 ${limitMb} MB`);
    if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) return apiError(c, 415, "unsupported_media_type", "请以 multipart/form-data 上传文件（字段 file）");
    // Counted while it streams in (chunked uploads declare no length): cut at the limit, never buffered whole.
    const body = await readCapped(c, cfg.maxUploadBytes + 64 * 1024);
    if (body === "too_large") return apiError(c, 413, "payload_too_large", `文件不能超过 ${limitMb} MB`);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(body), { headers: { "content-type": c.req.header("content-type")! } }).formData();
    } catch {
      return apiError(c, 400, "invalid_request", "上传内容无法解析");
    }
    const file = form.get("file");
    if (!(file instanceof File)) return apiError(c, 400, "invalid_request", "缺少文件（字段 file）");
    if (file.size > cfg.maxUploadBytes) return apiError(c, 413, "payload_too_large", `文件不能超过 ${limitMb} MB`);
    const name = safeName(file.name);
    if (!name) return apiError(c, 400, "invalid_request", "文件名或格式不受支持：请上传 PDF、DOCX、HTML、TXT 或 MD 文件，文件名只含中英文、数字和 - _ . ( )");
    const why = nameProblem(name);
    if (why) return apiError(c, 400, "invalid_request", why);
    const metaField = form.get("meta");
    let meta: Record<string, unknown> = {};
    if (typeof metaField === "string" && metaField.trim()) {
      try {
        const raw = JSON.parse(metaField) as Record<string, unknown>;
        meta = Object.fromEntries(META_FIELDS.filter((k) => typeof raw[k] === "string" && raw[k]).map((k) => [k, String(raw[k]).trim()]));
        if (raw.region && typeof raw.region === "object") meta.region = raw.region;
      } catch {
        return apiError(c, 400, "invalid_request", "元数据不是有效的 JSON");
      }
      for (const k of ["published", "validFrom", "validTo"] as const) {
        if (meta[k] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(meta[k]))) return apiError(c, 400, "invalid_request", `日期格式应为 YYYY-MM-DD：${k}`);
      }
      if (meta.id !== undefined && !isDocId(meta.id)) return apiError(c, 400, "invalid_request", "文档编号只能含小写字母、数字和连字符");
      if (meta.region !== undefined) {
        const r = Region.safeParse(meta.region);
        if (!r.success) return apiError(c, 400, "invalid_request", "地区（region）格式不正确：应为 {level, province?, city?, district?}，level 取 national、province、city 或 district", r.error.issues.map((i) => `${i.path.join(".") || "region"}：${i.message}`));
      }
    }
    return { name, bytes: Buffer.from(await file.arrayBuffer()), meta };
  }

  const unreadable = (c: Context, e: unknown) =>
    e instanceof LoadError ? apiError(c, 422, "unreadable_file", e.message) : e instanceof OutsideCorpusError ? apiError(c, 400, "invalid_request", e.message) : undefined;

  app.openapi(previewRoute, async (c) => {
    const up = await upload(c);
    if (up instanceof Response) return up;
    try {
      const preview = await previewInSandbox(up.name, up.bytes, s.today(), up.meta);
      audit({ ...who(c), action: "preview", target: up.name, ok: true });
      return c.json(preview, 200);
    } catch (e) {
      audit({ ...who(c), action: "preview", target: up.name, ok: false, detail: e instanceof Error ? e.message : String(e) });
      const r = unreadable(c, e);
      if (r) return r;
      throw e;
    }
  });

  /** An audit line whose failure is only logged (the outcome of a change already undone or refused). */
  const auditQuietly = (e: AuditEntry) => {
    try {
      audit(e);
    } catch (err) {
      console.error(`审计日志写入失败 / audit write failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  /**
   * Apply a corpus change, reindex, and undo the change when the reindex refuses it. A reload already
   * running is waited for, then the index is rebuilt with the change (issue 21 F9: never "rebuilt:false"
   * with the document missing). Just before the new index goes live, the change is checked to have taken
   * and its audit line is written; if either fails, the old index stays and the files are put back.
   */
  const change = <R extends Record<string, unknown>>(c: Context, action: string, target: string, apply: () => { undo: Undo; result: R }, check: (next: Services, live: Services | undefined) => string | undefined = () => undefined) =>
    serial(deps.corpusDir, async () => {
      let applied;
      try {
        applied = apply();
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        auditQuietly({ ...who(c), action, target, ok: false, detail: why });
        return apiError(c, e instanceof OutsideCorpusError ? 400 : 422, "invalid_request", `改动未能写入语料目录：${why}`);
      }
      const { undo, result } = applied;
      try {
        const { rebuilt } = await deps.reload((next, live) => {
          const problem = check(next, live);
          if (problem) throw new NotTaken(problem);
          try {
            audit({ ...who(c), action, target, ok: true });
          } catch (e) {
            throw new AuditUnwritable(e instanceof Error ? e.message : String(e));
          }
        });
        return c.json({ ok: true as const, rebuilt, ...result }, 200);
      } catch (e) {
        undo();
        const why = e instanceof Error ? e.message : String(e);
        auditQuietly({ ...who(c), action, target, ok: false, detail: why });
        await deps.reload().catch(() => {});
        if (e instanceof AuditUnwritable) return apiError(c, 503, "unavailable", `审计日志无法写入，改动已撤销：${why}`);
        return apiError(c, 422, "invalid_request", `${e instanceof NotTaken ? "改动未能生效，已撤销" : "重建索引失败，改动已撤销"}：${why}`);
      }
    });

  app.openapi(uploadRoute, async (c) => {
    const up = await upload(c);
    if (up instanceof Response) return up;
    let preview;
    try {
      preview = await previewInSandbox(up.name, up.bytes, s.today(), up.meta);
    } catch (e) {
      audit({ ...who(c), action: "upload", target: up.name, ok: false, detail: e instanceof Error ? e.message : String(e) });
      const r = unreadable(c, e);
      if (r) return r;
      throw e;
    }
    const clash = preview.docs.map((d) => s.retriever.doc(d.id)).find((d) => d && d.sourceFile !== `docs/${up.name}`);
    if (clash) return apiError(c, 409, "conflict", `文档编号“${clash.id}”已被《${clash.title}》（${clash.sourceFile}）使用，请在元数据中另设编号`);
    const file = `docs/${up.name}`;
    return change(
      c,
      "upload",
      up.name,
      () => {
        const saved = saveDocument(deps.corpusDir, up.name, up.bytes, up.meta);
        return { undo: saved.undo, result: { file, docs: preview.docs.map((d) => ({ id: d.id, title: d.title })), clauses: preview.clauses.length } };
      },
      (next, live) => changeProblem(next, live, { adds: { ids: preview.docs.map((d) => d.id), file }, touches: file }),
    );
  });

  app.openapi(deleteRoute, async (c) => {
    const bad = docIdProblem(c.req.param("docId"), "地址");
    if (bad) return apiError(c, 400, "invalid_request", bad);
    const doc = s.retriever.doc(c.req.param("docId"));
    if (!doc) return apiError(c, 404, "not_found", `未找到编号为“${c.req.param("docId")}”的政策文件`);
    const siblings = s.index.docs.filter((d) => d.sourceFile === doc.sourceFile);
    if (siblings.length > 1) return apiError(c, 409, "conflict", `${doc.sourceFile} 含 ${siblings.length} 份政策文件，不能单独删除其中一份`);
    const dependents = s.index.rules.filter((r) => r.docId !== doc.id && [...r.general, ...r.requires].some((id) => s.index.rules.find((x) => x.id === id)?.docId === doc.id));
    if (dependents.length) return apiError(c, 409, "conflict", `其他文件的规则引用了本文件的规则：${dependents.map((r) => r.id).join("、")}`);
    return change(
      c,
      "delete",
      doc.id,
      () => ({ undo: deleteDocument(deps.corpusDir, doc.sourceFile, doc.id), result: { deleted: doc.id, file: doc.sourceFile } }),
      (next, live) => changeProblem(next, live, { removes: doc.id, touches: doc.sourceFile }),
    );
  });

  /** Files the last ingest left out, with the reason (a scan, a zip bomb, a bad chrome pattern…). */
  app.openapi(problemsRoute, (c) => c.json({ problems: s.index.manifest.problems ?? [] }, 200));

  app.openapi(rulesRoute, (c) => {
    const disabled = disabledRules(deps.corpusDir);
    const rules = s.index.rules.map((r) => {
      const clauseId = `${r.docId}:${r.article}`;
      const clause = s.retriever.clause(clauseId);
      const at = clause ? clause.text.replace(/\s+/g, "").indexOf(r.quote.replace(/\s+/g, "")) : -1;
      return {
        ...r,
        origin: (r as Rule & { origin?: string }).origin ?? "curated",
        clauseId,
        clause: clause ? { text: clause.text, page: clause.page } : null,
        quoteFound: at >= 0,
        docTitle: s.retriever.doc(r.docId)?.title ?? r.docId,
        facts: factsOf(r).map((k) => ({ key: k, ...(FACT_BY_KEY.get(k) ?? {}) })),
      };
    });
    return c.json({ rules, disabled }, 200);
  });

  app.route("/", rulesEditorRoutes(deps, { audit, who, serial }));
  app.route("/", reviewRoutes(s));

  const ruleById = (id: string) => s.index.rules.find((r) => r.id === id);

  app.openapi(adoptRouteDef, async (c) => {
    const rule = ruleById(c.req.param("id"));
    if (!rule) return apiError(c, 404, "not_found", `未找到规则“${c.req.param("id")}”`);
    const clause = s.retriever.clause(`${rule.docId}:${rule.article}`);
    const problems = clause ? checkRule(rule, clause.text) : [`条款 ${rule.article} 不存在`];
    if (problems.length) return apiError(c, 422, "invalid_request", "规则未通过出处校验，不能采纳", problems);
    return change(c, "adopt-rule", rule.id, () => {
      const { file, undo } = adoptRule(deps.corpusDir, rule as unknown as Record<string, unknown>);
      return { undo, result: { adopted: rule.id, file: file.slice(deps.corpusDir.length + 1) } };
    });
  });

  app.openapi(disableRouteDef, async (c) => {
    const rule = ruleById(c.req.param("id"));
    if (!rule) return apiError(c, 404, "not_found", `未找到规则“${c.req.param("id")}”`);
    const users = s.index.rules.filter((r) => [...r.general, ...r.requires].includes(rule.id));
    if (users.length) return apiError(c, 409, "conflict", `规则 ${users.map((r) => r.id).join("、")} 引用了它，不能单独停用`);
    return change(c, "disable-rule", rule.id, () => ({ undo: disableRule(deps.corpusDir, rule.id), result: { disabled: rule.id } }));
  });

  app.route("/", insightsRoutes(deps.insights, (c, table, ok, detail) => audit({ ...who(c), action: "export-insights", target: `${table} ${c.req.query("days") ?? 30}d`, ok, ...(detail ? { detail } : {}) })));

  return app;
}
