import type { MiddlewareHandler } from "hono";

/**
 * Pages may only run the project's own scripts and styles; who may frame them
 * (the widget's host sites) follows the same ALLOWED_ORIGINS list as CORS.
 */
export function securityHeaders(allowedOrigins: string[]): MiddlewareHandler {
  const ancestors = allowedOrigins.includes("*") ? "*" : ["'self'", ...allowedOrigins].join(" ");
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join("; ");
  return async (c, next) => {
    // Set before the handler answers, on the context's response, whose headers every answer inherits: a header
    // set after it has answered makes Hono copy the whole response (twice per header, body as a stream).
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (type.startsWith("text/html")) c.header("Content-Security-Policy", csp);
  };
}
