import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { ZodError } from "zod";
import { ChatResponse } from "../chat/schema.js";
import { apiError, zodMessages, type ErrorCode } from "../http/errors.js";
import { errors, jsonBody, routeApp } from "../http/openapi.js";
import { ChatRequest, LIMITS } from "../http/schemas.js";
import type { Compute } from "../compute/types.js";
import type { Services } from "../services.js";
import { readJson } from "./body.js";
import type { QuestionRecord } from "../store/insights.js";

/** How an answer ended, for the insights store: nothing found, refused as out of scope, or answered. */
export function outcomeOf(r: ChatResponse): QuestionRecord["outcome"] {
  if (r.found) return "answered";
  return r.intent === "out_of_scope" ? "refused" : "nothing";
}

const regionOf = (p: ChatResponse["profile"]): string | undefined => [p.district, p.city, p.province].find((v): v is string => typeof v === "string" && v !== "");

/** The most specific error code for a rejected chat request, so clients can react without parsing text. */
function codeFor(err: ZodError): { code: ErrorCode; message: string } {
  for (const i of err.issues) {
    const last = i.path.at(-1);
    if (last === "role") return { code: "unknown_role", message: "消息角色只能是 user（用户）或 assistant（助手）" };
    if (last === "content" && i.code === "too_big") return { code: "message_too_long", message: `单条消息不能超过${LIMITS.messageChars}个字符，请精简后再问` };
    if (i.path.length === 1 && i.path[0] === "messages" && i.code === "too_big") return { code: "too_many_messages", message: `一次对话最多${LIMITS.messages}条消息，请开始新的对话` };
  }
  return { code: "invalid_request", message: "请求格式有误" };
}

const SSE_EVENTS = [
  "Accept: text/event-stream 时的事件流：",
  "`event: delta`，data 为一段回答文字（JSON 字符串），按行依次发送；",
  "最后一个 `event: done`，data 为完整的 ChatResponse（JSON）。每个事件带递增的 id。",
].join("\n");

const chat = createRoute({
  method: "post",
  path: "/api/chat",
  operationId: "chat",
  tags: ["问答"],
  summary: "对话问答（无状态，客户端每次发送完整对话）",
  request: { body: jsonBody("ChatRequest", ChatRequest) },
  responses: {
    200: {
      description: "回答；请求头 Accept 含 text/event-stream 时为 delta/done 事件流",
      content: {
        "application/json": { schema: ChatResponse },
        "text/event-stream": { schema: z.string().openapi({ description: SSE_EVENTS, example: 'event: delta\ndata: "根据……"\nid: 0\n\nevent: done\ndata: {"answer":"根据……",…}\nid: 1\n\n' }) },
      },
    },
    ...errors(400, 413, 429, 503),
  },
});

/**
 * `record` is handed every answered question (fire and forget: it must not fail or
 * slow the answer); the insights store keeps the unanswered ones.
 */
export function chatRoutes(s: Services, compute: Compute, phrase?: (r: ChatResponse) => Promise<ChatResponse>, record?: (q: QuestionRecord) => void) {
  const app = routeApp();
  app.openapi(chat, async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const parsed = ChatRequest.safeParse(body.value);
    if (!parsed.success) {
      const { code, message } = codeFor(parsed.error);
      return apiError(c, 400, code, message, zodMessages(parsed.error));
    }
    const last = parsed.data.messages.filter((m) => m.role === "user").at(-1);
    if (!last) return apiError(c, 400, "empty_message", "对话中没有用户提问");
    if (!last.content.trim()) return apiError(c, 400, "empty_message", "问题不能为空，请输入您想咨询的内容");

    let result = await compute.chat(parsed.data, s.today(), c.get("arrivedAt"));
    if (phrase) result = await phrase(result);
    record?.({ requestId: c.get("requestId"), question: last.content, channel: parsed.data.channel ?? "api", region: regionOf(result.profile), outcome: outcomeOf(result) });
    return wantsStream(c) ? stream(c, result) : c.json(result, 200);
  });
  return app;
}

const wantsStream = (c: Context) => (c.req.header("accept") ?? "").includes("text/event-stream");

/** SSE: the answer in pieces as `delta` events, then the whole object as `done`. */
function stream(c: Context, result: ChatResponse) {
  // Proxies (nginx) pass the events on as they come instead of buffering the response.
  c.header("X-Accel-Buffering", "no");
  return streamSSE(c, async (sse) => {
    const pieces = result.answer.match(/[^\n]*\n?/g)?.filter(Boolean) ?? [result.answer];
    let id = 0;
    for (const p of pieces) await sse.writeSSE({ event: "delta", data: JSON.stringify(p), id: String(id++) });
    await sse.writeSSE({ event: "done", data: JSON.stringify(result), id: String(id) });
  });
}
