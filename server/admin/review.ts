import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { docIdProblem } from "../../core/corpus/doc-id.js";
import { checkRule } from "../../core/rules/provenance.js";
import type { Rule } from "../../core/rules/schema.js";
import { summarizeRule } from "../../core/rules/summary.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { apiError } from "../http/errors.js";
import type { IndexData } from "../index/load.js";
import type { Services } from "../services.js";
import { errors, json, routeApp } from "../http/openapi.js";
import { adminRoute } from "./admin-route.js";

/**
 * The review queue: per document, every money sentence with its state — a compiled rule nobody has
 * reviewed, a reviewed (or hand-written) rule, a sentence the compiler left quote-only (with why), or
 * a rule the compiler made and a check refused. Only money provisions are listed: plans, targets and
 * achievements are not money sentences for the compiler, and conditions-only (qualification) and
 * cost-sharing rules pay nothing, so none is offered as a rule.
 */

export const ReviewState = z.enum(["compiled", "reviewed", "quote-only", "refused"]);
export const ReviewItem = z
  .object({
    state: ReviewState,
    clauseId: z.string(),
    article: z.string(),
    /** The rule's quote, or the sentence the compiler could not read. */
    text: z.string(),
    clause: z.object({ text: z.string(), page: z.number().optional(), heading: z.string().optional() }).strict().nullable(),
    ruleId: z.string().optional(),
    rule: z.unknown().optional(),
    summary: z.string().optional(),
    reviewed: z.object({ at: z.string(), by: z.string() }).optional(),
    /** Why there is no rule (quote-only, refused). */
    reason: z.string().optional(),
    /** The rule's provenance check, one Chinese sentence per problem (empty: passed). */
    checks: z.array(z.string()),
  })
  .strict();
export const ReviewDoc = z
  .object({
    docId: z.string(),
    title: z.string(),
    counts: z.object({ reviewed: z.number(), compiled: z.number(), quoteOnly: z.number(), refused: z.number(), total: z.number() }).strict(),
    /** 已审核 12/15 */
    label: z.string(),
    items: z.array(ReviewItem),
  })
  .strict();
export const ReviewQuery = z.object({ docId: z.string().optional() });
export const ReviewResponse = z.object({ docs: z.array(ReviewDoc) }).strict();
type Item = z.infer<typeof ReviewItem>;

interface CompileReport {
  unread: { clauseId: string; text: string }[];
  refused: string[];
}

const reports = new WeakMap<IndexData, CompileReport>();
function reportOf(index: IndexData): CompileReport {
  let r = reports.get(index);
  if (!r) {
    const file = join(index.dir, "compile-report.json");
    r = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CompileReport) : { unread: [], refused: [] };
    reports.set(index, r);
  }
  return r;
}

const NOT_MONEY = new Set(["qualification", "costShare"]);
const UNREAD = "自动编译未能读出这句的计算方式（或奖给其他单位），仅引用原文";
const chinese = (m: string) => m.replace(/\s*\/\s*[A-Za-z][^\u4e00-\u9fff]*$/, "");

export function reviewQueue(s: Services, docId: string): z.infer<typeof ReviewDoc> {
  const doc = s.retriever.doc(docId)!;
  const report = reportOf(s.index);
  const clauseOf = (id: string) => {
    const c = s.retriever.clause(id);
    // The clause's own heading titles a rule written for it.
    // 二、支持高新技术企业\n…: the clause's own title line, else the heading above it.
    const own = c ? /^\s*(?:第[^条章节\s]{1,6}[条章节]|[一二三四五六七八九十]{1,3}、|[（(][^）)]{1,3}[）)]|\d{1,2}[.．、])\s*([^\n，。；：:]{2,24})\n/.exec(c.text)?.[1] : undefined;
    const heading = own ?? c?.headings.at(-1)?.replace(/^\S{1,8}、\s*/, "");
    return c ? { text: c.text, ...(c.page ? { page: c.page } : {}), ...(heading ? { heading } : {}) } : null;
  };
  const rules = s.index.rules.filter((r) => r.docId === docId && !NOT_MONEY.has(r.amount.kind));
  const items: Item[] = rules.map((r: Rule) => {
    const clauseId = `${r.docId}:${r.article}`;
    const clause = clauseOf(clauseId);
    return {
      state: r.origin === "compiled" ? "compiled" : "reviewed",
      clauseId,
      article: r.article,
      text: r.quote,
      clause,
      ruleId: r.id,
      rule: r,
      summary: summarizeRule(r),
      ...(r.reviewed ? { reviewed: r.reviewed } : {}),
      checks: clause ? checkRule(r, clause.text).map(chinese) : [`条款 ${r.article} 不存在`],
    };
  });
  // A sentence a reviewed rule now implements is that rule, not a gap.
  const reviewedOf = (clauseId: string) => rules.filter((r) => r.origin !== "compiled" && `${r.docId}:${r.article}` === clauseId);
  const covered = (clauseId: string, text: string) =>
    reviewedOf(clauseId).some((r) => stripWhitespace(r.quote).includes(stripWhitespace(text)) || stripWhitespace(text).includes(stripWhitespace(r.quote)));
  const prefix = `${docId}:`;
  for (const u of report.unread) {
    if (!u.clauseId.startsWith(prefix) || covered(u.clauseId, u.text)) continue;
    const clause = clauseOf(u.clauseId);
    const long = /^条款正文过长/.test(u.text);
    items.push({ state: "quote-only", clauseId: u.clauseId, article: u.clauseId.slice(prefix.length), text: long ? (clause?.text.slice(0, 80) ?? "") : u.text, clause, reason: long ? u.text : UNREAD, checks: [] });
  }
  const refused = new Map<string, string[]>();
  for (const line of report.refused) {
    const at = line.indexOf("：");
    const clauseId = at > 0 ? line.slice(0, at) : "";
    if (!clauseId.startsWith(prefix) || reviewedOf(clauseId).length) continue;
    refused.set(clauseId, [...(refused.get(clauseId) ?? []), chinese(line.slice(at + 1))]);
  }
  for (const [clauseId, reasons] of refused) {
    const clause = clauseOf(clauseId);
    items.push({ state: "refused", clauseId, article: clauseId.slice(prefix.length), text: clause?.text ?? "", clause, reason: `自动编译的规则未通过校验：${reasons.join("；")}`, checks: reasons });
  }
  // In the document's order: by where the sentence stands in the corpus's clause order, then by position.
  const order = new Map(s.index.clausesOf(docId).map((c, i) => [c.id, i]));
  items.sort((a, b) => (order.get(a.clauseId) ?? 1e9) - (order.get(b.clauseId) ?? 1e9) || (a.clause?.text.indexOf(a.text) ?? 0) - (b.clause?.text.indexOf(b.text) ?? 0));
  const n = (st: string) => items.filter((i) => i.state === st).length;
  const counts = { reviewed: n("reviewed"), compiled: n("compiled"), quoteOnly: n("quote-only"), refused: n("refused"), total: items.length };
  return { docId, title: doc.title, counts, label: `已审核 ${counts.reviewed}/${counts.total}`, items };
}

const reviewRoute = adminRoute({ method: "get", path: "/admin/api/review", operationId: "adminReviewQueue", summary: "审核队列：每份文件给钱的句子及其状态（已审核/自动编译/仅引用/校验未过）", request: { query: ReviewQuery }, responses: { 200: json(ReviewResponse, "审核队列"), ...errors(400, 401, 404, 429) } });

export function reviewRoutes(s: Services) {
  const app = routeApp();
  app.openapi(reviewRoute, (c) => {
    const docId = c.req.query("docId");
    if (docId !== undefined) {
      const bad = docIdProblem(docId, "docId");
      if (bad) return apiError(c, 400, "invalid_request", bad);
      if (!s.retriever.doc(docId)) return apiError(c, 404, "not_found", `未找到编号为“${docId}”的政策文件`);
    }
    const ids = docId ? [docId] : s.index.docs.map((d) => d.id);
    return c.json({ docs: ids.map((id) => reviewQueue(s, id)) } satisfies z.infer<typeof ReviewResponse>, 200);
  });
  return app;
}
