import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { launchBrowser, screenshot, startApp, startHostSite, watch } from "./harness.js";

/**
 * The answer on a 390×844 phone in Chromium: the first screen of an amount answer holds status,
 * amount and validity; an expired policy says 已失效 above any amount; the conversation survives a
 * reload (chat page and widget) and 新对话 clears it; at the API's 50 messages the page offers a new
 * conversation instead of an error.
 */

const HANGZHOU = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";
const PHONE = { width: 390, height: 844 };

const browser: Browser | null = await launchBrowser();

describe.skipIf(!browser)("answers and conversation on a phone", () => {
  /** Hangzhou in force (2025) and lapsed (the harness's 2026-11-21). */
  let live: { url: string; close(): Promise<void> };
  let lapsed: { url: string; close(): Promise<void> };
  let host: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    live = await startApp({ TODAY: "2025-06-30" });
    let lapsedUrl = "";
    host = await startHostSite(() => lapsedUrl);
    // The widget on the host site calls the lapsed server across origins.
    lapsed = await startApp({ ALLOWED_ORIGINS: host.url });
    lapsedUrl = lapsed.url;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
    await lapsed?.close();
    await host?.close();
  });

  async function open(base: string, path = "/"): Promise<Page> {
    const context = await browser!.newContext({ viewport: PHONE, locale: "zh-CN", deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(base + path);
    return page;
  }

  async function ask(page: Page, question: string): Promise<Locator> {
    const before = await page.getByRole("article", { name: "政策通的回答" }).count();
    await page.getByRole("textbox", { name: /问题/ }).fill(question);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(before + 1);
    return page.getByRole("article", { name: "政策通的回答" }).last();
  }

  /** Where a text first shows on screen (viewport coordinates), searching the element's text nodes in order. */
  async function placeOf(scope: Locator, pattern: string): Promise<{ top: number; bottom: number; left: number } | null> {
    return scope.evaluate((root, src) => {
      const re = new RegExp(src);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const m = re.exec(n.textContent ?? "");
        if (!m) continue;
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const r = range.getClientRects()[0];
        if (r) return { top: r.top, bottom: r.bottom, left: r.left };
      }
      return null;
    }, pattern);
  }

  /** The screen the reader sees once the answer scrolled in: above the sticky composer. */
  async function firstScreenBottom(page: Page): Promise<number> {
    // ChatView scrolls the answer's top into view smoothly; wait until it settles.
    let last = -1;
    for (let i = 0; i < 20; i++) {
      const y = await page.evaluate(() => window.scrollY);
      if (y === last) break;
      last = y;
      await page.waitForTimeout(100);
    }
    const composer = await page.locator(".composer").boundingBox();
    return composer ? composer.y : PHONE.height;
  }

  it("the first screen of an amount answer shows status, amount and validity", async () => {
    const page = await open(live.url);
    const w = watch(page);
    const answer = await ask(page, HANGZHOU);
    const bottom = await firstScreenBottom(page);
    const text = answer.locator(".answer");
    for (const [what, pattern] of [
      ["status", "符合条件"],
      ["amount", "200万元"],
      ["validity", "有效期至2025年12月31日"],
    ]) {
      const at = await placeOf(text, pattern);
      expect(at, what).not.toBeNull();
      expect(at!.top, what).toBeGreaterThanOrEqual(0);
      expect(at!.bottom, `${what} below the first screen`).toBeLessThanOrEqual(bottom);
    }
    await screenshot(page, "phone-amount-first-screen", false, false);
    expect(w.errors).toEqual([]);
    await page.context().close();
  });

  it("the first screen says the amount once per policy; the calculation, cards and quotes are folded below", async () => {
    const page = await open(live.url);
    const answer = await ask(page, HANGZHOU);
    // What the reader sees (closed <details> are not rendered): the amount once, no verbatim quote.
    const seen = await answer.evaluate((el) => (el as HTMLElement).innerText);
    expect(seen.match(/200万元/g)?.length).toBe(1);
    expect(seen).not.toContain("每年按其实际投资额的20%给予资助");
    expect(await answer.locator(".answer-more").getAttribute("open")).toBeNull();
    expect(await answer.locator("details.citations").getAttribute("open")).toBeNull();
    // Opened, the calculation and the quote are there.
    await answer.locator(".answer-more > summary").click();
    const opened = await answer.evaluate((el) => (el as HTMLElement).innerText);
    expect(opened).toContain("1000万元 × 20%");
    expect(opened).toContain("每年按其实际投资额的20%给予资助");
    await page.context().close();
  });

  it("a vague question gets a list of policies and one question back", async () => {
    const page = await open(live.url);
    const answer = await ask(page, "我是苏州的企业，有什么政策？");
    const items = answer.locator(".answer li");
    expect(await items.count()).toBeGreaterThanOrEqual(1);
    expect(await items.first().textContent()).toMatch(/^《/);
    const seen = await answer.evaluate((el) => (el as HTMLElement).innerText);
    expect(seen).not.toContain("杭州");
    // One question back, asked once.
    expect(seen.match(/请问|请告诉我/g)?.length).toBe(1);
    await screenshot(page, "phone-vague-question", false, false);
    await page.context().close();
  });

  it("an expired policy's answer shows 已失效 above any amount, the first line with the dates", async () => {
    const page = await open(lapsed.url);
    const answer = await ask(page, HANGZHOU);
    const text = answer.locator(".answer");
    const lapsedAt = await placeOf(text, "已失效");
    const firstLine = await placeOf(text, "该政策已于2025年12月31日失效");
    const amount = await placeOf(text, "\\d+(?:\\.\\d+)?万元");
    expect(lapsedAt).not.toBeNull();
    expect(firstLine).not.toBeNull();
    expect(amount).not.toBeNull();
    expect(firstLine!.top).toBeLessThan(amount!.top);
    // 已失效 on a line above the amount's, or earlier on the same line.
    expect(lapsedAt!.top < amount!.top - 2 || (Math.abs(lapsedAt!.top - amount!.top) <= 2 && lapsedAt!.left < amount!.left)).toBe(true);
    expect(await text.textContent()).not.toContain("符合条件，可获");
    // The card says so too, greyed, above its figure; nothing is shown as 符合.
    expect(await answer.locator(".match--eligible").count()).toBe(0);
    const card = answer.locator(".match--expired").first();
    expect(await card.locator(".badge").textContent()).toBe("已失效");
    await screenshot(page, "phone-expired-answer", false, false);
    await page.context().close();
  });

  it("chat page: a reload keeps the conversation; 新对话 clears it", async () => {
    const page = await open(live.url);
    await ask(page, HANGZHOU);
    await page.reload();
    const answers = page.getByRole("article", { name: "政策通的回答" });
    await expect.poll(() => answers.count()).toBe(1);
    expect(await answers.first().textContent()).toContain("200万元");
    expect(await page.locator(".msg--user").first().textContent()).toContain("实际投资额1000万元");
    // The restored facts and history go out with the next question.
    const sent = page.waitForRequest((r) => r.url().endsWith("/api/chat"));
    await ask(page, "验收后还能拿多少？");
    const body = (await sent).postDataJSON() as { messages: { role: string }[]; profile: Record<string, unknown> };
    expect(body.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(body.profile.investment).toBe(10_000_000);
    await screenshot(page, "phone-reloaded-conversation", false, false);

    await page.getByRole("button", { name: "新对话" }).click();
    expect(await answers.count()).toBe(0);
    expect(await page.locator(".msg--user").count()).toBe(0);
    expect(await page.locator(".welcome").count()).toBe(1);
    await page.reload();
    expect(await page.locator(".welcome").count()).toBe(1);
    expect(await page.locator(".msg").count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("zct-chat"))).toBeNull();
    await page.context().close();
  });

  it("at 50 messages the page offers a new conversation instead of an error", async () => {
    const page = await open(live.url);
    // 25 earlier exchanges, as a long call would leave them.
    await page.evaluate(() => {
      const messages = Array.from({ length: 50 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: i % 2 ? `第${(i + 1) / 2}个回答` : `第${i / 2 + 1}个问题` }));
      sessionStorage.setItem("zct-chat", JSON.stringify({ v: 1, messages, answers: messages.map(() => null), profile: { city: "杭州市" } }));
    });
    await page.reload();
    expect(await page.locator(".msg--user").count()).toBe(25);
    let calls = 0;
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat")) calls++;
    });
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    const offer = page.locator(".msg--limit");
    await offer.waitFor();
    expect(await offer.textContent()).toContain("请开始新对话");
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(calls).toBe(0);
    await screenshot(page, "phone-message-limit", false, false);
    await offer.getByRole("button", { name: "开始新对话并提问" }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator(".msg--user").count()).toBe(1);
    expect(await page.getByRole("article", { name: "政策通的回答" }).textContent()).toContain("200万元");
    await page.context().close();
  });

  it("widget: the host site's next page keeps the conversation and the open panel; 新对话 clears it", async () => {
    const page = await open(host.url);
    await page.getByRole("button", { name: "政策咨询" }).click();
    const answer = await ask(page, HANGZHOU);
    expect(await answer.textContent()).toContain("已失效");
    await page.goto(host.url + "/another-page");
    const answers = page.getByRole("article", { name: "政策通的回答" });
    await expect.poll(() => answers.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole("dialog", { name: "政策通" }).isVisible()).toBe(true);
    await screenshot(page, "phone-widget-kept", false, false);
    await page.getByRole("button", { name: "新对话" }).click();
    expect(await answers.count()).toBe(0);
    await page.reload();
    await page.getByRole("dialog", { name: "政策通" }).waitFor();
    expect(await answers.count()).toBe(0);
    await page.context().close();
  });
});
