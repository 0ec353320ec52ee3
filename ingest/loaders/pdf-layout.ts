import { readFileSync } from "node:fs";
/**
 * From positioned text runs (what a PDF's text layer holds) to the text a
 * reader sees: lines in reading order, running headers, footers and page
 * numbers dropped, lines that were only broken by the page width re-joined,
 * paragraph and article breaks kept. Pure: the pdf.js I/O lives in pdf.ts.
 */

export interface Run {
  str: string;
  /** Left edge and baseline, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

export interface PageRuns {
  width: number;
  height: number;
  runs: Run[];
}

export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
}

/**
 * Fonts share one glyph between an ideograph and its Kangxi-radical or
 * compatibility twin, and Chromium's PDFs report the lower code point: ⼀
 * U+2F00 for 一, ⼾ for 户, ⺠ for 民. pdf-glyphs.json (made by
 * scripts/pdf-glyph-table.ts from every GBK character) maps each back; NUL
 * stands for a glyph without a code point and is dropped.
 */
export function fixGlyphs(s: string): string {
  // Kangxi radicals the table has not seen (another font) are their compatibility ideograph.
  return s.replace(GLYPH_RE, (c) => GLYPHS[c] ?? (c < " " ? "" : c.normalize("NFKC")));
}

const GLYPHS: Record<string, string> = JSON.parse(readFileSync(new URL("./pdf-glyphs.json", import.meta.url), "utf8"));
const GLYPH_RE = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u2f00-\\u2fd5${Object.keys(GLYPHS).join("")}]`, "gu");

/** Runs grouped by baseline, top to bottom. */
function baselines(runs: Run[]): Run[][] {
  const sorted = runs.filter((r) => r.str.length > 0 && r.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Run[][] = [];
  for (const r of sorted) {
    const g = groups.at(-1);
    if (g && Math.abs(g[0].y - r.y) <= Math.max(g[0].size, r.size) * 0.4) g.push(r);
    else groups.push([r]);
  }
  return groups;
}

/**
 * The x of the gutter of a two-column page, if it has one: a vertical band
 * in the middle of the page that (almost) no text crosses, with text on both
 * sides of it on many lines. Lines that span it (a title over both columns)
 * may be a few.
 */
export function gutterOf(page: PageRuns): number | undefined {
  const groups = baselines(page.runs.filter((r) => r.str.trim()));
  if (groups.length < 10) return undefined;
  const BIN = 2;
  const bins = Math.ceil(page.width / BIN) + 1;
  const cover = new Array<number>(bins).fill(0);
  for (const g of groups) {
    const hit = new Set<number>();
    for (const r of g) for (let b = Math.max(0, Math.floor(r.x / BIN)); b <= Math.min(bins - 1, Math.floor((r.x + r.width) / BIN)); b++) hit.add(b);
    for (const b of hit) cover[b]++;
  }
  const lo = Math.floor((page.width * 0.3) / BIN);
  const hi = Math.ceil((page.width * 0.7) / BIN);
  const few = Math.floor(groups.length * 0.08);
  let best: [number, number] | undefined;
  for (let b = lo; b <= hi; b++) {
    if (cover[b] > few) continue;
    let e = b;
    while (e + 1 <= hi && cover[e + 1] <= few) e++;
    if (!best || e - b > best[1] - best[0]) best = [b, e];
    b = e;
  }
  if (!best) return undefined;
  const x = ((best[0] + best[1] + 1) / 2) * BIN;
  const size = groups.flat().map((r) => r.size).sort((a, b) => a - b)[groups.flat().length >> 1] ?? 12;
  if ((best[1] - best[0] + 1) * BIN < size * 1.2) return undefined;
  // Text on both sides of the band on the same baselines, on many lines: two columns, not a short line or a centred title.
  const both = groups.filter((g) => g.some((r) => r.x + r.width <= x) && g.some((r) => r.x >= x)).length;
  return both >= groups.length * 0.4 ? x : undefined;
}

function lineOf(g: Run[], pageNo: number): Line | undefined {
  g.sort((a, b) => a.x - b.x);
  let text = "";
  let end = -Infinity;
  let x0 = Infinity;
  let x1 = -Infinity;
  const sizes: number[] = [];
  for (const r of g) {
    const blank = !r.str.trim();
    if (!blank) {
      // A visible gap between runs is a space (one: two or more would read as a block break downstream).
      if (text && r.x - end > r.size * 0.3 && !text.endsWith(" ")) text += " ";
      text += fixGlyphs(r.str);
      x0 = Math.min(x0, r.x);
      x1 = Math.max(x1, r.x + r.width);
      for (let i = 0; i < r.str.length; i++) sizes.push(r.size);
    } else if (text && !text.endsWith(" ")) text += " ";
    end = Math.max(end, r.x + r.width);
  }
  text = text.replace(/\s+/g, " ").trim();
  if (!text) return undefined;
  sizes.sort((a, b) => a - b);
  return { text, x0, x1, y: g[0].y, size: sizes[sizes.length >> 1], page: pageNo };
}

/**
 * Group runs into lines (same baseline), left to right, lines top to bottom;
 * on a two-column page the left column's lines come first, then the right
 * column's, with lines spanning both columns kept where they stand (above or
 * below the columns).
 */
export function linesOf(page: PageRuns, pageNo: number): Line[] {
  const gutter = gutterOf(page);
  const groups = baselines(page.runs);
  const all = (gs: Run[][]) => gs.map((g) => lineOf(g, pageNo)).filter((l): l is Line => Boolean(l));
  if (gutter === undefined) return all(groups);
  const above: Run[][] = [];
  const left: Run[][] = [];
  const right: Run[][] = [];
  const below: Run[][] = [];
  let columnsStarted = false;
  for (const g of groups) {
    const spans = g.some((r) => r.str.trim() && r.x < gutter && r.x + r.width > gutter);
    if (spans) {
      (columnsStarted ? below : above).push(g);
      continue;
    }
    const l = g.filter((r) => r.x + r.width / 2 < gutter);
    const r = g.filter((r) => r.x + r.width / 2 >= gutter);
    if (l.length || r.length) columnsStarted = true;
    if (l.length) left.push(l);
    if (r.length) right.push(r);
  }
  return all([...above, ...left, ...right, ...below]);
}

const PAGE_NUMBER = [
  /^[-—–－]\s*\d{1,4}\s*[-—–－]$/, // - 2 -
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 1/3
  /^第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$/, // 第 2 页 共 5 页
  /^(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?$/i, // 3, Page 3 of 9
  /^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$/,
];
/** Chromium's print header: "2025/12/1 07:38 <title>"; its footer: "file:///… 1/3" or "https://… 1/3". */
const PRINT_HEADER = /^\d{1,4}[/.\-年]\d{1,2}[/.\-月]\d{1,4}日?[,，]?\s+(?:上午|下午|AM|PM)?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|上午|下午))?(?:\s|$)/i;
const PRINT_FOOTER = /^(?:file|https?|about|data|blob|chrome):\S*(?:\s+\d{1,4}\s*\/\s*\d{1,4})?$|^(?:\/|[a-z]:\\)\S+\.\w{2,5}(?:\s+\d{1,4}\s*\/\s*\d{1,4})?$/i;

export const isPageNumber = (text: string): boolean => PAGE_NUMBER.some((re) => re.test(text.trim()));
export const isPrintFurniture = (text: string): boolean => PRINT_HEADER.test(text) || PRINT_FOOTER.test(text);

/** Lines at the very top or bottom of a page, in the order a running header/footer would sit. */
const EDGE = 2;

/**
 * Which lines are page furniture: page numbers and print headers/footers at
 * a page's top or bottom, and lines repeated (digits aside) at the edges of
 * most pages.
 */
export function furniture(pages: Line[][]): Set<Line> {
  const drop = new Set<Line>();
  // A running header or footer has the same words (page numbers aside) at the same height on every page.
  const shape = (l: Line) => `${Math.round(l.y / 3)}|${l.text.replace(/\d+/g, "#").replace(/\s+/g, "")}`;
  const seen = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, EDGE), ...lines.slice(-EDGE)]);
    for (const s of new Set([...edges].map(shape))) seen.set(s, (seen.get(s) ?? 0) + 1);
  }
  const repeated = (l: Line) => pages.length >= 2 && (seen.get(shape(l)) ?? 0) >= Math.max(2, Math.ceil(pages.length * 0.5));
  // A bare number is a page number only where the pages count: "50" alone at the foot of page 1 is the
  // figure of a sentence broken across the page ("最高给予50" / "万元"), not its number.
  const bare = (l: Line) => (/^\d{1,4}$/.test(l.text.trim()) ? Number(l.text.trim()) : undefined);
  const offsets = new Map<number, number>();
  pages.forEach((lines, i) => {
    for (const l of [...lines.slice(0, EDGE), ...lines.slice(-EDGE)]) {
      const v = bare(l);
      if (v !== undefined) offsets.set(v - (i + 1), (offsets.get(v - (i + 1)) ?? 0) + 1);
    }
  });
  const usual = [...offsets.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const counts = (l: Line, i: number) => {
    const v = bare(l);
    if (v === undefined) return true;
    const k = v - (i + 1);
    return k === usual && (offsets.get(k)! >= 2 || Math.abs(k) <= 2);
  };
  pages.forEach((lines, i) => {
    const edges = [...lines.slice(0, EDGE), ...lines.slice(-EDGE)];
    for (const l of edges) if ((isPageNumber(l.text) && counts(l, i)) || isPrintFurniture(l.text) || repeated(l)) drop.add(l);
  });
  return drop;
}

/** A line that starts a numbered unit of an official document (article, chapter, item) always starts a paragraph. */
const STARTS_UNIT =
  /^(?:第[一二三四五六七八九十百零〇两\d]+[章节条款]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|专栏\s*\d|附件|——)/;

/** A line break inside a sentence: after a comma, an opening bracket or quote, or between a number and its unit. */
export function runsOn(prev: string, next: string): boolean {
  if (/[，、,（(“‘《〔【—-]$/.test(prev)) return true;
  return /\d[.．]?$/.test(prev) && /^(?:[.．]?\d|[万亿千百十元%％‰个家人项件名次台套年月日天倍岁平米吨亩户座期批])/.test(next);
}

const latin = /[A-Za-z]$/;
const latinStart = /^[A-Za-z]/;

export interface LaidOut {
  text: string;
  /** Offset in `text` where each page (1-based: index 0 is page 1) starts. */
  pages: number[];
  /** Characters of body text (furniture excluded): 0 means the PDF has no text layer. */
  bodyChars: number;
  /** The title set on page 1 (see pdfTitle), when there is one. */
  title?: string;
}

/** A paragraph of the laid-out text with the size and page of its first line. */
export interface Para {
  text: string;
  size: number;
  page: number;
}

const TITLE_WORDS = /(?:办法|意见|方案|规划|通知|计划|措施|政策|规定|细则|决定|条例|规则|指引|指南|纲要|通告|公告|批复|要点|清单|目录)(?:[（(][^）)]{1,12}[)）])?$/;

/**
 * The title on page 1: the first paragraph set larger than the body (a red
 * header "…文件" and the document number aside), else a "关于…的通知/办法/意见"
 * line among the page's first lines.
 */
export function pdfTitle(paras: Para[], bodySize: number): string | undefined {
  const first = paras.filter((p) => p.page === 1).slice(0, 12);
  const ok = (t: string) => t.length >= 5 && t.length <= 120 && !/[。；，,：:]$/.test(t) && !/文件$|〔\d{4}〕\d+号|^\d{4}年\d{1,2}月\d{1,2}日$/.test(t);
  const large = first.find((p) => p.size >= bodySize * 1.2 && ok(p.text) && !STARTS_UNIT.test(p.text));
  if (large) return large.text;
  return first.find((p) => ok(p.text) && (/^关于.{2,}的(?:通知|办法|意见|决定|通告|公告|批复|方案|规定|细则)$/.test(p.text) || (p.text.length <= 60 && TITLE_WORDS.test(p.text) && !STARTS_UNIT.test(p.text))))?.text;
}

export function layOut(input: PageRuns[]): LaidOut {
  const pages = input.map((p, i) => linesOf(p, i + 1));
  const drop = furniture(pages);
  const body = pages.map((ls) => ls.filter((l) => !drop.has(l)));
  const all = body.flat();
  // Body size: the size most characters are set in; margins from lines of that size.
  const bySize = new Map<number, number>();
  for (const l of all) bySize.set(Math.round(l.size), (bySize.get(Math.round(l.size)) ?? 0) + l.text.length);
  const bodySize = [...bySize].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
  const bodyLines = all.filter((l) => Math.abs(l.size - bodySize) < bodySize * 0.1);
  // The left edge of the text block: first lines of paragraphs are often indented, so a low percentile.
  const lefts = bodyLines.map((l) => l.x0).sort((a, b) => a - b);
  const left = lefts[Math.floor(lefts.length * 0.1)] ?? 0;
  // The right edge of the text block: wrapped lines reach it, so take a high percentile.
  const rights = bodyLines.map((l) => l.x1).sort((a, b) => a - b);
  const right = rights[Math.floor(rights.length * 0.9)] ?? 0;

  const sameSize = (a: Line, b: Line) => Math.abs(a.size - b.size) < Math.max(a.size, b.size) * 0.1;
  const indented = (l: Line) => l.x0 > left + l.size * 0.9;
  // A line that ran to the right edge was broken by the page width only. Line breaking rules (no 。 at a
  // line start, numbers kept whole) leave wrapped lines up to a few characters short; such a line ends a
  // paragraph only when it also ends a sentence.
  const full = (l: Line) => l.x1 >= right - l.size || (l.x1 >= right - l.size * 3 && !/[。；：:！？!?]$/.test(l.text));
  // Official documents indent each paragraph's first line by two characters. Where this one does, a flush
  // line after a full one continues its paragraph even when it opens with "（2）" (an inline list wrapped there).
  let afterShort = 0;
  let indentedAfterShort = 0;
  for (let i = 1; i < bodyLines.length; i++) {
    if (full(bodyLines[i - 1])) continue;
    afterShort++;
    if (indented(bodyLines[i])) indentedAfterShort++;
  }
  const indentStyle = afterShort >= 3 && indentedAfterShort / afterShort >= 0.6;
  const continues = (prev: Line, next: Line): boolean => {
    if (!sameSize(prev, next)) return false;
    if (prev.size > bodySize * 1.1) return !STARTS_UNIT.test(next.text) && !/[。；：:！？]$/.test(prev.text); // a title over two lines
    // A sentence that visibly runs on (a line ending in a comma, an open bracket or quote, or a number whose
    // unit starts the next line: "最高给予50" / "万元") continues whatever the line's length.
    if (runsOn(prev.text, next.text) && !STARTS_UNIT.test(next.text)) return true;
    if (indented(next)) return false; // indented or centred: a new paragraph
    if (STARTS_UNIT.test(next.text)) return indentStyle && full(prev);
    return full(prev);
  };

  let text = "";
  const starts: number[] = [];
  const paras: Para[] = [];
  let prev: Line | undefined;
  for (const lines of body) {
    starts.push(text.length + (prev && lines.length ? 0 : 0));
    let first = true;
    for (const l of lines) {
      if (prev && continues(prev, l)) {
        const sep = latin.test(prev.text) && latinStart.test(l.text) ? " " : "";
        text += sep;
        paras[paras.length - 1].text += sep + l.text;
      } else {
        if (prev) text += "\n";
        paras.push({ text: l.text, size: l.size, page: l.page });
      }
      if (first) {
        starts[starts.length - 1] = text.length;
        first = false;
      }
      text += l.text;
      prev = l;
    }
  }
  const title = pdfTitle(paras, bodySize);
  return { text: text ? `${text}\n` : "", pages: starts, bodyChars: all.reduce((n, l) => n + l.text.replace(/\s/g, "").length, 0), ...(title ? { title } : {}) };
}
