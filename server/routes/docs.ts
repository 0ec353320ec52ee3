import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createRoute, z } from "@hono/zod-openapi";
import { apiError } from "../http/errors.js";
import { errors, routeApp } from "../http/openapi.js";

/**
 * /api/docs: Swagger UI over /api/openapi.json, from the installed swagger-ui-dist package (no CDN: works offline).
 * Every file is the server's own, so the pages' CSP (script-src 'self', no inline script) holds: the start-up
 * script is a file too. URLs are relative, so the page also works behind a proxy that adds a path prefix.
 */

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政策通 API 文档</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/start.js"></script>
</body>
</html>
`;

// validatorUrl null: the default badge would send the document to validator.swagger.io.
const START = `window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", location.href).href,
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
`;

interface Asset {
  body: string;
  type: string;
  etag: string;
}

const asset = (body: string, type: string): Asset => ({ body, type, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` });

let files: Map<string, Asset> | undefined;
/** Read on the first request and kept: about 2 MB, and most servers never serve it. */
function load(): Map<string, Asset> {
  if (files) return files;
  const require = createRequire(import.meta.url);
  const dist = (name: string) => readFileSync(require.resolve(`swagger-ui-dist/${name}`), "utf8");
  files = new Map([
    ["swagger-ui.css", asset(dist("swagger-ui.css"), "text/css; charset=utf-8")],
    ["swagger-ui-bundle.js", asset(dist("swagger-ui-bundle.js"), "text/javascript; charset=utf-8")],
    ["start.js", asset(START, "text/javascript; charset=utf-8")],
  ]);
  return files;
}

const page = createRoute({
  method: "get",
  path: "/api/docs",
  operationId: "getApiDocsPage",
  tags: ["元数据"],
  summary: "接口文档页面（Swagger UI，离线可用）",
  responses: { 200: { description: "HTML 页面", content: { "text/html": { schema: z.string() } } }, ...errors(429) },
});

const file = createRoute({
  method: "get",
  path: "/api/docs/{file}",
  operationId: "getApiDocsAsset",
  tags: ["元数据"],
  summary: "文档页面的脚本与样式",
  request: { params: z.object({ file: z.string().openapi({ example: "swagger-ui.css" }) }) },
  responses: {
    200: { description: "脚本或样式", content: { "text/javascript": { schema: z.string() }, "text/css": { schema: z.string() } } },
    ...errors(404, 429),
  },
});

export function docsRoutes() {
  const app = routeApp();
  app.openapi(page, (c) => c.html(PAGE, 200, { "Cache-Control": "no-cache" }));
  app.openapi(file, (c) => {
    const name = c.req.param("file");
    const found = load().get(name);
    if (!found) return apiError(c, 404, "not_found", `未找到文档页面文件“${name}”`);
    // swagger-ui-dist changes only with a deploy: revalidate by ETag rather than re-send 2 MB.
    const headers = { "Content-Type": found.type, "Cache-Control": "no-cache", ETag: found.etag };
    if (c.req.header("If-None-Match") === found.etag) return new Response(null, { status: 304, headers });
    return new Response(found.body, { status: 200, headers });
  });
  return app;
}
