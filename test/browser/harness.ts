import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * Screenshots of a test run go to an ignored folder, so `npm test` leaves the
 * working tree as it found it; `SCREENSHOTS=1 npm test` refreshes the committed
 * ones in test-artifacts/screenshots/ (the README's pictures).
 */
export const SCREENSHOTS = fileURLToPath(new URL(process.env.SCREENSHOTS === "1" ? "../../test-artifacts/screenshots/" : "../../test-artifacts/tmp/screenshots/", import.meta.url));

/**
 * Chromium, or null with a loud reason. Browser tests skip only when no
 * browser can be started at all (apt-get install -y chromium fixes that).
 */
export async function launchBrowser(): Promise<Browser | null> {
  if (!existsSync(CHROMIUM)) {
    console.warn(`\n\n!!! BROWSER TESTS SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium) !!!\n\n`);
    return null;
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  } catch (err) {
    console.warn(`\n\n!!! BROWSER TESTS SKIPPED: chromium failed to launch: ${(err as Error).message} !!!\n\n`);
    return null;
  }
}

type StartServer = (env?: Record<string, string>) => Promise<{ url: string; close(): Promise<void> }>;

/** The real server (test/helpers/server.ts); ZCT_TEST_SERVER may point at another module exporting startServer. */
export async function startApp(env: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const mod = (await import(process.env.ZCT_TEST_SERVER ?? "../helpers/server.js")) as { startServer: StartServer };
  return mod.startServer(env);
}

/** Everything a page does that a test should fail on: script errors, alerts, CSP violations. */
export interface PageWatch {
  dialogs: string[];
  errors: string[];
  csp: string[];
}

export function watch(page: Page): PageWatch {
  const w: PageWatch = { dialogs: [], errors: [], csp: [] };
  page.on("dialog", (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => w.errors.push(e.message));
  page.on("console", (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to (apply|execute|load|connect)/i.test(text)) w.csp.push(text);
  });
  return w;
}

/**
 * `whole` grows the viewport to the page's height instead of Playwright's
 * fullPage stitching, so sticky parts (the composer) sit where a reader sees them.
 */
export async function screenshot(page: Page, name: string, whole = false, top = true): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  if (whole && size) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: size.width, height: Math.min(height, 4000) });
  }
  if (top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  if (whole && size) await page.setViewportSize(size);
}

/** A second origin: a tiny site that embeds the widget, with its own strict CSP and hostile CSS. */
export async function startHostSite(appUrl: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const app = appUrl();
    if (req.url === "/host.css") {
      res.writeHead(200, { "content-type": "text/css" });
      // Rules a careless site might ship; none may reach inside the widget.
      res.end("* { font-family: serif !important; } button { background: hotpink !important; display: none !important; } textarea { display: none !important; } body { margin: 0; font-size: 30px; }");
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'self'; script-src 'self' ${app}; style-src 'self'; connect-src 'self' ${app}; img-src 'self' data:`,
    });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>某某市人民政府门户网站</title><link rel="stylesheet" href="/host.css">
<script src="${app}/widget.js" async data-title="政策通" data-region="杭州市" data-color="#9b1c1c"></script></head>
<body><h1>某某市人民政府门户网站</h1><p>这是一个嵌入了政策咨询组件的第三方页面。</p><button id="host-button">站点自己的按钮</button></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

type Served = { url: string; close(): Promise<void> };

/**
 * Fresh bundles, a third-party page embedding the widget (`hostSite`, the harness's careless site by
 * default) and the app that page's origin may call: what an embedding test stands on.
 */
export async function startAppWithHost(env: Record<string, string>, hostSite: (app: () => string) => Promise<Served> = startHostSite): Promise<{ app: Served; host: Served }> {
  await buildWeb({ quiet: true });
  let appUrl = "";
  const host = await hostSite(() => appUrl);
  const app = await startApp({ ALLOWED_ORIGINS: host.url, ...env });
  appUrl = app.url;
  return { app, host };
}
