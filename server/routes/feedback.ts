import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { errors, json, jsonBody, routeApp } from "../http/openapi.js";
import { apiError, zodMessages } from "../http/errors.js";
import type { InsightsStore } from "../store/insights.js";
import { Channel } from "../store/schema.js";
import { readJson } from "./body.js";

/** POST /api/feedback: 有用/没用 on an answer, named by the answer's X-Request-Id. */
export const FeedbackRequest = z
  .object({
    requestId: z
      .string({ message: "requestId 必须是文字（回答的 X-Request-Id 响应头）" })
      .trim()
      .min(1, { message: "requestId 不能为空" })
      .max(255, { message: "requestId 不能超过255个字符" })
      .regex(/^[\w\-=]+$/, { message: "requestId 只能含字母、数字和 - _ =（回答的 X-Request-Id 响应头）" }),
    helpful: z.boolean({ message: "helpful 必须是 true（有用）或 false（没用）" }),
    comment: z.string({ message: "comment 必须是文字" }).max(500, { message: "意见不能超过500个字符" }).optional(),
    /** Where the rated answer was shown; the chat request's channel is used when it was recorded. */
    channel: Channel.optional(),
  })
  .strip();
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

export const FeedbackResponse = z.object({ ok: z.literal(true) });

const feedback = createRoute({
  method: "post",
  path: "/api/feedback",
  operationId: "postFeedback",
  tags: ["问答"],
  summary: "对一条回答评价有用/没用（requestId 为该回答的 X-Request-Id 响应头）",
  request: { body: jsonBody("FeedbackRequest", FeedbackRequest) },
  responses: { 200: json(FeedbackResponse, "已记录"), ...errors(400, 413, 429, 503) },
});

export function feedbackRoutes(store: InsightsStore | undefined, onError: (err: unknown) => void) {
  const app = routeApp();
  app.openapi(feedback, async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = FeedbackRequest.safeParse(body.value);
    if (!parsed.success) return apiError(c, 400, "invalid_request", "反馈格式有误", zodMessages(parsed.error));
    if (!store) return apiError(c, 503, "unavailable", "反馈功能暂不可用，请稍后再试");
    try {
      await store.recordFeedback(parsed.data);
    } catch (e) {
      onError(e);
      return apiError(c, 503, "unavailable", "反馈暂时无法保存，请稍后再试");
    }
    return c.json({ ok: true as const } satisfies z.infer<typeof FeedbackResponse>, 200);
  });
  return app;
}
