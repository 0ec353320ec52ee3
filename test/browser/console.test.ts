import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { launchBrowser, screenshot, startApp, watch } from "./harness.js";

/**
 * The hotline console as an operator uses it mid-call, at 1440×900: the caller's
 * sentence fills the facts, the amount is on the first screen, the script can be read aloud.
 */

const CALLER = "我们是苏州的企业，登峰计划项目已经立项了";
const browser: Browser | null = await launchBrowser();

describe.skipIf(!browser)("console in Chromium", () => {
  let app: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    // A day the 登峰 plan (2021–2023) is in force.
    app = await startApp({ TODAY: "2023-06-30" });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN", deviceScaleFactor: 1, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await context.newPage();
    await page.goto(app.url + "/console");
    return page;
  }

  const visibleFields = (page: Page) => page.locator(".fact-fields .field:visible").count();

  it("a caller's sentence shows the 登峰 amount on the first screen, with a script under 300 characters", async () => {
    const page = await open();
    const w = watch(page);
    await expect.poll(() => visibleFields(page), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await visibleFields(page)).toBeLessThanOrEqual(12);
    await screenshot(page, "console-start");

    await page.getByRole("textbox", { name: "来电人说" }).fill(CALLER);
    await page.keyboard.press("Enter");
    const chips = page.getByRole("list", { name: "已了解的信息" });
    await expect.poll(() => chips.textContent(), { timeout: 30_000 }).toContain("登峰行动计划项目已立项：是");
    expect(await chips.textContent()).toContain("所在城市：苏州市");

    // The row of the 登峰 funding, its amount readable without opening it or scrolling.
    const row = page.locator(".result-line", { hasText: "登峰行动计划项目经费支持" }).first();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain("立项后30万元");
    const box = (await row.locator(".result-amount").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await row.locator(".result-amount").isVisible()).toBe(true);

    // Only rules for Suzhou and an enterprise: nothing of Hangzhou, nothing meant for provinces.
    const results = page.locator("#console-results-root");
    expect(await results.locator(".result-list").first().textContent()).not.toContain("杭州");
    expect(await results.textContent()).toMatch(/另有 \d+ 项面向其他地区或其他申报主体/);
    expect(await visibleFields(page)).toBeLessThanOrEqual(12);

    const reply = await page.getByRole("textbox", { name: "答复口径" }).inputValue();
    expect([...reply].length).toBeLessThanOrEqual(300);
    expect(reply).toContain("30万元");
    expect(reply).toContain("登峰");
    expect(reply).not.toMatch(/[“"]/); // no verbatim quotes
    expect(reply).not.toContain("每年实施不超过10个项目");
    expect(reply.match(/提醒/g)?.length ?? 0).toBeLessThanOrEqual(1);
    await page.getByRole("button", { name: "复制答复" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reply);
    await screenshot(page, "console-caller");
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
    await page.context().close();
  });

  it("chips correct the facts, and the finder reaches any fact", async () => {
    const page = await open();
    await page.getByRole("textbox", { name: "来电人说" }).fill(CALLER);
    await page.getByRole("button", { name: "识别" }).click();
    const chips = page.getByRole("list", { name: "已了解的信息" });
    await expect.poll(() => chips.textContent(), { timeout: 30_000 }).toContain("登峰行动计划项目已立项：是");

    // Removing the 立项 fact takes the 30万元 first tranche off the script.
    await page.getByRole("button", { name: "删除 登峰行动计划项目已立项" }).click();
    expect(await chips.textContent()).not.toContain("登峰行动计划项目已立项");

    // Correcting a chip turns it into a field with its value, which the operator changes.
    await page.getByRole("button", { name: /^更正 所在城市/ }).click();
    const city = page.getByLabel("所在城市");
    expect(await city.inputValue()).toBe("苏州市");
    await city.fill("杭州市");
    await page.getByRole("button", { name: "删除 所在省份" }).click();
    await page.getByRole("textbox", { name: "来电人说" }).fill("我们是刚落户的新电商企业，已纳入联网直报，实际投资额1000万元");
    await page.getByRole("button", { name: "识别" }).click();
    const first = page.locator(".result-list .result-line").first();
    await expect.poll(() => first.textContent(), { timeout: 30_000 }).toContain("200万元");

    // The finder: facts that are not on the short form, merged (one 有效发明专利, not two).
    await page.getByLabel("查找其他信息项").fill("有效发明专利");
    const hits = page.getByRole("list", { name: "查找结果" }).getByRole("button");
    expect(await hits.allTextContents()).toEqual(["添加“有效发明专利”"]);
    await hits.first().click();
    await expect.poll(() => page.getByLabel("有效发明专利", { exact: true }).count()).toBe(1);
    await page.context().close();
  });
});
