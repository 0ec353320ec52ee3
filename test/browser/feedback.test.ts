import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { launchBrowser, screenshot, startApp, watch } from "./harness.js";

/**
 * 有用/没用 in Chromium: rated on the chat page and the console, then read by
 * the policy office in /admin's 群众在问什么 panel, masked, and exported as CSV.
 */
const browser: Browser | null = await launchBrowser();
const TOKEN = "browser-insights-token";
const PHONE = "13812345678";
const UNANSWERED = `我的电话${PHONE}，深海养殖三文鱼有什么补贴？`;
const ANSWERED = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";

describe.skipIf(!browser)("feedback and insights in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-browser-insights-"));
  let app: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    app = await startApp({ DATA_DIR: dir, ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: join(dir, "audit.log") });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let context: Awaited<ReturnType<Browser["newContext"]>>;
  const errors: string[] = [];

  it("a reader rates answers on the chat page: 没用 with a comment, 有用", async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
    const chat = await context.newPage();
    const w = watch(chat);
    await chat.goto(`${app.url}/`);
    const answers = chat.getByRole("article", { name: "政策通的回答" });
    const ask = async (q: string) => {
      const n = await answers.count();
      await chat.getByRole("textbox", { name: /问题/ }).fill(q);
      await chat.getByRole("button", { name: "发送", exact: true }).click();
      await expect.poll(() => answers.count(), { timeout: 60_000 }).toBe(n + 1);
      return answers.nth(n);
    };

    const nothing = await ask(UNANSWERED);
    expect(await nothing.textContent()).toMatch(/没有(?:与您的问题相关|关于“[^”]+”)的规定/);
    const bar = nothing.getByRole("group", { name: "这个回答有帮助吗" });
    await bar.getByRole("button", { name: "没用" }).click();
    await expect.poll(() => bar.locator(".feedback-status").textContent()).toBe("感谢反馈，我们会据此补充政策文件。");
    await bar.getByRole("textbox", { name: "哪里没有帮到您（选填）" }).fill(`想要海洋渔业的政策，回电${PHONE}`);
    await bar.getByRole("button", { name: "提交意见" }).click();
    await expect.poll(() => bar.locator(".feedback-status").textContent()).toBe("已收到您的意见，谢谢！");

    const good = await ask(ANSWERED);
    expect(await good.textContent()).toContain("200万元");
    const goodBar = good.getByRole("group", { name: "这个回答有帮助吗" });
    await goodBar.getByRole("button", { name: "有用" }).click();
    await expect.poll(() => goodBar.locator(".feedback-status").textContent()).toBe("感谢您的反馈！");
    expect(await goodBar.getByRole("button", { name: "没用" }).isDisabled()).toBe(true);
    await screenshot(chat, "feedback-chat", true, false);
    errors.push(...w.errors, ...w.csp);
  }, 180_000);

  it("the console rates its reply", async () => {
    const consolePage = await context.newPage();
    await consolePage.goto(`${app.url}/console`);
    // The operator types what the caller says; the facts it names fill the form.
    await consolePage.getByRole("textbox", { name: "来电人说" }).fill("我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元");
    await consolePage.keyboard.press("Enter");
    const reply = consolePage.locator("#console-results-root").getByRole("group", { name: "这个回答有帮助吗" });
    await reply.getByRole("button", { name: "没用" }).click({ timeout: 15_000 });
    await expect.poll(() => reply.locator(".feedback-status").textContent()).toBe("感谢反馈，我们会据此补充政策文件。");
  }, 120_000);

  it("the office reads both in /admin, masked, and exports CSV", async () => {
    const admin = await context.newPage();
    const wa = watch(admin);
    await admin.goto(`${app.url}/admin`);
    await admin.getByLabel("口令", { exact: true }).fill(TOKEN);
    await admin.getByRole("button", { name: "确定" }).click();
    const panel = admin.getByRole("region", { name: "群众在问什么" });
    const masked = UNANSWERED.replace(PHONE, "[手机号]");
    await expect.poll(() => panel.locator(".insights-unanswered").textContent(), { timeout: 15_000 }).toContain(masked);
    await expect.poll(() => panel.locator(".insights-counts").textContent()).toBe("有用 1 · 没用 2");
    const feedbackRows = panel.locator(".insights-feedback tbody tr");
    expect(await feedbackRows.count()).toBe(3);
    const text = await panel.textContent();
    expect(text).toContain("想要海洋渔业的政策，回电[手机号]");
    expect(text).toContain("坐席台");
    expect(text).not.toContain(PHONE);
    await screenshot(admin, "admin-insights", true, false);

    const [download] = await Promise.all([admin.waitForEvent("download"), panel.getByRole("button", { name: "导出问题 CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("未能答复的问题-最近30天.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain(`"${masked}","1"`);
    expect(csv).not.toContain(PHONE);

    expect([...errors, ...wa.errors, ...wa.csp]).toEqual([]);
    await context.close();
  }, 120_000);
});
