import { parseDocument } from "htmlparser2";
import type { ChildNode, Document, Element } from "domhandler";
import { decodeText } from "./charset.js";
import type { Loader } from "./types.js";

/**
 * A published web page to the policy text on it: decoded by its charset,
 * parsed by a real HTML parser, reduced to its main content without
 * navigation, share bars, 上一篇/下一篇 and the footer. The main content is the
 * largest block of body text (a TRS_Editor / Custom_UnionStyle div, a table
 * cell, or a saved fragment's run of <p>), never just the first heading; a
 * paragraph set beside that block is kept with it. The title comes from the
 * page's ArticleTitle, the heading that matches <title>, the first <h1>, or
 * the centred large lines the body opens with.
 */

type Parent = Element | Document;
const isEl = (n: ChildNode): n is Element => n.type === "tag" || n.type === "script" || n.type === "style";

const DROP_TAGS = new Set(["script", "style", "noscript", "head", "title", "nav", "footer", "header", "aside", "form", "iframe", "svg", "button", "select", "input", "textarea", "template", "object", "embed"]);
/** class/id words of page furniture (word-ish match: "share-bar", "footer", "crumb"). */
const FURNITURE = /(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|top-?bar|share|bdsharebuttonbox|breadcrumbs?|crumbs?|curmb|location|position|sidebar|side|toolbar|tools|pager|pagination|prev|next|related|relate|comment|copyright|banner|search|login|qrcode|ewm|print|fontsize|font-size)(?:$|[\s_-])/i;
const BLOCK = new Set(["p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead", "tfoot", "tr", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "body", "html"]);
/** Lines of page furniture found inside the content block itself. */
const FURNITURE_LINE = /^(?:上一篇|下一篇|上一条|下一条|上一个|下一个|【?打印(?:本页)?】?|【?关闭(?:窗口)?】?|分享到|扫一扫|字号|【\s*大\s*中\s*小\s*】|相关(?:链接|文章|阅读)[:：]?)(?:[:：\s].*)?$/;

function isFurniture(e: Element): boolean {
  if (DROP_TAGS.has(e.name)) return true;
  const attrs = `${e.attribs.class ?? ""} ${e.attribs.id ?? ""}`.trim();
  return Boolean(attrs) && FURNITURE.test(attrs) && !/(?:^|[\s_-])(?:content|article|text|main|zoom|detail)(?:$|[\s_-])/i.test(attrs);
}

interface Score {
  text: number;
  link: number;
}

/** Text and link-text length of every element, bottom-up. */
function measure(e: Parent, scores: Map<Parent, Score>, inLink = false): Score {
  const s: Score = { text: 0, link: 0 };
  for (const c of e.children) {
    if (c.type === "text") {
      const n = c.data.replace(/\s+/g, "").length;
      s.text += n;
      if (inLink) s.link += n;
    } else if (isEl(c) && !isFurniture(c)) {
      const k = measure(c, scores, inLink || c.name === "a");
      s.text += k.text;
      s.link += k.link;
    }
  }
  scores.set(e, s);
  return s;
}

/** A line of running prose: long, with a sentence mark. */
const isProse = (l: string): boolean => l.replace(/\s/g, "").length >= 40 && /[。；;]/.test(l);

/**
 * Body text that must not be left behind: most of the element's text is
 * running prose and little of it is links (a lead paragraph set beside the
 * div holding the rest; not a footer with one sentence about browsers).
 */
function holdsProse(e: Element, scores: Map<Parent, Score>): boolean {
  const s = scores.get(e);
  if (!s || s.text - s.link < 40 || s.link > s.text * 0.2) return false;
  const lines = textOf(e).split("\n");
  const prose = lines.filter(isProse).reduce((n, l) => n + l.replace(/\s/g, "").length, 0);
  return prose >= (s.text - s.link) * 0.5;
}

/**
 * The main content: the element whose non-link text is largest, descending
 * from <body> (or a fragment's root) while one child still holds most of it
 * and the children left behind hold no running prose (so the block is the
 * tightest container of the whole article, not the page, nor a part of it).
 */
function mainContent(body: Parent, scores: Map<Parent, Score>): Parent {
  const own = (e: Parent) => {
    const s = scores.get(e)!;
    return s.text - s.link;
  };
  let at = body;
  for (;;) {
    const children = at.children.filter(isEl).filter((c) => scores.has(c));
    const best = [...children].sort((a, b) => own(b) - own(a))[0];
    if (!best || own(best) < own(at) * 0.7) return at;
    // A heading is the title of the content beside it, never the content ("<h1>…</h1><p>总则</p>").
    // Nor is one paragraph of several the whole content ("<h1>…</h1><p>总则</p><p>第一条…</p>").
    if (/^(?:h[1-6]|p|span|li|font|strong|b)$/.test((best as Element).name) && children.length > 1) return at;
    if (children.some((c) => c !== best && holdsProse(c, scores))) return at;
    at = best;
  }
}

function textOf(root: Parent): string {
  let out = "";
  const walk = (n: ChildNode, pre: boolean) => {
    if (n.type === "text") {
      out += pre ? n.data : n.data.replace(/[ \t\n\r\f]+/g, " "); // only ASCII whitespace collapses in HTML (U+3000 stays)
      return;
    }
    if (!isEl(n) || isFurniture(n)) return;
    if (n.name === "br") {
      out += "\n";
      return;
    }
    const block = BLOCK.has(n.name);
    if (block) out += "\n";
    if (n.name === "td" || n.name === "th") out += "\t";
    for (const c of n.children) walk(c, pre || n.name === "pre");
    if (block) out += "\n";
  };
  for (const c of root.children) walk(c, false);
  return out
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/g, "").replace(/ *\t[ \t]*/g, "\t"))
    .filter((l) => !FURNITURE_LINE.test(l))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function find(n: Parent, pred: (e: Element) => boolean, skipFurniture = false): Element | undefined {
  for (const c of n.children) {
    if (!isEl(c) || (skipFurniture && isFurniture(c))) continue;
    if (pred(c)) return c;
    const f = find(c, pred, skipFurniture);
    if (f) return f;
  }
  return undefined;
}

function findAll(n: Parent, pred: (e: Element) => boolean, out: Element[] = []): Element[] {
  for (const c of n.children) {
    if (!isEl(c) || isFurniture(c)) continue;
    if (pred(c)) out.push(c);
    findAll(c, pred, out);
  }
  return out;
}

const contains = (outer: Parent, inner: Element): boolean => {
  for (let p: Parent | null = inner; p; p = p.parent as Parent | null) if (p === outer) return true;
  return false;
};

const squash = (s: string): string => s.replace(/\s+/g, "");
const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();
const inner = (e: Element): string => oneLine(textOf(e));

/** A title is a short line, not a sentence. */
const titleLike = (s: string): boolean => {
  const n = squash(s).length;
  return n >= 5 && n <= 120 && !/[。；]$/.test(s.trim());
};

/** Centred and set large or bold, as the title lines of an official document are. */
function titleStyled(e: Element): boolean {
  const style = (x: Element) => `${x.attribs.style ?? ""}`.toLowerCase();
  const centred = (x: Element): boolean => x.name === "center" || /center/i.test(x.attribs.align ?? "") || /text-align\s*:\s*center/.test(style(x));
  const large = (x: Element): boolean => {
    if (/^h[1-3]$/.test(x.name) || x.name === "b" || x.name === "strong" || /font-weight\s*:\s*(?:bold|[6-9]00)/.test(style(x))) return true;
    const pt = /font-size\s*:\s*([\d.]+)\s*(pt|px)/.exec(style(x));
    if (pt && Number(pt[1]) >= (pt[2] === "pt" ? 15 : 20)) return true;
    const size = Number(x.attribs.size);
    return x.name === "font" && size >= 5;
  };
  const anyIn = (x: Element, f: (y: Element) => boolean): boolean => f(x) || x.children.some((c) => isEl(c) && anyIn(c, f));
  let centredUp = false;
  for (let p: Element | null = e, hops = 0; p && hops < 3; p = p.parent as Element | null, hops++) if (p.type === "tag" && centred(p)) centredUp = true;
  return (centredUp || anyIn(e, centred)) && anyIn(e, large);
}

/** The lines a body opens with when they are set as a title (centred, large or bold): joined, one title. */
function styledTitle(main: Parent): { title: string; first: Element } | undefined {
  const blocks = findAll(main, (e) => BLOCK.has(e.name) && !e.children.some((c) => isEl(c) && BLOCK.has(c.name) && squash(textOf(c))));
  const lines: string[] = [];
  let first: Element | undefined;
  for (const b of blocks) {
    const t = inner(b);
    if (!t) continue;
    if (!titleStyled(b) || /〔\d{4}〕|\d+号$|^\d{4}年/.test(t) || !titleLike(t)) break;
    first ??= b;
    lines.push(t);
    if (lines.length >= 4) break;
  }
  const title = lines.join("");
  return first && titleLike(title) && lines.length > 0 ? { title, first } : undefined;
}

/** A page's info bar ("发布时间：… 来源：… 浏览次数：…"): fields of the page, not of the document. */
const INFO_FIELD = "(?:发布时间|发布日期|更新时间|信息来源|文章来源|来源|作者|编辑|责任编辑|浏览次数|点击数|点击量|阅读次数|访问量|浏览量|【?浏览字号|【?字号)";
const INFO_LINE = new RegExp(`^(?:${INFO_FIELD}\\s*[:：][^。；\\n]{0,60}?\\s*)+$`);
const DATE_IN = /(\d{4})\s*(?:-|\/|\.|年)\s*(\d{1,2})\s*(?:-|\/|\.|月)\s*(\d{1,2})/;

/** Drops info-bar lines at the head of the text; the publication date they give is kept as a field. */
function dropInfoBar(text: string): { text: string; published?: string } {
  const lines = text.split("\n");
  let published: string | undefined;
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 6; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    seen++;
    if (!INFO_LINE.test(l) || l.length > 120) continue;
    const d = /(?:发布时间|发布日期)\s*[:：]\s*([^\s]+)/.exec(l)?.[1];
    const m = d ? DATE_IN.exec(d) : null;
    if (m && !published) published = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
    lines[i] = "";
  }
  return { text: lines.join("\n").replace(/\n{3,}/g, "\n\n").trim(), ...(published ? { published } : {}) };
}

const RECORD_LABELS = ["索引号", "发文机关", "发布机构", "发文字号", "文号", "成文日期", "发布日期", "主题分类", "组配分类", "公开方式", "有效性"];

/** The smallest block before the main content that holds two or more labels of a disclosure record. */
function disclosureRecord(body: Parent, main: Parent): string | undefined {
  const labels = (e: Element) => {
    const t = squash(textOf(e)).replace(/[:：]/g, "");
    return RECORD_LABELS.filter((l) => t.includes(l)).length;
  };
  const candidates = findAll(body, (e) => (e.name === "table" || e.name === "div" || e.name === "ul" || e.name === "dl") && !contains(e, main as Element) && labels(e) >= 2 && squash(textOf(e)).length <= 800);
  // Innermost first: a table inside a wrapper div is the record, the wrapper is not.
  const inner = candidates.filter((c) => !candidates.some((d) => d !== c && contains(c, d) && labels(d) >= labels(c)));
  const first = inner[0];
  if (!first || contains(first, main as Element) || (main.type !== "root" && !precedes(first, main as Element))) return undefined;
  // One field a line ("发文机关: 省政府办公厅"), whether a cell holds the pair or a label cell precedes its value.
  const cells = textOf(first).split(/[\t\n]+/).map((c) => c.trim()).filter(Boolean);
  const lines: string[] = [];
  for (const c of cells) {
    const prev = lines.at(-1);
    if (prev !== undefined && /[:：]$/.test(prev) && !RECORD_LABELS.some((l) => squash(c).replace(/[:：]/g, "").startsWith(l))) lines[lines.length - 1] = `${prev} ${c}`;
    else lines.push(c);
  }
  return lines.join("\n") || undefined;
}

/** Document order: a comes before b. */
function precedes(a: Element, b: Element): boolean {
  const path = (n: Element) => {
    const out: ChildNode[] = [];
    for (let p: ChildNode | null = n; p; p = p.parent as ChildNode | null) out.unshift(p);
    return out;
  };
  const pa = path(a);
  const pb = path(b);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  if (i === pa.length || i === pb.length) return false;
  const parent = pa[i - 1] as unknown as Parent;
  return parent.children.indexOf(pa[i]) < parent.children.indexOf(pb[i]);
}

export interface HtmlRead {
  text: string;
  /** The page's title when the page says it (ArticleTitle, the heading matching <title>, an <h1>, the centred large lines the body opens with). */
  title?: string;
  /** The date of the page's info bar (发布时间/发布日期), YYYY-MM-DD, when the bar was dropped from the text. */
  published?: string;
}

export function readHtml(html: string): HtmlRead {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  // A saved fragment (no <html>/<body>: an <h1> and a run of <p>) is read from its root, all of it.
  const body: Parent = find(doc, (e) => e.name === "body") ?? doc;
  const metaTitle = oneLine(find(doc, (e) => e.name === "meta" && /^(?:articletitle|og:title|dc\.title)$/i.test(e.attribs.name ?? e.attribs.property ?? ""))?.attribs.content ?? "");
  const pageTitle = oneLine(textOf(find(doc, (e) => e.name === "title") ?? ({ children: [] } as unknown as Element)));
  const scores = new Map<Parent, Score>();
  measure(body, scores);
  const main = mainContent(body, scores);
  const info = dropInfoBar(textOf(main));
  let text = info.text;

  // The heading that names the page: the one ArticleTitle or <title> names, else the first <h1>.
  const headings = findAll(body, (e) => (/^h[1-3]$/.test(e.name) || /(?:^|[\s_-])(?:\w*title\w*|bt|tit|biaoti)(?:$|[\s_-])/i.test(`${e.attribs.class ?? ""} ${e.attribs.id ?? ""}`)) && titleLike(inner(e)));
  const named = (t: string) => {
    const s = squash(t);
    return (metaTitle && (squash(metaTitle).includes(s) || s.includes(squash(metaTitle)))) || (pageTitle && squash(pageTitle).includes(s));
  };
  const heading = headings.find((h) => named(inner(h))) ?? headings.find((h) => h.name === "h1");
  if (heading && !contains(main, heading)) {
    // The title often sits above the content block (an <h1> beside the date line): bring it along.
    const t = textOf(heading);
    if (!squash(text.slice(0, 300)).includes(squash(t))) text = `${t}\n${text}`;
  }
  // The 政府信息公开 table above the article (索引号, 发文机关, 文号, 成文日期…) belongs to the document: it
  // states the issuer, the number and the date.
  const record = disclosureRecord(body, main);
  if (record && !squash(text).includes(squash(record))) text = `${record}\n${text}`;
  const styled = styledTitle(main);
  let title: string | undefined;
  if (titleLike(metaTitle)) title = metaTitle;
  else if (heading) title = inner(heading);
  else if (styled) title = styled.title;
  else {
    // <title> is "文件名｜站点名" or "站点名_栏目_文件名": a segment the text carries is the title.
    const seg = pageTitle.split(/\s*[|｜_—–]\s*|\s+-\s+/).filter(titleLike).sort((a, b) => b.length - a.length).find((s) => squash(text).includes(squash(s)));
    if (seg) title = seg;
  }
  return { text: text ? `${text}\n` : "", ...(title ? { title } : {}), ...(info.published ? { published: info.published } : {}) };
}

export function htmlText(html: string): string {
  return readHtml(html).text;
}

export const htmlLoader: Loader = async (bytes, ctx) => {
  const { text, title, published } = readHtml(decodeText(bytes, ctx.contentType));
  return { text, ...(title ? { title } : {}), ...(published ? { fields: { published } } : {}) };
};
