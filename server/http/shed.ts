import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import type { Compute } from "../compute/types.js";
import type { Overloaded } from "../compute/admission.js";
import type { Metrics } from "./metrics.js";

declare module "hono" {
  interface ContextVariableMap {
    /** performance.now() when the request reached the app: where its answer budget (COMPUTE_DEADLINE_MS) starts. */
    arrivedAt: number;
  }
}

export const SHED_MESSAGE = "服务繁忙，请稍后重试";
const SHED_HELP = "Chat and search requests refused with 503 because the compute queue was full or they could not be answered within the deadline.";

const SHED_BODY = JSON.stringify({ error: { code: "unavailable", message: SHED_MESSAGE } });
const SHED_BYTES = String(Buffer.byteLength(SHED_BODY));

/**
 * The one 503 of overload, whether refused at the door or by the queue: counted, never logged one by one.
 * Answered on the context (headers set so far, e.g. CORS, go out with it) from a body serialised once.
 */
export function shedResponse(c: Context, err: Overloaded, metrics: Metrics): Response {
  metrics.inc("compute_shed_total", SHED_HELP);
  return c.body(SHED_BODY, 503, { "content-type": "application/json", "retry-after": String(err.retryAfterSeconds) });
}

/**
 * Shed at the door (issue 21, item 7): a chat or search the compute threads could not answer within
 * the deadline is refused before its body is read or parsed, so under overload the event loop spends
 * its time on the requests it admits. Marks every other one with its arrival for the queue's deadline,
 * and its answer with the time it took here.
 */
export function shedEarly(compute: Compute, metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const at = performance.now();
    const no = compute.admit?.(at);
    if (no) return shedResponse(c, no, metrics);
    c.set("arrivedAt", at);
    await next();
    // The server's own share of the latency (standard Server-Timing, shown by browsers' dev tools): under
    // overload it tells the server's time from the client's and the network's (bench/overload.ts reports both).
    if (c.res.status === 200 && c.res.headers.get("content-type")?.startsWith("application/json")) c.header("Server-Timing", `app;dur=${(performance.now() - at).toFixed(1)}`);
  };
}

/** The two routes the compute threads answer, as Node sees them (path, then `?` or the end). */
const computed = (method: string | undefined, url: string | undefined): boolean => {
  const path = method === "POST" ? "/api/chat" : method === "GET" ? "/api/search" : undefined;
  if (!path || !url?.startsWith(path)) return false;
  return url.length === path.length || url[path.length] === "?";
};

/**
 * The same refusal one step earlier, on Node's request before Hono sees it (no Request object,
 * no middleware): under a flood of clients that retry at once (they ignore Retry-After), the
 * refusals are most of the event loop's work, and the answered requests wait behind them.
 * Requests with an Origin header go on to the app, whose CORS headers let an allowed site read the 503.
 * Returns true when it answered.
 */
export function shedAtSocket(compute: () => Compute, metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (!computed(req.method, req.url) || req.headers.origin !== undefined) return false;
    const no = compute().admit?.(performance.now());
    if (!no) return false;
    metrics.inc("compute_shed_total", SHED_HELP);
    // Every answer carries a request id (docs/api.md): the caller's when valid, as hono/request-id keeps it.
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && given.length <= 255 && /^[\w\-=]+$/.test(given) ? given : randomUUID();
    res.writeHead(503, { "content-type": "application/json", "retry-after": String(no.retryAfterSeconds), "x-content-type-options": "nosniff", "x-request-id": id, "content-length": SHED_BYTES });
    res.end(SHED_BODY);
    return true;
  };
}
