// Bundles web/src into web/dist: the chat page, the hotline console and the
// embeddable widget. Run by `npm install` (postinstall), `npm run build:web`,
// and on demand by server/web/routes.ts when web/dist is missing.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "web", "src");
const TARGET = ["chrome100", "firefox100", "safari15", "edge100"];

/** @param {{ outDir?: string, quiet?: boolean }} [opts] */
export async function buildWeb(opts = {}) {
  const outDir = opts.outDir ?? join(root, "web", "dist");
  const log = opts.quiet ? () => {} : (/** @type {string} */ m) => console.log(m);
  // esbuild is a dependency; imported lazily so `import { buildWeb }` stays cheap.
  const esbuild = await import("esbuild");
  const common = { bundle: true, minify: true, write: false, target: TARGET, legalComments: "none", logLevel: "warning" };

  /** @type {Map<string, string>} logical name ("chat.js") → served path ("/assets/chat-AB12.js") */
  const assets = new Map();
  /** @type {{ path: string, data: Uint8Array | string }[]} */
  const files = [];
  const hashed = (name, data) => {
    const dot = name.lastIndexOf(".");
    const file = `${name.slice(0, dot)}-${createHash("sha256").update(data).digest("hex").slice(0, 10)}${name.slice(dot)}`;
    assets.set(name, `/assets/${file}`);
    files.push({ path: join("assets", file), data });
  };

  const pages = await esbuild.build({
    ...common,
    entryPoints: { chat: join(src, "chat/main.ts"), console: join(src, "console/main.ts"), admin: join(src, "admin/main.ts") },
    format: "esm",
    // Shared code and lazily loaded parts (the DOCX writer of 下载答复单) become chunks, fetched only when used.
    splitting: true,
    chunkNames: "chunk-[hash]",
    outdir: "out",
  });
  const styles = await esbuild.build({
    ...common,
    entryPoints: { chat: join(src, "styles/chat-page.css"), console: join(src, "styles/console-page.css"), admin: join(src, "styles/admin-page.css") },
    outdir: "out",
  });
  for (const f of [...pages.outputFiles, ...styles.outputFiles]) {
    const name = f.path.split(/[\\/]/).pop();
    // Chunks are named by their content already and imported by that name from the pages.
    if (name.startsWith("chunk-")) files.push({ path: join("assets", name), data: f.contents });
    else hashed(name, f.contents);
  }

  // The widget carries its stylesheet inside the script: one request, and a
  // constructed stylesheet in the shadow root needs the text, not a URL.
  const widgetCss = await esbuild.build({ ...common, entryPoints: [join(src, "styles/widget-bundle.css")], outfile: "w.css" });
  const widget = await esbuild.build({
    ...common,
    entryPoints: [join(src, "widget/main.ts")],
    format: "iife",
    // The widget offers no 下载答复单 (the pages do): the DOCX writer, loaded on demand there, stays out of it.
    external: ["docx"],
    outfile: "widget.js",
    define: { __WIDGET_CSS__: JSON.stringify(widgetCss.outputFiles[0].text) },
  });
  const widgetJs = widget.outputFiles[0].contents;
  files.push({ path: "widget.js", data: widgetJs });

  hashed("favicon.svg", await readFile(join(src, "pages/favicon.svg")));

  const header = await readFile(join(src, "pages/header.html"), "utf8");
  for (const [page, current] of [["index.html", "chat"], ["console.html", "console"], ["admin.html", "admin"]]) {
    let html = (await readFile(join(src, "pages", page), "utf8")).replace("{{header}}", header.trim());
    html = html.replace(/\{\{current:(\w+)\}\}/g, (_, name) => (name === current ? ' aria-current="page"' : ""));
    html = html.replace(/\{\{asset:([\w.-]+)\}\}/g, (_, name) => {
      const path = assets.get(name);
      if (!path) throw new Error(`${page}: unknown asset ${name}`);
      return path;
    });
    files.push({ path: page, data: html });
  }

  await mkdir(join(outDir, "assets"), { recursive: true });
  // Write-then-rename: a server reading dist (or a parallel build) never sees half a file.
  for (const f of files) {
    const dest = join(outDir, f.path);
    const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, f.data);
    await rename(tmp, dest);
  }
  const keep = new Set(files.map((f) => f.path.replace(/^assets[\\/]/, "")));
  for (const name of await readdir(join(outDir, "assets"))) {
    if (!keep.has(name) && !name.endsWith(".tmp")) await rm(join(outDir, "assets", name), { force: true });
  }

  const widgetGzip = gzipSync(widgetJs, { level: 9 }).length;
  log(
    `web: built ${files.length} files into ${relative(root, outDir) || "."}; widget.js ${(widgetJs.length / 1024).toFixed(1)} KB, ` +
      `${(widgetGzip / 1024).toFixed(1)} KB gzipped${widgetGzip > 30 * 1024 ? " — OVER the 30 KB budget" : ""}`,
  );
  return { outDir, widgetBytes: widgetJs.length, widgetGzipBytes: widgetGzip };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  if (!existsSync(src)) process.exit(0);
  buildWeb().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

export const webDistDir = join(root, "web", "dist");
