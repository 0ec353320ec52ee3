import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildWeb } from "../../scripts/build-web.mjs";
import { launchBrowser, startApp } from "./harness.js";

/**
 * 答复单: what a service hall hands over. The printed page (Chromium's page.pdf(),
 * print media) and the downloaded DOCX are read back: conclusion, amount, quoted article.
 */
const browser: Browser | null = await launchBrowser();
const HANGZHOU = "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额1000万元，一年能拿多少？";
const TITLE = "关于促进杭州市新电商高质量发展的若干意见";
const QUOTE = "实际投资额的20%";

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
/** The PDF's text layer, whitespace removed (Chromium breaks lines where the paper does). */
async function pdfText(bytes: Buffer): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, cMapUrl: join(PDFJS_DIR, "cmaps/"), cMapPacked: true, standardFontDataUrl: join(PDFJS_DIR, "standard_fonts/") }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const it of content.items) if ("str" in it) text += it.str;
  }
  // Chromium's CJK fonts map some characters to Kangxi radicals (⽇ for 日): NFKC folds them back.
  return squash(text);
}

/** word/document.xml's text runs, joined. */
function docxText(bytes: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(bytes))["word/document.xml"]);
  return squash([...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("").replace(/&amp;/g, "&"));
}

/** Compared without whitespace, in NFKC (full-width punctuation and radicals folded alike on both sides; the radical ⼾ folds to the traditional 戶). */
const squash = (s: string): string =>
  s
    .normalize("NFKC")
    .replace(/[戶⺠⻅⻓⻔⻋⻢⻄⻚⻘⻝⻜⻛⻰⻳⻮⻉⻆⻈⻁⻊⻍]/g, (c) => RADICALS[c] ?? c)
    .replace(/\s+/g, "");
/** Radicals-supplement code points (no NFKC mapping) Chromium's fonts emit for these simplified characters. */
const RADICALS: Record<string, string> = { 戶: "户", "⺠": "民", "⻅": "见", "⻓": "长", "⻔": "门", "⻋": "车", "⻢": "马", "⻄": "西", "⻚": "页", "⻘": "青", "⻝": "食", "⻜": "飞", "⻛": "风", "⻰": "龙", "⻳": "龟", "⻮": "齿", "⻉": "贝", "⻆": "角", "⻈": "讠", "⻁": "虎", "⻊": "足", "⻍": "辶" };

describe.skipIf(!browser)("答复单: print and DOCX", () => {
  let app: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    await buildWeb({ quiet: true });
    app = await startApp({ TODAY: "2025-06-30" });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(app.url + path);
    return page;
  }

  async function download(page: Page, scope = page.locator("body")): Promise<Buffer> {
    const [file] = await Promise.all([page.waitForEvent("download"), scope.getByRole("button", { name: /下载答复单/ }).first().click()]);
    expect(file.suggestedFilename()).toMatch(/\.docx$/);
    return readFileSync((await file.path())!);
  }

  it("chat: the printed page is the answer sheet; the DOCX holds the same", async () => {
    const page = await open("/");
    await page.getByRole("textbox", { name: /问题/ }).fill(HANGZHOU);
    await page.getByRole("button", { name: "发送", exact: true }).click();
    const answer = page.getByRole("article", { name: "政策通的回答" }).last();
    await expect.poll(() => answer.textContent(), { timeout: 30_000 }).toContain("200万元");
    const conclusion = squash((await page.locator("#answer-sheet .sheet-conclusion").textContent({ timeout: 10_000 }))!);
    expect(conclusion).toContain("200万元");

    const pdf = await pdfText(await page.pdf({ format: "A4" }));
    expect(pdf).toContain(squash("政策咨询答复单"));
    expect(pdf).toContain(squash(HANGZHOU));
    expect(pdf).toContain(conclusion);
    expect(pdf).toContain(squash(TITLE));
    expect(pdf).toContain(squash(QUOTE));
    expect(pdf).toContain(squash("2025年6月30日"));
    expect(pdf).toContain(squash("以主管部门审核结果为准"));
    expect(pdf).not.toContain(squash("新对话")); // the page's controls are not on paper

    const docx = docxText(await download(page, answer));
    for (const s of [conclusion, "200万元", TITLE, QUOTE, "2025年6月30日", HANGZHOU]) expect(docx).toContain(squash(s));
    await page.context().close();
  });

  it("console: the printed sheet and the DOCX carry the spoken conclusion, the amount and the article", async () => {
    const page = await open("/console");
    await page.getByRole("textbox", { name: "来电人说" }).fill(HANGZHOU);
    await page.getByRole("button", { name: "识别" }).click();
    await expect.poll(() => page.getByRole("textbox", { name: "答复口径" }).inputValue(), { timeout: 30_000 }).toContain("200万元");
    const reply = squash(await page.getByRole("textbox", { name: "答复口径" }).inputValue());
    await expect.poll(() => page.locator("#answer-sheet .sheet-conclusion").textContent().then((t) => squash(t ?? ""))).toBe(reply);

    const pdf = await pdfText(await page.pdf({ format: "A4" }));
    expect(pdf).toContain(reply);
    expect(pdf).toContain(squash("200万元"));
    expect(pdf).toContain(squash(QUOTE));
    expect(pdf).toContain(squash(TITLE));
    const docx = docxText(await download(page));
    for (const s of [reply, "200万元", QUOTE, TITLE]) expect(docx).toContain(squash(s));
    await page.context().close();
  });
});
