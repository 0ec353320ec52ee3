import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, startAppWithHost, watch } from "./harness.js";

/**
 * The three web surfaces in a real Chromium against the real server:
 * the chat page, the hotline console and the widget on another origin.
 */

const HANGZHOU = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";
const XSS = "<img src=x onerror=alert(1)>";

const browser: Browser | null = await launchBrowser();

describe.skipIf(!browser)("web surfaces in Chromium", () => {
  let app: { url: string; close(): Promise<void> };
  let host: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    // A day the Hangzhou policy is in force (it lapsed at the end of 2025): these flows claim its money.
    // An expired policy's answer is tested in answer.test.ts.
    ({ app, host } = await startAppWithHost({ TODAY: "2025-06-30" }));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await host?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser!.newContext({ viewport, locale: "zh-CN", deviceScaleFactor: 1, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(app.url + path);
    return page;
  }

  async function ask(page: Page, question: string): Promise<void> {
    await page.getByRole("textbox", { name: /问题/ }).fill(question);
    await page.getByRole("button", { name: "发送", exact: true }).click();
  }

  it("serves pages, assets and the widget with types and caching", async () => {
    const index = await fetch(app.url + "/");
    expect(index.headers.get("content-type")).toMatch(/text\/html/);
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts
    expect(html).not.toMatch(/\sstyle=/);
    const asset = /href="(\/assets\/chat-[\w-]+\.css)"/.exec(html)![1];
    const css = await fetch(app.url + asset);
    expect(css.headers.get("content-type")).toMatch(/text\/css/);
    expect(css.headers.get("cache-control")).toMatch(/immutable/);
    const widget = await fetch(app.url + "/widget.js");
    expect(widget.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(app.url + "/console")).status).toBe(200);
    expect((await fetch(app.url + "/assets/..%2Fpackage.json")).status).toBe(404);
  });

  it("chat: answers the Hangzhou question with 200万元 and opens the cited clause", async () => {
    const page = await open("/");
    const w = watch(page);
    await screenshot(page, "chat-desktop-start");
    await ask(page, HANGZHOU);
    const answer = page.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("200万元");
    await expect.poll(() => page.locator(".match--eligible").count()).toBeGreaterThan(0);
    await screenshot(page, "chat-desktop", true);

    const cite = answer.getByRole("button", { name: /查看依据1/ }).first();
    await cite.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    const mark = dialog.locator("mark");
    await expect.poll(() => mark.count(), { timeout: 10_000 }).toBe(1);
    expect(await mark.textContent()).toMatch(/实际投资额的20%/);
    expect(await dialog.textContent()).toContain("关于促进杭州市新电商高质量发展的若干意见");
    await screenshot(page, "chat-clause-dialog");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Focus goes back to the citation that opened the dialog.
    expect(await cite.evaluate((el) => el === document.activeElement)).toBe(true);

    // Copying gives plain text with the sources written out.
    await answer.getByRole("button", { name: "复制回答" }).click();
    await expect.poll(() => answer.getByRole("status").textContent()).toBe("已复制");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain("200万元");
    expect(copied).toMatch(/依据：\n\[1\]《关于促进杭州市新电商高质量发展的若干意见》/);
    expect(copied).not.toContain("**");

    // The understood facts are listed with their Chinese labels.
    const facts = page.getByRole("region", { name: "已了解的企业信息" });
    await expect.poll(() => facts.textContent()).toContain("实际投资（投入）额");
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    await page.context().close();
  });

  it("chat: the starter questions come from the loaded documents and ask one", async () => {
    const page = await open("/");
    const starters = page.locator(".starter");
    await expect.poll(() => starters.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const texts = await starters.allTextContents();
    for (const q of texts) expect(q).toMatch(/能拿多少？$/);
    expect(texts).not.toContain("杭州新电商政策的有效期到什么时候？现在还能申请吗？");
    await starters.first().click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    await page.context().close();
  });

  it("chat: editing an understood fact re-asks with the corrected profile", async () => {
    const page = await open("/");
    await ask(page, HANGZHOU);
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    const requests: unknown[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat")) requests.push(r.postDataJSON());
    });
    await page.getByRole("button", { name: "更正信息" }).click();
    const field = page.getByLabel("实际投资（投入）额");
    await field.fill("500");
    await page.getByRole("button", { name: "按更正后的信息重新回答" }).click();
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(2);
    const sent = requests[0] as { messages: { role: string }[]; profile: Record<string, unknown> };
    expect(sent.profile.investment).toBe(5_000_000);
    expect(sent.messages.map((m) => m.role)).toEqual(["user"]);
    await page.context().close();
  });

  it("chat: the facts a follow-up asked for go back with the answer, and a bare reply fills them", async () => {
    const page = await open("/");
    await ask(page, "我们在杭州开了一家新电商企业，能拿什么补贴？");
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).count(), { timeout: 30_000 }).toBe(1);
    const requests: { messages: { role: string; askedFacts?: { key: string }[] }[] }[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/chat")) requests.push(r.postDataJSON());
    });
    const reply = page.waitForResponse((r) => r.url().endsWith("/api/chat"));
    await ask(page, "是的");
    const body = await (await reply).text();
    const assistant = requests[0].messages[1];
    expect(assistant.role).toBe("assistant");
    expect(assistant.askedFacts?.[0].key).toBe("newlySettled");
    expect(body).toContain('"newlySettled":true');
    await page.context().close();
  });

  it("chat: fits a 375-px phone screen", async () => {
    const page = await open("/", { width: 375, height: 812 });
    await ask(page, HANGZHOU);
    await expect.poll(() => page.getByRole("article", { name: "政策通的回答" }).last().textContent(), { timeout: 30_000 }).toContain("200万元");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "chat-phone", true);
    // The cards fold under the conclusion; opened, they fit too.
    await page.locator(".answer-more > summary").first().click();
    await page.locator(".match").first().scrollIntoViewIfNeeded();
    await screenshot(page, "chat-phone-answer", false, false);
    await page.context().close();
  });

  it("chat: an HTML payload in a question stays text", async () => {
    const page = await open("/");
    const w = watch(page);
    await ask(page, XSS);
    await expect.poll(() => page.locator(".msg--assistant:not(.msg--pending)").count(), { timeout: 30_000 }).toBe(1);
    await page.waitForTimeout(300);
    expect(w.dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator(".msg--user").last().textContent()).toContain(XSS);
    await page.context().close();
  });

  it("console: the caller's words compute the amount and a reply that names the policy", async () => {
    const page = await open("/console", { width: 1366, height: 1000 });
    const w = watch(page);
    await page.getByRole("textbox", { name: "来电人说" }).fill(HANGZHOU);
    await page.getByRole("button", { name: "识别" }).click();
    const results = page.locator("#console-results-root");
    await expect.poll(() => results.textContent(), { timeout: 30_000 }).toMatch(/符合 [1-9]\d* 项/);
    expect(await results.locator(".result--eligible").first().textContent()).toContain("200万元");
    const reply = await page.getByRole("textbox", { name: "答复口径" }).inputValue();
    expect(reply).toContain("200万元");
    expect(reply).toContain("关于促进杭州市新电商高质量发展的若干意见");

    await page.getByRole("button", { name: "复制答复" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reply);
    await results.evaluate((el) => el.scrollTo(0, 0));
    await screenshot(page, "console-desktop");

    await page.getByRole("searchbox", { name: "检索政策条款" }).fill("联网直报");
    const hit = page.locator(".hit").first();
    await hit.waitFor({ timeout: 15_000 });
    await screenshot(page, "console-search");
    await hit.click();
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    await page.context().close();
  });

  it("widget: embedded on another origin, opens, asks and answers", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(host.url);
    const launcher = page.getByRole("button", { name: "政策咨询" });
    await launcher.waitFor({ timeout: 15_000 });

    // Only the custom element is defined; no globals leak from the bundle.
    const leaked = await page.evaluate(() => {
      const probe = document.createElement("iframe");
      document.body.append(probe);
      const clean = new Set(Object.getOwnPropertyNames(probe.contentWindow!));
      probe.remove();
      return Object.getOwnPropertyNames(window).filter((k) => !clean.has(k));
    });
    expect(leaked).toEqual([]);
    expect(await page.evaluate(() => !!customElements.get("zct-widget"))).toBe(true);

    const sent: { profile?: Record<string, unknown> }[] = [];
    page.on("request", (r) => {
      if (r.url() === `${app.url}/api/chat`) sent.push(r.postDataJSON());
    });
    await screenshot(page, "widget-closed");
    await launcher.click();
    await page.keyboard.press("Escape");
    // Esc closes the panel and hands focus back to the launcher.
    expect(await launcher.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await launcher.click();
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    const answer = page.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("200万元");
    await screenshot(page, "widget-desktop");

    // The clause dialog works inside the shadow root too.
    await answer.getByRole("button", { name: /查看依据1/ }).first().click();
    const dialog = page.getByRole("dialog", { name: /关于促进杭州市新电商高质量发展的若干意见/ });
    await expect.poll(() => dialog.locator("mark").count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press("Escape");

    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    await context.close();

    // On a phone the panel takes the whole screen.
    const phone = await browser!.newPage({ viewport: { width: 375, height: 740 }, locale: "zh-CN" });
    await phone.goto(host.url);
    await phone.getByRole("button", { name: "政策咨询" }).click();
    await phone.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await phone.getByRole("button", { name: "发送", exact: true }).click();
    await expect.poll(() => phone.getByRole("article", { name: "政策通的回答" }).last().textContent(), { timeout: 30_000 }).toContain("200万元");
    const box = await phone.getByRole("dialog", { name: "政策通" }).boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 740 });
    await screenshot(phone, "widget-phone", false, false);
    await phone.close();
  });

  it("widget: a network failure reads in Chinese, with a retry that answers once the network is back", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const w = watch(page);
    let offline = true;
    await page.route(`${app.url}/api/chat`, (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
    await page.goto(host.url);
    await page.getByRole("button", { name: "政策咨询" }).click();
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain("网络连接失败");
    expect(await alert.textContent()).not.toMatch(/Failed to fetch|NetworkError|Load failed|TypeError/);
    await screenshot(page, "widget-network-error");

    offline = false;
    await alert.getByRole("button", { name: "重试" }).click();
    const answer = page.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("200万元");
    expect(await page.getByRole("alert").count()).toBe(0);
    // The question was sent once more, not twice: the log holds it once.
    expect(await page.locator("zct-widget").evaluate((el) => el.shadowRoot!.querySelectorAll(".msg--user").length)).toBe(1);
    expect(w.errors).toEqual([]);
    await page.close();
  });
});
