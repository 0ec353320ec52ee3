import type { Context } from "hono";
import { z } from "zod";
import { errors, json, routeApp } from "../http/openapi.js";
import { adminRoute } from "./admin-route.js";
import { apiError, zodMessages } from "../http/errors.js";
import type { InsightsStore } from "../store/insights.js";
import { InsightsResponse } from "../store/schema.js";

export { InsightsResponse };

/** GET /admin/api/insights?days=N[&format=csv&table=unanswered|feedback]. */
export const InsightsQuery = z.object({
  days: z.coerce
    .number({ message: "days 必须是数字" })
    .int({ message: "days 必须是整数" })
    .min(1, { message: "days 须在1到3650之间" })
    .max(3650, { message: "days 须在1到3650之间" })
    .default(30),
  format: z.enum(["json", "csv"], { message: "format 只能是 json 或 csv" }).default("json"),
  table: z.enum(["unanswered", "feedback"], { message: "table 只能是 unanswered 或 feedback" }).default("unanswered"),
});

/** Rows in a CSV export (the page shows the top 50). */
const CSV_ROWS = 5000;

/** One CSV cell: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : String(v);
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};
export const csv = (rows: unknown[][]): string => `\uFEFF${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;

const CHANNEL_NAMES: Record<string, string> = { chat: "问答页", widget: "嵌入组件", console: "坐席台", api: "接口" };

export function insightsCsv(data: InsightsResponse, table: "unanswered" | "feedback"): string {
  if (table === "unanswered") return csv([["问题", "次数", "最近时间"], ...data.unanswered.map((u) => [u.question, u.count, u.lastAt])]);
  return csv([
    ["时间", "评价", "意见", "渠道", "地区", "问题", "请求编号"],
    ...data.feedback.recent.map((f) => [f.at, f.helpful ? "有用" : "没用", f.comment, f.channel ? CHANNEL_NAMES[f.channel] : "", f.region, f.question, f.requestId]),
  ]);
}

/**
 * What people ask that the documents do not answer, and how they rate the answers,
 * over the last `days` days. Mounted inside the admin routes (token required);
 * `onExport` audits each CSV download.
 */
const insightsRoute = adminRoute({
  method: "get",
  path: "/admin/api/insights",
  operationId: "adminInsights",
  summary: "群众在问什么：未能回答的问题与有用/没用评价（format=csv 导出）",
  request: { query: z.object({ days: z.string().optional(), format: z.string().optional(), table: z.string().optional() }) },
  responses: {
    200: { description: "统计（JSON）或 CSV 文件", content: { "application/json": { schema: InsightsResponse }, "text/csv": { schema: z.string() } } },
    ...errors(400, 401, 429, 503),
  },
});

export function insightsRoutes(store: InsightsStore | undefined, onExport: (c: Context, table: string, ok: boolean, detail?: string) => void) {
  const app = routeApp();
  app.openapi(insightsRoute, async (c) => {
    const q = InsightsQuery.safeParse(c.req.query());
    if (!q.success) return apiError(c, 400, "bad_query", "查询参数有误", zodMessages(q.error));
    if (!store) return apiError(c, 503, "unavailable", "问题统计暂不可用");
    const { days, format, table } = q.data;
    let data: InsightsResponse;
    try {
      data = await store.insights(days, Date.now(), format === "csv" ? CSV_ROWS : undefined);
    } catch (e) {
      if (format === "csv") onExport(c, table, false, e instanceof Error ? e.message : String(e));
      return apiError(c, 503, "unavailable", `问题统计数据库暂时无法访问：${e instanceof Error ? e.message : String(e)}`);
    }
    if (format === "json") return c.json(data, 200);
    onExport(c, table, true);
    const name = `${table === "unanswered" ? "unanswered-questions" : "feedback"}-${days}d.csv`;
    return c.body(insightsCsv(data, table), 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` });
  });
  return app;
}
