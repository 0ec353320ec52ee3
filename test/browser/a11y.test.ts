import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { seriousViolations } from "./axe.js";
import { launchBrowser, startAppWithHost } from "./harness.js";

/**
 * axe-core in real Chromium on the five surfaces people use: the chat page
 * before and after an answer, the console with results, the admin page and the
 * widget open on a host page. No serious or critical violation is allowed.
 */
const browser: Browser | null = await launchBrowser();
const HANGZHOU = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";
const TOKEN = "a11y-admin-token";

describe.skipIf(!browser)("accessibility (axe-core) in Chromium", () => {
  let app: { url: string; close(): Promise<void> };
  let host: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    ({ app, host } = await startAppWithHost({ TODAY: "2025-06-30", ADMIN_TOKEN: TOKEN }));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await host?.close();
  });

  async function open(url: string): Promise<Page> {
    // axe is injected as a script; the pages' strict CSP would refuse it.
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  /** The send button fades from its disabled grey back to its colour: judge the page after that, not mid-transition. */
  async function settled(page: Page): Promise<void> {
    await expect.poll(() => page.getByRole("button", { name: "发送", exact: true }).isEnabled()).toBe(true);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(400);
  }

  it("chat page, before and after an answer", async () => {
    const page = await open(app.url + "/");
    await page.getByRole("button", { name: "发送", exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("console with the caller's facts and results", async () => {
    const page = await open(app.url + "/console");
    await page.getByRole("textbox", { name: "来电人说" }).fill(HANGZHOU);
    await page.getByRole("button", { name: "识别" }).click();
    await expect.poll(() => page.locator(".result-line").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("admin page, signed in", async () => {
    const page = await open(app.url + "/admin");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("口令", { exact: true }).fill(TOKEN);
    await page.getByRole("button", { name: "确定" }).click();
    await page.waitForTimeout(1500);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("widget open on a host page, with an answer", async () => {
    const page = await open(host.url);
    await page.getByRole("button", { name: "政策咨询" }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
