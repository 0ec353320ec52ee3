import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { scratchCorpus } from "../helpers/admin-corpus.js";
import { devText, printableHtml, printToPdf } from "../helpers/formats.js";
import { launchBrowser, screenshot, startApp, watch } from "./harness.js";

/** The admin page in real Chromium: upload a PDF, see its clauses, save, then ask about it on /. */
const browser: Browser | null = await launchBrowser();
const TOKEN = "browser-admin-token";

describe.skipIf(!browser)("admin page in Chromium", () => {
  const dir = scratchCorpus();
  const liaoning = devText("08_liaoning_qiye_jishu_chuangxin_zijin.txt");
  let app: { url: string; close(): Promise<void> };
  let pdf: Buffer;

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    pdf = await printToPdf(printableHtml(liaoning.title, liaoning.body));
    app = await startApp({ CORPUS_DIR: join(dir, "corpus"), INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: join(dir, "audit.log") });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a wrong token is refused on the page", async () => {
    const page = await (await browser!.newContext({ locale: "zh-CN" })).newPage();
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("口令", { exact: true }).fill("wrong");
    await page.getByRole("button", { name: "确定" }).click();
    await expect.poll(() => page.locator("#auth-status").textContent()).toBe("管理口令错误或缺失");
  });

  it("upload a PDF, see its clauses and validity, save it, then ask on / and get a citation of it", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("口令", { exact: true }).fill(TOKEN);
    await page.getByLabel("操作人").fill("李四");
    await page.getByRole("button", { name: "确定" }).click();
    await expect.poll(() => page.locator("#auth-status").textContent()).toBe("口令正确");
    await expect.poll(() => page.locator(".admin-rule").count(), { timeout: 10_000 }).toBeGreaterThan(5);

    await page.locator("#upload-file").setInputFiles({ name: "liaoning-fund.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "上传并预览" }).click();
    await page.locator("#clause-tree li[data-article='第九条']").waitFor({ timeout: 30_000 });
    expect(await page.locator("#clause-tree li[data-article='第九条']").textContent()).toContain("第2页");
    expect(await page.locator("#clause-tree li").count()).toBeGreaterThan(55);
    expect(await page.locator("input[name=title]").inputValue()).toBe(liaoning.title);
    expect(await page.locator("#validity").textContent()).toMatch(/有效/);
    await screenshot(page, "admin-preview", true);

    await page.locator("input[name=issuer]").fill("辽宁省财政厅");
    await page.getByRole("button", { name: "保存到语料并重建索引" }).click();
    await expect.poll(() => page.locator("#upload-status").textContent(), { timeout: 90_000 }).toMatch(/^已保存 docs\/liaoning-fund\.pdf/);
    await expect.poll(() => page.locator("#doc-list li[data-doc='liaoning-fund']").count()).toBe(1);

    const chat = await context.newPage();
    await chat.goto(`${app.url}/`);
    await chat.getByRole("textbox", { name: /问题/ }).fill("辽宁企业并购海外科技型企业，单项补助最高多少？");
    await chat.getByRole("button", { name: "发送", exact: true }).click();
    const answer = chat.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("3000万元");
    await answer.getByRole("button", { name: /查看依据/ }).first().click();
    const dialog = chat.getByRole("dialog");
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain(liaoning.title);
    await screenshot(chat, "admin-uploaded-cited", true);
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
  });
});
