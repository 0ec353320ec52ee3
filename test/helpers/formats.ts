/**
 * Real files in the formats governments publish, made at test time from real
 * policy text: a PDF printed by headless Chromium (with its print header and
 * footer), a DOCX whose numbers live in numbering.xml, a GBK web page, and a
 * scan (a PDF whose only content is a picture of text).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import iconv from "iconv-lite";
import { splitFrontMatter } from "../../ingest/load.js";
import { CHROMIUM } from "../browser/harness.js";

const run = promisify(execFile);
export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** A dev-corpus text: its title (front matter) and body. */
export function devText(name: string): { title: string; body: string; file: string } {
  const file = join(FIXTURES, "dev-corpus", name);
  const { frontMatter, body } = splitFrontMatter(readFileSync(file, "utf8"));
  return { title: String(frontMatter.title), body, file };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The document as a plain web page: title as <h1>, one <p> per line, official-document look. */
export function printableHtml(title: string, body: string): string {
  const paras = body.split("\n").filter((l) => l.trim()).map((l) => `<p>${esc(l)}</p>`).join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif;font-size:16pt;line-height:1.6}
h1{text-align:center;font-size:22pt;font-weight:normal}p{margin:0;text-indent:2em;white-space:pre-wrap}</style>
</head><body><h1>${esc(title)}</h1>
${paras}
</body></html>`;
}

/** Headless Chromium's --print-to-pdf: A4/Letter pages with the date+title header and URL+page footer. */
export async function printToPdf(html: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "zct-print-"));
  try {
    const src = join(dir, "page.html");
    const out = join(dir, "page.pdf");
    writeFileSync(src, html);
    await run(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", `--user-data-dir=${join(dir, "profile")}`, `--print-to-pdf=${out}`, `file://${src}`],
      { timeout: 90_000 },
    );
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scan: the text rendered to a PNG by Chromium, then a page holding only that picture printed to PDF. */
export async function scannedPdf(title: string, text: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "zct-scan-"));
  try {
    const src = join(dir, "text.html");
    const png = join(dir, "shot.png");
    writeFileSync(src, printableHtml(title, text));
    await run(
      CHROMIUM,
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", `--user-data-dir=${join(dir, "profile")}`, `--screenshot=${png}`, "--window-size=800,1000", `file://${src}`],
      { timeout: 90_000 },
    );
    const img = readFileSync(png).toString("base64");
    return await printToPdf(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="margin:0"><img style="width:100%" src="data:image/png;base64,${img}"></body></html>`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- DOCX ----------

const CN = "零一二三四五六七八九";
function cn(n: number): string {
  if (n < 10) return CN[n];
  if (n < 20) return `十${n % 10 ? CN[n % 10] : ""}`;
  if (n < 100) return `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ""}`;
  return String(n);
}

interface ListLevel {
  /** Recognises the label at the start of a line and reads its number. */
  re: RegExp;
  render: (n: number) => string;
  lvlText: string;
  numFmt: string;
  suff: "space" | "nothing";
}

/** The multi-level list Word users number a 办法 with: 第%1条 / （%2） / %3． (or %3.). */
function articleLevels(dot: string): ListLevel[] {
  return [
    { re: /^第([一二三四五六七八九十百]+)条 /, render: (n) => `第${cn(n)}条 `, lvlText: "第%1条", numFmt: "chineseCounting", suff: "space" },
    { re: /^（([一二三四五六七八九十]+)）/, render: (n) => `（${cn(n)}）`, lvlText: "（%2）", numFmt: "chineseCounting", suff: "nothing" },
    { re: new RegExp(`^(\\d{1,2})${dot === "." ? "\\." : dot}(?!\\d)`), render: (n) => `${n}${dot}`, lvlText: `%3${dot}`, numFmt: "decimal", suff: "nothing" },
  ];
}
const CHAPTER: ListLevel = { re: /^第([一二三四五六七八九十]+)章 /, render: (n) => `第${cn(n)}章 `, lvlText: "第%1章", numFmt: "chineseCounting", suff: "space" };

const cnValue = (s: string): number => {
  if (/^\d+$/.test(s)) return Number(s);
  let n = 0;
  const m = /^(?:([一二三四五六七八九])?十)?([一二三四五六七八九])?$/.exec(s);
  if (!m) return NaN;
  if (s.includes("十")) n = (m[1] ? CN.indexOf(m[1]) : 1) * 10;
  return n + (m[2] ? CN.indexOf(m[2]) : 0);
};

const xmlEsc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Runs split where Word splits them: at digits (another font), so text is never one tidy run. */
function runs(text: string): string {
  return (text.match(/\d+(?:\.\d+)?|[^\d]+/g) ?? [])
    .map((part) => (/^\d/.test(part) ? `<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>${xmlEsc(part)}</w:t></w:r>` : `<w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t xml:space="preserve">${xmlEsc(part)}</w:t></w:r>`))
    .join("");
}

function lvlXml(ilvl: number, l: ListLevel): string {
  return `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${l.numFmt}"/><w:suff w:val="${l.suff}"/><w:lvlText w:val="${xmlEsc(l.lvlText)}"/><w:lvlJc w:val="left"/></w:lvl>`;
}

/**
 * A DOCX of the document, as Word saves one whose numbering is automatic:
 * every "第N条", "（N）", "N．" and "第N章" that follows its list's count is
 * removed from the text and expressed through numbering.xml (articles and
 * items in one multi-level list on the paragraph, chapters through the
 * heading style), so a reader that ignores numbering loses them. Lines whose
 * number breaks the count stay literal, as they would in Word.
 */
export function buildDocx(title: string, body: string, extra: { table?: string[][] } = {}): Buffer {
  const dot = /^\d{1,2}．/m.test(body) ? "．" : ".";
  const levels = articleLevels(dot);
  const counts = [0, 0, 0];
  let chapters = 0;
  const paras: string[] = [`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>${runs(title)}</w:p>`];
  for (const line of body.split("\n")) {
    if (!line.trim()) continue;
    const ch = CHAPTER.re.exec(line);
    if (ch && cnValue(ch[1]) === chapters + 1) {
      chapters++;
      paras.push(`<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>${runs(line.slice(ch[0].length))}</w:p>`);
      continue;
    }
    const at = levels.findIndex((l) => l.re.test(line));
    if (at >= 0) {
      const m = levels[at].re.exec(line)!;
      const n = cnValue(m[1]);
      if (n === counts[at] + 1 && line.startsWith(levels[at].render(n))) {
        counts[at] = n;
        for (let d = at + 1; d < counts.length; d++) counts[d] = 0;
        paras.push(`<w:p><w:pPr><w:numPr><w:ilvl w:val="${at}"/><w:numId w:val="1"/></w:numPr><w:ind w:firstLineChars="200"/></w:pPr>${runs(line.slice(levels[at].render(n).length))}</w:p>`);
        continue;
      }
    }
    paras.push(`<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr>${runs(line)}</w:p>`);
  }
  if (extra.table) {
    const rows = extra.table.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p>${runs(c)}</w:p></w:tc>`).join("")}</w:tr>`).join("");
    paras.push(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>${rows}</w:tbl>`);
  }
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${paras.join("")}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
  const numbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering ${W}>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>${levels.map((l, i) => lvlXml(i, l)).join("")}</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>${lvlXml(0, CHAPTER)}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles ${W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>`;
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
  const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": strToU8(types),
      "_rels/.rels": strToU8(rels),
      "word/document.xml": strToU8(document),
      "word/numbering.xml": strToU8(numbering),
      "word/styles.xml": strToU8(styles),
      "word/_rels/document.xml.rels": strToU8(docRels),
    }),
  );
}

// ---------- GBK web page ----------

/** A government site's article page, encoded in GBK: nav, breadcrumb, title above the content, share bar, 上一篇/下一篇, footer. */
export function gbkPage(title: string, body: string): Buffer {
  const paras = body.split("\n").filter((l) => l.trim()).map((l) => `<p style="text-indent:2em">&nbsp;&nbsp;${esc(l)}</p>`).join("\n");
  const html = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><title>${esc(title)}_政策文件_辽宁省人民政府</title>
<script type="text/javascript">var _hmt = _hmt || []; document.write("统计代码");</script><style>.nav li{float:left}</style></head>
<body><div class="top-bar">无障碍 | 长者模式 | 登录 | 注册</div>
<div class="header"><img src="logo.png" alt="辽宁省人民政府"><div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zcwj/">政策文件</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zcwj/">政策文件</a></div>
<div class="article"><h1 class="title">${esc(title)}</h1><div class="info">发布时间：2017-05-04 来源：省财政厅 【字号：<a>大</a> <a>中</a> <a>小</a>】 <a href="javascript:window.print()">【打印】</a></div>
<div class="TRS_Editor" id="zoom">
${paras}
</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a><a class="bds_qzone">QQ空间</a></div>
<div class="prev-next"><p>上一篇：<a href="/a/1.html">关于做好2017年度省级工业和信息化专项资金申报工作的通知</a></p><p>下一篇：<a href="/a/3.html">辽宁省工业和信息化厅关于开展首台套认定工作的通知</a></p></div></div>
<div class="sidebar"><h3>相关文章</h3><ul><li><a href="/b/1.html">辽宁省科技创新专项资金管理办法解读</a></li><li><a href="/b/2.html">关于印发专项资金绩效评价办法的通知</a></li></ul></div></div>
<div class="footer"><p>主办：辽宁省人民政府办公厅 版权所有 网站标识码：2100000058</p><p>辽ICP备05000066号 辽公网安备 21010202000015号</p></div>
</body></html>`;
  // Characters GBK lacks are written as numeric references, as a GBK site's editor does.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "not ASCII", written from U+0000 on purpose
  return iconv.encode(html.replace(/[^\x00-\x7f]/gu, (c) => (iconv.decode(iconv.encode(c, "gbk"), "gbk") === c ? c : `&#${c.codePointAt(0)};`)), "gbk");
}
