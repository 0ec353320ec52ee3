import { createRoute, z } from "@hono/zod-openapi";

/** Every admin call: Bearer ADMIN_TOKEN, X-Admin-User optional (URL-encoded name for the audit log). */
export const adminRoute = <const R extends Parameters<typeof createRoute>[0]>(r: R) =>
  createRoute({
    ...r,
    tags: ["管理"],
    security: [{ adminToken: [] }],
    request: {
      ...r.request,
      headers: z.object({ "x-admin-user": z.string().optional().openapi({ description: "操作人姓名（encodeURIComponent 编码的 UTF-8），写入审计日志" }) }),
    },
  });
