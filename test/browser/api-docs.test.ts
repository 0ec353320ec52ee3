import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, startApp, watch } from "./harness.js";

/** /api/docs: Swagger UI over /api/openapi.json, rendered by Chromium from this server alone. */
describe("API docs page", () => {
  let browser: Browser | null = null;
  let server: { url: string; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startApp({ ADMIN_TOKEN: "api-docs-test-token" });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists every operation of the document, with no request off the server and no CSP violation", async () => {
    if (!browser || !server) return;
    const base = server.url;
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const expected = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(expected.length).toBeGreaterThan(20);

    const page = await browser.newPage();
    const w = watch(page);
    const elsewhere: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith("data:")) elsewhere.push(r.url());
    });
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.waitForSelector(".opblock-summary", { timeout: 30_000 });

    // What a reader sees: the title, then one block per operation (method and path), in every tag section.
    await expect(page.locator(".info .title").textContent()).resolves.toContain("政策通 API");
    const shown = await page.$$eval(".opblock-summary", (els) =>
      els.map((e) => `${e.querySelector(".opblock-summary-method")?.textContent?.trim()} ${e.querySelector(".opblock-summary-path")?.getAttribute("data-path")}`),
    );
    expect([...shown].sort()).toEqual([...expected].sort());
    const tags = await page.$$eval(".opblock-tag", (els) => els.map((e) => e.getAttribute("data-tag")));
    expect(tags).toEqual(expect.arrayContaining(["问答", "政策", "管理"]));

    // Opening the chat operation shows both answers: JSON and the event stream.
    await page.click("#operations-问答-chat .opblock-summary");
    await page.waitForSelector("#operations-问答-chat .responses-wrapper");
    const types = await page.$$eval('#operations-问答-chat select[aria-label="Media Type"]', (els) => els.map((e) => [...(e as HTMLSelectElement).options].map((o) => o.value)));
    expect(types[0]).toEqual(["application/json", "text/event-stream"]);

    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
