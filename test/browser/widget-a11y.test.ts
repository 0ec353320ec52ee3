import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, startAppWithHost } from "./harness.js";

/**
 * The widget on a government page that meets 适老化/无障碍 rules: it follows the
 * site's 大字版 (root font size), has its own A/A+, fits 200% zoom and 320 px,
 * can be moved off the site's own buttons, traps focus while open and honours
 * forced colours.
 */
const browser: Browser | null = await launchBrowser();
const QUESTION = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";

/** A host page whose root font size and widget attributes the test chooses. */
async function hostSite(app: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/host.css") {
      res.writeHead(200, { "content-type": "text/css" });
      res.end(`html { font-size: ${u.searchParams.get("root") ?? "16"}px; } body { margin: 0; }`);
      return;
    }
    const attrs = [...u.searchParams].filter(([k]) => k.startsWith("data-")).map(([k, v]) => ` ${k}="${v.replace(/"/g, "")}"`).join("");
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'self'; script-src 'self' ${app()}; style-src 'self'; connect-src 'self' ${app()}`,
    });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>某区人民政府</title><link rel="stylesheet" href="/host.css?root=${u.searchParams.get("root") ?? "16"}">
<script src="${app()}/widget.js" async${attrs}></script></head><body><h1>某区人民政府</h1></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!browser)("widget accessibility", () => {
  let app: { url: string; close(): Promise<void> };
  let host: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    ({ app, host } = await startAppWithHost({ TODAY: "2025-06-30" }, hostSite));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await host?.close();
  });

  async function openWidget(query: string, viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
    const context = await browser!.newContext({ viewport, deviceScaleFactor, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${host.url}/?${query}`);
    await page.getByRole("button", { name: "政策咨询" }).click();
    return page;
  }

  async function ask(page: Page): Promise<void> {
    await page.getByRole("textbox", { name: /问题/ }).fill(QUESTION);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).last().textContent(), { timeout: 30_000 }).toContain("200万元");
  }

  /** Inside the widget's shadow root. */
  const inWidget = <T>(page: Page, fn: (root: ShadowRoot) => T): Promise<T> =>
    page.locator("zct-widget").evaluate((el, src) => new Function("root", `return (${src})(root)`)(el.shadowRoot), fn.toString()) as Promise<T>;

  it("follows the site's root font size: 24 px on the site gives message text of at least 20 px", async () => {
    const page = await openWidget("root=24", { width: 1280, height: 900 });
    await ask(page);
    const size = await inWidget(page, (root) => Number.parseFloat(getComputedStyle(root.querySelector(".msg--assistant .answer p, .msg--assistant .answer li")!).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    const base = await openWidget("root=16", { width: 1280, height: 900 });
    expect(await inWidget(base, (root) => Number.parseFloat(getComputedStyle(root.querySelector(".welcome-lead")!).fontSize))).toBeLessThan(20);

    // Its own A+ makes the text larger still.
    const before = await inWidget(page, (root) => root.querySelector(".msg--user .msg-text")!.getBoundingClientRect().height);
    await page.getByRole("button", { name: "放大字号" }).click();
    expect(await page.getByRole("button", { name: "放大字号" }).getAttribute("aria-pressed")).toBe("true");
    const after = await inWidget(page, (root) => root.querySelector(".msg--user .msg-text")!.getBoundingClientRect().height);
    expect(after).toBeGreaterThan(before);
    await page.context().close();
    await base.context().close();
  });

  it("at 200% zoom the answer area shows at least eight lines; at 320 px nothing spills sideways", async () => {
    // 200% zoom of a 1280×800 screen: a 640×400 CSS viewport at two device pixels per CSS pixel.
    const page = await openWidget("", { width: 640, height: 400 }, 2);
    await ask(page);
    const lines = await inWidget(page, (root) => {
      const body = root.querySelector(".panel-body") as HTMLElement;
      const text = root.querySelector(".msg--assistant .answer p, .msg--assistant .answer li")!;
      return body.clientHeight / Number.parseFloat(getComputedStyle(text).lineHeight);
    });
    expect(lines).toBeGreaterThanOrEqual(8);
    await page.context().close();

    const narrow = await openWidget("", { width: 320, height: 640 });
    await ask(narrow);
    const box = await narrow.getByRole("dialog", { name: "政策通" }).boundingBox();
    expect(box).toMatchObject({ x: 0, width: 320 });
    expect(await inWidget(narrow, (root) => root.querySelector(".panel-body")!.scrollWidth - root.querySelector(".panel-body")!.clientWidth)).toBeLessThanOrEqual(0);
    await narrow.context().close();
  });

  it("data-position and data-offset move it off the site's own buttons", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${host.url}/?data-position=bottom-left&data-offset=24%2096`);
    const launcher = page.getByRole("button", { name: "政策咨询" });
    await launcher.waitFor();
    const box = (await launcher.boundingBox())!;
    expect(box.x).toBe(24);
    expect(Math.round(800 - (box.y + box.height))).toBe(96);
    await context.close();
  });

  it("keeps focus in the open panel, returns it on close; every button has its own name", async () => {
    const page = await openWidget("", { width: 1280, height: 900 });
    await ask(page);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 7 === 6 ? "Shift+Tab" : "Tab");
      expect(await inWidget(page, (root) => !!root.activeElement && !!root.activeElement.closest(".panel"))).toBe(true);
    }
    const names = await inWidget(page, (root) =>
      [...root.querySelectorAll(".panel button")].filter((b) => (b as HTMLElement).offsetParent).map((b) => b.getAttribute("aria-label") ?? b.textContent!.trim()),
    );
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    await page.keyboard.press("Escape");
    expect(await inWidget(page, (root) => root.activeElement?.classList.contains("launcher"))).toBe(true);
    await page.context().close();
  });

  it("honours forced colours (Windows high contrast)", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN", forcedColors: "active" });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole("button", { name: "政策咨询" }).waitFor();
    expect(await page.evaluate(() => matchMedia("(forced-colors: active)").matches)).toBe(true);
    const border = await inWidget(page, (root) => getComputedStyle(root.querySelector(".launcher")!).borderTopWidth);
    expect(Number.parseFloat(border)).toBeGreaterThanOrEqual(2);
    await context.close();
  });
});
