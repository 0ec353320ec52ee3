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
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    const type = c.res.headers.get("content-type") ?? "";
    if (type.startsWith("text/html")) c.header("Content-Security-Policy", csp);
  };
}
