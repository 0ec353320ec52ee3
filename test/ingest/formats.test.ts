import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIndex } from "../../ingest/build.js";
import { loadBytes } from "../../ingest/load.js";
import { LoadError } from "../../ingest/loaders/index.js";
import { parseFile, type ParsedFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { buildDocx, devText, gbkPage, hasChromium, printableHtml, printToPdf, scannedPdf } from "../helpers/formats.js";

/**
 * The bar for published formats: a dev-corpus policy printed to PDF by
 * Chromium, saved as a Word DOCX with automatic numbering, and published as a
 * GBK web page parses into the same clauses as its plain text.
 */

const resolve = defaultRegionResolver();
const DOCS = ["01_ganjingzi_yingyong_jishu_yanfa_zijin.txt", "08_liaoning_qiye_jishu_chuangxin_zijin.txt"];
const flat = (s: string) => s.replace(/[\s\u3000]+/g, " ").trim();

async function parse(name: string, bytes: Buffer): Promise<ParsedFile> {
  return parseFile({ path: name, ...(await loadBytes(name, bytes)) }, resolve);
}

/** The plain text as the published file carries it: the title line, then the body. */
function reference(name: string): { title: string; body: string; parsed: ParsedFile } {
  const { title, body } = devText(name);
  return { title, body, parsed: parseFile({ path: "ref.txt", text: `${title}\n${body}`, frontMatter: {}, bytes: 0 }, resolve) };
}

function compare(ref: ParsedFile, got: ParsedFile): { labels: boolean; identical: number; total: number } {
  const labels = JSON.stringify(got.clauses.map((c) => c.article)) === JSON.stringify(ref.clauses.map((c) => c.article));
  const identical = ref.clauses.filter((c, i) => got.clauses[i] && flat(got.clauses[i].text) === flat(c.text)).length;
  return { labels, identical, total: ref.clauses.length };
}

const figures: string[] = [];
afterAll(() => console.log(`\nformat fidelity (clauses with identical text):\n  ${figures.join("\n  ")}\n`));

describe.skipIf(!hasChromium())("PDF printed by Chromium (print header and footer on every page)", () => {
  const pdfs = new Map<string, Buffer>();
  beforeAll(async () => {
    for (const name of DOCS) {
      const { title, body } = devText(name);
      pdfs.set(name, await printToPdf(printableHtml(title, body)));
    }
  }, 180_000);

  it.each(DOCS)("%s: same 第N条 labels as the .txt and ≥95%% identical clauses", async (name) => {
    const ref = reference(name);
    const got = await parse("policy.pdf", pdfs.get(name)!);
    const r = compare(ref.parsed, got);
    figures.push(`PDF  ${name.slice(0, 2)}: labels ${r.labels ? "same" : "DIFFER"}, ${r.identical}/${r.total} identical (${((100 * r.identical) / r.total).toFixed(1)}%)`);
    expect(got.clauses.map((c) => c.article)).toEqual(ref.parsed.clauses.map((c) => c.article));
    expect(got.clauses.filter((c) => /^第.+条$/.test(c.article)).length).toBeGreaterThan(20);
    expect(r.identical / r.total).toBeGreaterThanOrEqual(0.95);
  });

  it("takes the title from the first line, not from the print header; no header, footer or page number stays in the text", async () => {
    const name = DOCS[1];
    const got = await parse("policy.pdf", pdfs.get(name)!);
    expect(got.docs[0].title).toBe(reference(name).title);
    expect(got.text).not.toMatch(/file:\/\/|\d+\/\d+\s*$|\d{1,2}:\d{2}/m);
    // The title appears once: the print header repeated it on every page.
    expect(got.text.split(reference(name).title).length - 1).toBe(1);
  });

  it("re-joins lines broken by the page width (inside numbers too) and knows each clause's page", async () => {
    const got = await parse("policy.pdf", pdfs.get(DOCS[1])!);
    const art9 = got.clauses.find((c) => c.article === "第九条")!;
    expect(art9.text).toContain("单项补助支持额度不超过3000万元");
    expect(art9.page).toBe(2);
    const pages = got.clauses.map((c) => c.page!);
    expect(pages[0]).toBe(1);
    expect(pages.every((p, i) => i === 0 || p >= pages[i - 1])).toBe(true);
    expect(Math.max(...pages)).toBeGreaterThanOrEqual(10);
  });

  it("a scan (an image of text, no text layer) is refused with a Chinese error naming the file", async () => {
    const { title, body } = devText(DOCS[0]);
    const scan = await scannedPdf(title, body.slice(0, 400));
    const err = await loadBytes("扫描件.pdf", scan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as Error).message).toBe("《扫描件.pdf》没有可提取的文字层（可能是扫描件），请提供文字版 PDF 或 DOCX");
  });

  it("ingest goes on past the scan: the other files are indexed and the scan is named in the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zct-formats-"));
    try {
      mkdirSync(join(dir, "docs"));
      const { title, body } = devText(DOCS[0]);
      writeFileSync(join(dir, "docs", "a-scan.pdf"), await scannedPdf(title, body.slice(0, 400)));
      writeFileSync(join(dir, "docs", "liaoning.pdf"), pdfs.get(DOCS[1])!);
      writeFileSync(join(dir, "docs", "ganjingzi.docx"), buildDocx(title, body));
      const { manifest } = await buildIndex({ corpusDir: dir, outDir: join(dir, "index"), resolveRegion: resolve });
      expect(manifest.counts.documents).toBe(2);
      expect(manifest.problems).toEqual([{ file: "docs/a-scan.pdf", message: "《a-scan.pdf》没有可提取的文字层（可能是扫描件），请提供文字版 PDF 或 DOCX" }]);
      const docs = JSON.parse(readFileSync(join(dir, "index", "docs.json"), "utf8")) as { title: string }[];
      expect(docs.map((d) => d.title).sort()).toEqual([reference(DOCS[1]).title, title].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("DOCX with Word's automatic numbering", () => {
  it.each(DOCS)("%s: numbers stored in numbering.xml come back — same labels, ≥95%% identical clauses", async (name) => {
    const ref = reference(name);
    const docx = buildDocx(ref.title, ref.body);
    // The numbers really are gone from the paragraphs: a reader that ignores numbering.xml would lose them.
    const { unzipSync, strFromU8 } = await import("fflate");
    const xml = strFromU8(unzipSync(new Uint8Array(docx))["word/document.xml"]);
    expect(xml).not.toContain("第一条");
    expect(xml).toContain("<w:numId");
    const got = await parse("policy.docx", docx);
    const r = compare(ref.parsed, got);
    figures.push(`DOCX ${name.slice(0, 2)}: labels ${r.labels ? "same" : "DIFFER"}, ${r.identical}/${r.total} identical (${((100 * r.identical) / r.total).toFixed(1)}%)`);
    expect(got.clauses.map((c) => c.article)).toEqual(ref.parsed.clauses.map((c) => c.article));
    expect(r.identical / r.total).toBeGreaterThanOrEqual(0.95);
    expect(got.docs[0].title).toBe(ref.title);
  });

  it("chapter headings numbered through their style read 第N章 again; tables become one row per line", async () => {
    const { title, body } = devText(DOCS[1]);
    const got = await loadBytes("x.docx", buildDocx(title, body, { table: [["项目类别", "补助比例", "上限"], ["并购海外科技型企业", "20%", "3000万元"]] }));
    expect(got.text).toMatch(/^第二章 支持企业并购$/m);
    expect(got.text).toContain("项目类别\t补助比例\t上限\n并购海外科技型企业\t20%\t3000万元");
  });
});

describe("GBK web page of a government site", () => {
  it.each(DOCS)("%s: decoded from GB2312/GBK, page furniture dropped, same labels", async (name) => {
    const ref = reference(name);
    const page = gbkPage(ref.title, ref.body);
    expect(page.includes(Buffer.from("第一条", "utf8"))).toBe(false); // really GBK bytes
    const got = await parse("policy.html", page);
    const r = compare(ref.parsed, got);
    figures.push(`HTML ${name.slice(0, 2)}: labels ${r.labels ? "same" : "DIFFER"}, ${r.identical}/${r.total} identical (${((100 * r.identical) / r.total).toFixed(1)}%)`);
    expect(got.clauses.map((c) => c.article)).toEqual(ref.parsed.clauses.map((c) => c.article));
    expect(got.docs[0].title).toBe(ref.title);
    expect(got.text).not.toMatch(/上一篇|下一篇|分享到|版权所有|当前位置|政务公开|相关文章|统计代码/);
  });

  it("takes the charset from a Content-Type header when the page declares none", async () => {
    const { default: iconv } = await import("iconv-lite");
    const bytes = iconv.encode("<html><body><div><p>第一条 为规范专项资金管理，制定本办法。</p></div></body></html>", "gbk");
    expect((await loadBytes("x.html", bytes, { contentType: "text/html; charset=GBK" })).text).toContain("第一条 为规范专项资金管理");
    // …and sniffs it when nothing declares it (bytes that are not UTF-8 are GB18030).
    expect((await loadBytes("x.html", bytes)).text).toContain("第一条 为规范专项资金管理");
  });
});

describe("formats that cannot be read", () => {
  it("a .doc with no LibreOffice installed gets a clear Chinese error", async () => {
    const saved = process.env.SOFFICE;
    process.env.SOFFICE = "";
    try {
      const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
      await expect(loadBytes("旧文件.doc", ole)).rejects.toThrow("《旧文件.doc》是旧版 Word/WPS 格式，本机未安装 LibreOffice，无法转换：请转换为 DOCX 或 PDF");
    } finally {
      if (saved === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = saved;
    }
  });

  it("a broken PDF and a zip that is no Word file are named in the error", async () => {
    await expect(loadBytes("坏.pdf", Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"))).rejects.toThrow(/^《坏\.pdf》无法读取/);
    const { zipSync, strToU8 } = await import("fflate");
    await expect(loadBytes("坏.docx", Buffer.from(zipSync({ "a.txt": strToU8("x") })))).rejects.toThrow(/^《坏\.docx》无法读取/);
  });
});
