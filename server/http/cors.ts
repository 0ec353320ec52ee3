import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

export interface CorsOptions {
  /** The allowed origin for a request's Origin header, or null. */
  origin: (origin: string) => string | null;
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number;
}

/**
 * Hono's CORS for preflights; for every other request the same headers (Allow-Origin, Expose-Headers,
 * Vary: Origin), set before the handler answers. Hono's middleware appends Vary after the answer, and a
 * header set then makes Hono copy the whole response, its body as a stream, on every API call.
 */
export function corsHeaders(opts: CorsOptions): MiddlewareHandler {
  const preflight = cors(opts);
  const expose = opts.exposeHeaders.join(",");
  return async (c, next) => {
    if (c.req.method === "OPTIONS") return preflight(c, next);
    const allowed = opts.origin(c.req.header("origin") || "");
    const headers = c.res.headers;
    if (allowed) headers.set("Access-Control-Allow-Origin", allowed);
    if (expose) headers.set("Access-Control-Expose-Headers", expose);
    headers.append("Vary", "Origin");
    await next();
  };
}
