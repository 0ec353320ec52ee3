import iconv from "iconv-lite";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBytes } from "../../ingest/load.js";
import { charsetOf } from "../../ingest/loaders/charset.js";
import { readHtml } from "../../ingest/loaders/html.js";
import { gutterOf, layOut, runsOn, type PageRuns, type Run } from "../../ingest/loaders/pdf-layout.js";
import { charCoverage } from "../helpers/coverage.js";
import { buildDocx, devText, hasChromium, printableHtml, printToPdf } from "../helpers/formats.js";

/**
 * Loader behaviour on the shapes real published files take, each fixture
 * made here from real policy text (the dev-corpus copies in test/fixtures).
 */

const { title: TITLE, body: BODY } = devText("08_liaoning_qiye_jishu_chuangxin_zijin.txt");
const PARAS = BODY.split("\n").map((l) => l.trim()).filter(Boolean);
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
// Private-use glyphs of the source (U+E010 for a numbering dot) print as nothing.
const squash = (s: string) => s.normalize("NFKC").replace(/[\s\p{Co}]+/gu, "");

describe("HTML", () => {
  it("a page saved as a fragment (no <html>/<body>: an <h1> and a run of <p>) keeps every paragraph", async () => {
    const page = `<h1>${esc(TITLE)}</h1>\n${PARAS.map((p) => `<p>${esc(p)}</p>`).join("\n")}`;
    const got = await loadBytes("fragment.html", Buffer.from(page));
    for (const p of PARAS) expect(squash(got.text)).toContain(squash(p));
    expect(got.frontMatter.title).toBe(TITLE);
  });

  it("a body in a table cell beside a navigation cell; the centred large opening lines are the title", () => {
    const [a, b] = [TITLE.slice(0, 10), TITLE.slice(10)];
    const page = `<html><body><table><tr><td class="left"><a href="/">首页</a><a href="/zc">政策</a></td><td id="content">
<p style="text-align:center"><span style="font-size:18pt;font-weight:bold">${esc(a)}</span></p><p style="text-align:center"><span style="font-size:18pt;font-weight:bold">${esc(b)}</span></p>
${PARAS.map((p) => `<p>${esc(p)}</p>`).join("")}</td></tr></table><div class="footer">版权所有：某某市人民政府 地址：某某路1号</div></body></html>`;
    const got = readHtml(page);
    expect(got.title).toBe(TITLE);
    expect(got.text).not.toMatch(/首页|版权所有/);
    for (const p of PARAS) expect(squash(got.text)).toContain(squash(p));
  });

  it("a TRS_Editor div whose lead paragraph sits beside the div holding the rest keeps the lead paragraph; the info bar goes, its date stays", async () => {
    // "第一章 总则" and 第一条 in <p>s beside the div holding the rest.
    const lead = PARAS.slice(0, 2);
    const rest = PARAS.slice(2);
    const page = `<html><head><title>${esc(TITLE)}｜某某市人民政府</title></head><body><div class="nav"><a href="/">首页</a></div>
<div class="xlbox"><h2>${esc(TITLE)}</h2><p class="ly"><span>来源：市科技局</span><span>发布日期：2017-10-13</span></p>
<div class="TRS_Editor">${lead.map((p) => `<p>${esc(p)}</p>`).join("")}<div class="Custom_UnionStyle">${rest.map((p) => `<p>${esc(p)}</p>`).join("")}</div></div></div></body></html>`;
    const got = await loadBytes("page.html", Buffer.from(page));
    expect(got.text.split("\n")[0]).toBe(TITLE);
    for (const p of PARAS) expect(squash(got.text)).toContain(squash(p));
    expect(got.text).not.toContain("来源：");
    expect(got.frontMatter.title).toBe(TITLE);
  });

  it("<br>-separated lines (also written </br>) are lines; a JSP page is read as HTML", async () => {
    const page = `<%@ page language="java" pageEncoding="utf-8"%>\n<!DOCTYPE html><html><body><div class="right"><div class="title"><h1>${esc(TITLE)}</h1></div>
<div class="content"><strong>发布时间：2016-05-12 21:58:14</strong></br>${PARAS.map(esc).join("\n</br>\n")}</br></div></div></body></html>`;
    const got = await loadBytes("7.jsp", Buffer.from(page));
    const lines = got.text.split("\n").filter(Boolean);
    expect(lines[0]).toBe(TITLE);
    expect(lines.slice(1)).toEqual(PARAS);
    expect(got.frontMatter.published).toBe("2016-05-12");
  });

  it("GBK bytes under a <meta> that says UTF-8, or no <meta> at all, and UTF-8 under a stale gb2312 <meta>", async () => {
    const body = PARAS.slice(0, 5).map((p) => `<p>${esc(p)}</p>`).join("");
    const lying = iconv.encode(`<html><head><meta charset="utf-8"></head><body>${body}</body></html>`, "gbk");
    const none = iconv.encode(`<html><body>${body}</body></html>`, "gbk");
    const stale = Buffer.from(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${body}</body></html>`);
    expect(charsetOf(lying)).toBe("gb18030");
    expect(charsetOf(stale)).toBe("utf-8");
    for (const bytes of [lying, none, stale]) expect((await loadBytes("p.html", bytes)).text).toContain(PARAS[0]);
  });
});

/** A line of glyph runs, one per character, 12pt. */
function line(text: string, x: number, y: number, size = 12): Run[] {
  return [...text].map((c, i) => ({ str: c, x: x + i * size, y, width: size, size }));
}

describe("PDF layout", () => {
  it("a sentence broken after a comma and across a page, and a number split from its unit, read as one line", () => {
    const out = layOut([
      { width: 460, height: 700, runs: [...line("第三条", 50, 620), ...line("对符合条件的企业，", 50, 600), ...line("按实际投资额给予补助，最高给予50", 50, 585), ...line("- 1 -", 200, 20)] },
      { width: 460, height: 700, runs: [...line("万元。", 50, 620), ...line("第四条本办法自发布之日起施行。", 50, 605), ...line("- 2 -", 200, 20)] },
    ]);
    expect(out.text).toBe("第三条\n对符合条件的企业，按实际投资额给予补助，最高给予50万元。\n第四条本办法自发布之日起施行。\n");
    expect(runsOn("最高给予50", "万元。")).toBe(true);
    expect(runsOn("一、总体要求", "以习近平新时代")).toBe(false);
    expect(runsOn("补贴资金的，", "（一）企业")).toBe(true); // a unit label still starts its own line (checked in layOut)
  });

  it("the title is the largest type on page 1 (a red-header line aside), never the running header", () => {
    const out = layOut([
      { width: 460, height: 700, runs: [...line("某某市人民政府文件", 60, 660, 24), ...line("某政发〔2024〕3号", 150, 630), ...line("某某市促进数字经济发展若干措施", 60, 600, 18), ...line("第一条为促进数字经济发展，制定本措施。", 50, 570), ...line("第二条本措施自发布之日起施行。", 50, 555)] },
    ]);
    expect(out.title).toBe("某某市促进数字经济发展若干措施");
  });

  it("a two-column page reads the left column, then the right, with the title over both first", () => {
    const left = PARAS.slice(0, 12).map((p, i) => line(`${p.slice(0, 14)}`, 40, 600 - i * 20));
    const right = PARAS.slice(12, 24).map((p, i) => line(`${p.slice(0, 14)}`, 250, 600 - i * 20));
    const page: PageRuns = { width: 460, height: 700, runs: [...line(TITLE.slice(0, 20), 60, 650, 16), ...left.flat(), ...right.flat()] };
    expect(gutterOf(page)).toBeGreaterThan(210);
    const lines = layOut([page]).text.split("\n").filter(Boolean);
    const order = [...PARAS.slice(0, 12), ...PARAS.slice(12, 24)].map((p) => p.slice(0, 14));
    const at = order.map((t) => lines.findIndex((l) => l.includes(t)));
    expect(at.every((k, i) => k >= 0 && (i === 0 || k >= at[i - 1]))).toBe(true);
    expect(lines[0]).toBe(TITLE.slice(0, 20));
  });

  it("property: a one-column page is never split into columns, whatever its lines' lengths", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 10, maxLength: 40 }), (lengths) => {
        const runs = lengths.flatMap((n, i) => line(BODY.replace(/\s/g, "").slice(i * 30, i * 30 + n), 50, 650 - i * 15));
        return gutterOf({ width: 460, height: 700, runs }) === undefined;
      }),
      { numRuns: 100 },
    );
  });
});

describe.skipIf(!hasChromium())("PDF printed by Chromium: two columns, a sentence broken by hand across lines and pages", () => {
  let pdf: Buffer;
  const broken = "对新认定的企业技术中心，按照其上年度研发投入给予补助，最高给予50";
  beforeAll(async () => {
    const html = printableHtml(TITLE, PARAS.slice(0, 20).join("\n")).replace(
      "</body>",
      `<p>${esc(broken)}</p><p style="break-before:page;text-indent:0">万元。</p><div style="column-count:2;column-gap:3em">${PARAS.slice(20).map((p) => `<p>${esc(p)}</p>`).join("")}</div></body>`,
    );
    pdf = await printToPdf(html);
  }, 120_000);

  it("title from page 1, the broken sentence whole, the columns in order, ≥99% of the characters", async () => {
    const got = await loadBytes("关于印发的文件.pdf", pdf);
    expect(got.frontMatter.title).toBe(TITLE);
    expect(got.text).toContain(`${broken}万元。`);
    // Each paragraph is found after the one before it (the document repeats some openings, "1.依法在我省…"),
    // wherever the narrow columns broke its lines.
    const all = squash(got.text);
    let from = 0;
    const at = PARAS.slice(20).map((p) => {
      const k = all.indexOf(squash(p).slice(0, 12), from);
      if (k >= 0) from = k + 1;
      return k;
    });
    expect(at.filter((k) => k < 0)).toEqual([]);
    expect(charCoverage(`${TITLE}\n${BODY}\n${broken}万元。`, got.text)).toBeGreaterThanOrEqual(0.99);
  });
});

describe("property: extracted text covers ≥99% of the characters of the visible text, per format", () => {
  const docs = ["01_ganjingzi_yingyong_jishu_yanfa_zijin.txt", "08_liaoning_qiye_jishu_chuangxin_zijin.txt"].map(devText);
  // Any run of a real document's paragraphs, as published.
  const slice = fc.record({ doc: fc.constantFrom(...docs), from: fc.nat(40), n: fc.integer({ min: 1, max: 30 }) }).map(({ doc, from, n }) => {
    const ps = doc.body.split("\n").map((l) => l.trim()).filter(Boolean);
    const f = from % ps.length;
    return { title: doc.title, paras: ps.slice(f, f + n) };
  });

  it("HTML (fragments, whole pages, GBK)", async () => {
    await fc.assert(
      fc.asyncProperty(slice, fc.constantFrom("fragment", "page", "gbk"), async ({ title, paras }, kind) => {
        const inner = `<h1>${esc(title)}</h1>${paras.map((p) => `<p>${esc(p)}</p>`).join("\n")}`;
        const html = kind === "fragment" ? inner : `<html><head><title>${esc(title)}</title></head><body><div class="nav"><a href="/">首页</a></div><div class="article">${inner}</div></body></html>`;
        const bytes = kind === "gbk" ? iconv.encode(html, "gbk") : Buffer.from(html);
        const got = await loadBytes("p.html", bytes);
        return charCoverage(`${title}\n${paras.join("\n")}`, got.text) >= 0.99;
      }),
      { numRuns: 40 },
    );
  });

  it("DOCX", async () => {
    await fc.assert(
      fc.asyncProperty(slice, async ({ title, paras }) => {
        const got = await loadBytes("p.docx", buildDocx(title, paras.join("\n")));
        return charCoverage(`${title}\n${paras.join("\n")}`, got.text) >= 0.99;
      }),
      { numRuns: 25 },
    );
  });

  it("TXT (UTF-8 and GBK, CRLF)", async () => {
    await fc.assert(
      fc.asyncProperty(slice, fc.boolean(), async ({ title, paras }, gbk) => {
        const text = `${title}\r\n${paras.join("\r\n")}\r\n`;
        const got = await loadBytes("p.txt", gbk ? iconv.encode(text, "gbk") : Buffer.from(text));
        return charCoverage(text, got.text) >= 0.99;
      }),
      { numRuns: 40 },
    );
  });

  it.skipIf(!hasChromium())("PDF (printed by Chromium, the whole document)", async () => {
    for (const d of docs) {
      const got = await loadBytes("p.pdf", await printToPdf(printableHtml(d.title, d.body)));
      expect(charCoverage(`${d.title}\n${d.body}`, got.text)).toBeGreaterThanOrEqual(0.99);
    }
  }, 180_000);
});
