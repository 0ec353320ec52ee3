import type { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { apiError } from "../http/errors.js";
import { LIMITS } from "../http/schemas.js";

const tooLarge = (c: Context) => apiError(c, 413, "payload_too_large", `请求体不能超过${LIMITS.bodyBytes / 1024}KB`);

/**
 * A declared Content-Length over the limit is refused before any byte is read.
 * Bodies without one (chunked) are capped while readJson reads them. Unlike
 * hono's bodyLimit this never touches `c.req.raw.body`, which would make the
 * Node adapter build a full web Request and stream for every API call.
 */
export function declaredBodyLimit(): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared && Number(declared) > LIMITS.bodyBytes) return tooLarge(c);
    return next();
  };
}

/** The body as text, read straight from Node's request when served by @hono/node-server; undefined when over the limit. */
async function bodyText(c: Context): Promise<string | undefined> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && typeof incoming.on === "function" && !incoming.readableDidRead) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      size += chunk.length;
      // The rest is left unread; Node discards it once the 413 is sent.
      if (size > LIMITS.bodyBytes) return undefined;
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  }
  const buf = await c.req.arrayBuffer();
  return buf.byteLength > LIMITS.bodyBytes ? undefined : new TextDecoder().decode(buf);
}

/** Parse a JSON body with a Chinese 400 for anything that is not a JSON object. */
export async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: ReturnType<typeof apiError<400 | 413>> }> {
  // The content type is not checked: widgets and beacons often send JSON as text/plain.
  let text: string | undefined;
  try {
    text = await bodyText(c);
  } catch {
    return { ok: false, response: apiError(c, 400, "bad_json", "无法读取请求体") };
  }
  if (text === undefined) return { ok: false, response: tooLarge(c) };
  if (!text.trim()) return { ok: false, response: apiError(c, 400, "bad_json", "请求体为空，请发送 JSON") };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, response: apiError(c, 400, "bad_json", "请求体须为 JSON 对象") };
    return { ok: true, value };
  } catch {
    return { ok: false, response: apiError(c, 400, "bad_json", "请求体不是合法的 JSON") };
  }
}
