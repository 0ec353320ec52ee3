import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Hono, type Context } from "hono";

/**
 * Serves the built front end (web/dist): the chat page at /, the hotline
 * console at /console, the embeddable /widget.js and hashed /assets/*.
 * Files are read once, on the first request, and kept in memory.
 * Security headers (CSP etc.) are added by the main app; this only sets what
 * is specific to each file: type, caching and, for the widget, cross-origin use.
 */

export interface WebRoutesOptions {
  /** Defaults to web/dist next to this repository's web/src. */
  distDir?: string;
  /** Build web/dist when it is missing (a fresh checkout run without npm install). Default true. */
  buildIfMissing?: boolean;
  /** Serve the admin page at /admin (only when ADMIN_TOKEN is set). */
  admin?: boolean;
  /** SITE_TITLE: the deployment's name, shown on the pages (title, header) instead of 政策通. */
  siteTitle?: string;
}

interface Asset {
  body: ArrayBuffer;
  type: string;
  etag: string;
}

const DEFAULT_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json; charset=utf-8",
};

/** Hashed names never change content, so browsers may keep them for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Pages and the widget keep stable URLs: revalidate so a deploy shows up at once. */
const REVALIDATE = "no-cache";
/** Embedding sites load the widget on every page view; a short cache spares the server. */
const WIDGET_CACHE = "public, max-age=300, stale-while-revalidate=3600";

export function webRoutes(opts: WebRoutesOptions = {}): Hono {
  const distDir = opts.distDir ?? DEFAULT_DIST;
  let files: Promise<Map<string, Asset>> | null = null;
  const load = (): Promise<Map<string, Asset>> =>
    (files ??= loadDist(distDir, opts.buildIfMissing ?? true, opts.siteTitle).catch((err) => {
      files = null; // let the next request try again rather than caching the failure
      throw err;
    }));

  const app = new Hono();
  const page = (name: string) => (c: Context) => send(c, load, name, REVALIDATE);
  app.get("/", page("index.html"));
  app.get("/index.html", page("index.html"));
  app.get("/console", page("console.html"));
  app.get("/console/", page("console.html"));
  if (opts.admin) app.get("/admin", page("admin.html"));
  app.get("/widget.js", async (c) => {
    const res = await send(c, load, "widget.js", WIDGET_CACHE);
    // The widget is meant to be loaded by other sites' pages.
    res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
    return res;
  });
  app.get("/assets/:file", (c) => {
    const file = c.req.param("file");
    // Only names the build produced: no path separators, no dot-files.
    if (!/^[\w.-]+$/.test(file) || file.startsWith(".")) return c.notFound();
    return send(c, load, `assets/${file}`, IMMUTABLE);
  });
  return app;
}

async function send(c: Context, load: () => Promise<Map<string, Asset>>, name: string, cache: string): Promise<Response> {
  let asset: Asset | undefined;
  try {
    asset = (await load()).get(name);
  } catch {
    return c.text("前端页面尚未构建，请运行 npm run build:web。", 503);
  }
  if (!asset) return c.notFound();
  const headers: Record<string, string> = {
    "Content-Type": asset.type,
    "Cache-Control": cache,
    ETag: asset.etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (c.req.header("If-None-Match") === asset.etag) return new Response(null, { status: 304, headers });
  return new Response(c.req.method === "HEAD" ? null : asset.body, { status: 200, headers });
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function loadDist(distDir: string, buildIfMissing: boolean, siteTitle?: string): Promise<Map<string, Asset>> {
  if (!existsSync(join(distDir, "index.html")) && buildIfMissing) {
    const { buildWeb } = await import("../../scripts/build-web.mjs");
    await buildWeb({ outDir: distDir, quiet: true });
  }
  const out = new Map<string, Asset>();
  const add = async (rel: string) => {
    const type = TYPES[extname(rel)];
    if (!type) return;
    let buf = await readFile(join(distDir, rel));
    // The pages name the product in their title and header; a deployment renames it.
    if (siteTitle && rel.endsWith(".html")) buf = Buffer.from(buf.toString("utf8").replaceAll("政策通", escapeHtml(siteTitle)));
    const body = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    out.set(rel, { body, type, etag: `"${createHash("sha256").update(buf).digest("base64url").slice(0, 22)}"` });
  };
  for (const name of ["index.html", "console.html", "widget.js"]) await add(name);
  if (existsSync(join(distDir, "admin.html"))) await add("admin.html");
  const assetDir = join(distDir, "assets");
  if (existsSync(assetDir)) for (const name of await readdir(assetDir)) if (!name.endsWith(".tmp")) await add(`assets/${name}`);
  return out;
}
