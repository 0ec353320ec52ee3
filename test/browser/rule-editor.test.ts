import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { launchBrowser, SCREENSHOTS, startApp, watch } from "./harness.js";

/**
 * The rule editor in real Chromium: a clerk writes a rule for a sentence the compiler left
 * quote-only, by clicking the numbers in the clause; sees the clerk's own case fail, corrects it and
 * sees it pass; saves; and the chat page then answers with that amount, cited as reviewed.
 */
const browser: Browser | null = await launchBrowser();
const TOKEN = "editor-browser-token";
const DOC = "qinghe-keji-2026";
const FIXTURE = fileURLToPath(new URL("../fixtures/editor/qinghe-keji-2026.txt", import.meta.url));

describe.skipIf(!browser)("rule editor in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-editor-web-"));
  let app: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    mkdirSync(join(dir, "corpus", "docs"), { recursive: true });
    cpSync(FIXTURE, join(dir, "corpus", "docs", `${DOC}.txt`));
    app = await startApp({ CORPUS_DIR: join(dir, "corpus"), INDEX_DIR: join(dir, "index"), ADMIN_TOKEN: TOKEN, ADMIN_AUDIT_FILE: join(dir, "audit.log"), TODAY: "2026-12-07" });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("write a rule for a quote-only clause by clicking its numbers, see a case fail then pass, save, and the chat answers with it", async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 1000 }, locale: "zh-CN" })).newPage();
    const w = watch(page);
    await page.goto(`${app.url}/admin`);
    await page.getByLabel("口令", { exact: true }).fill(TOKEN);
    await page.getByLabel("操作人").fill("王审核");
    await page.getByRole("button", { name: "确定" }).click();

    // The queue of the document: counted, filtered to the sentences the compiler could not read.
    await expect.poll(() => page.locator("#review-counts").textContent(), { timeout: 30_000 }).toContain("已审核 0/5");
    await expect.poll(() => page.locator('.review-item[data-state="compiled"] .rule-summary').first().textContent()).toContain("对首次认定的国家高新技术企业，一次性奖励20万元");
    await page.getByLabel("状态").selectOption("quote-only");
    await expect.poll(() => page.locator(".review-item").count()).toBe(3);
    expect(await page.locator('.review-item[data-state="compiled"]').count()).toBe(0);
    const lab = page.locator('.review-item[data-article="三、"]').first();
    await expect.poll(() => lab.locator(".reason").textContent()).toContain("仅引用原文");
    await page.locator("#main").screenshot({ path: `${SCREENSHOTS}rule-editor-queue.png` });
    await lab.getByRole("button", { name: "为此句写规则" }).click();

    const editor = page.locator("#rule-editor");
    await expect.poll(() => editor.isVisible()).toBe(true);
    // A new rule is titled by its clause's own heading.
    expect(await page.locator("#editor-title").inputValue()).toBe("支持研发投入");
    await page.locator("#editor-kind").selectOption("perUnit");
    // A new fact named by the clause's own word, with its unit.
    await page.locator("#new-fact-phrase").fill("标准间");
    await page.locator("#new-fact-unit").selectOption("个");
    await page.locator("#new-fact-btn").click();
    await editor.locator('select[data-field="count"]').selectOption("c:标准间:个");
    await editor.locator('input[data-field="unit"]').fill("个");
    // The amount comes from the clause: focus the field, click 2万元 in the text.
    await editor.locator('input[data-field="amount"]').focus();
    await editor.locator('button.num[data-num="2万元"]').click();
    await expect.poll(() => editor.locator('input[data-field="amount"]').inputValue()).toBe("2");
    await page.locator("#editor-target").fill("新建研发实验室的企业");
    await page.locator("#editor-keywords").fill("研发实验室，标准间");

    // The clerk's case, first with a wrong expectation: the check fails and says what came out.
    await page.locator("#add-case").click();
    await editor.locator(".case-values").fill("标准间=3");
    await editor.locator(".case-status").selectOption("eligible");
    await editor.locator(".case-amount").fill("5");
    const caseLine = editor.locator(".editor-checks [data-case]");
    await expect.poll(() => caseLine.textContent(), { timeout: 15_000 }).toBe("✗ 用例“用例1”：期望符合条件、5万元，实际符合条件、6万元");
    await expect.poll(() => page.locator("#editor-save").isDisabled()).toBe(true);
    await editor.screenshot({ path: `${SCREENSHOTS}rule-editor-case-fails.png` });
    await editor.locator(".case-amount").fill("6");
    await expect.poll(() => caseLine.textContent(), { timeout: 15_000 }).toBe("✓ 用例“用例1”：期望符合条件、6万元，实际符合条件、6万元");
    await expect.poll(() => editor.locator('.editor-checks [data-check="rule"]').textContent()).toContain("✓ 模式与出处校验通过");
    await expect.poll(() => editor.locator(".editor-summary").textContent()).toContain("2万元");
    await editor.screenshot({ path: `${SCREENSHOTS}rule-editor-case-passes.png` });

    await page.locator("#editor-save").click();
    await expect.poll(() => page.locator("#review-status").textContent(), { timeout: 60_000 }).toContain("已保存规则");
    await page.getByLabel("状态").selectOption("");
    await expect.poll(() => page.locator("#review-counts").textContent()).toContain("已审核 1/5");
    await expect.poll(() => page.locator('.review-item[data-state="reviewed"] .badge').first().textContent()).toBe("已审核");
    await page.locator("#main").screenshot({ path: `${SCREENSHOTS}rule-editor-saved.png` });

    // The chat page answers with the amount, and says the rule was reviewed.
    await page.goto(`${app.url}/`);
    await page.getByRole("textbox", { name: /问题/ }).fill("我们是湖州市的企业，新建了研发实验室，折算3个标准间，能拿多少补助？");
    await page.getByRole("button", { name: "发送", exact: true }).click();
    const answer = page.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("6万元");
    expect(await answer.textContent()).toContain("已审核（2026-12-07）");
    expect(await answer.textContent()).toContain("支持研发投入");
    await page.screenshot({ path: `${SCREENSHOTS}rule-editor-chat.png` });
    expect(w.errors).toEqual([]);
    expect(w.csp).toEqual([]);
  }, 180_000);
});
