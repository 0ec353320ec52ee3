import type { Context } from "hono";
import { apiError } from "../http/errors.js";

/** Parse a JSON body with a Chinese 400 for anything that is not a JSON object. */
export async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  // The content type is not checked: widgets and beacons often send JSON as text/plain.
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return { ok: false, response: apiError(c, 400, "bad_json", "无法读取请求体") };
  }
  if (!text.trim()) return { ok: false, response: apiError(c, 400, "bad_json", "请求体为空，请发送 JSON") };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, response: apiError(c, 400, "bad_json", "请求体须为 JSON 对象") };
    return { ok: true, value };
  } catch {
    return { ok: false, response: apiError(c, 400, "bad_json", "请求体不是合法的 JSON") };
  }
}
