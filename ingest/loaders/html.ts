import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { decodeText } from "./charset.js";
import type { Loader } from "./types.js";

/**
 * A published web page to the policy text on it: decoded by its charset,
 * parsed by a real HTML parser, reduced to its main content (the block
 * holding the densest run of non-link text) without navigation, share bars,
 * 上一篇/下一篇 and the footer.
 */

const isEl = (n: ChildNode): n is Element => n.type === "tag" || n.type === "script" || n.type === "style";

const DROP_TAGS = new Set(["script", "style", "noscript", "head", "nav", "footer", "header", "aside", "form", "iframe", "svg", "button", "select", "input", "textarea", "template", "object", "embed"]);
/** class/id words of page furniture (word-ish match: "share-bar", "footer", "crumb"). */
const FURNITURE = /(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|top-?bar|share|bdsharebuttonbox|breadcrumbs?|crumbs?|location|position|sidebar|side|toolbar|tools|pager|pagination|prev|next|related|relate|comment|copyright|banner|search|login|qrcode|ewm|print|fontsize|font-size)(?:$|[\s_-])/i;
const BLOCK = new Set(["p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "thead", "tfoot", "tr", "blockquote", "pre", "center", "address", "figure", "figcaption", "hr", "body", "html"]);
/** Lines of page furniture found inside the content block itself. */
const FURNITURE_LINE = /^(?:上一篇|下一篇|上一条|下一条|【?打印(?:本页)?】?|【?关闭(?:窗口)?】?|分享到|扫一扫|字号|【\s*大\s*中\s*小\s*】|相关(?:链接|文章|阅读)[:：]?)(?:[:：\s].*)?$/;

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
function measure(e: Element, scores: Map<Element, Score>, inLink = false): Score {
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

/**
 * The main content: the element whose non-link text is largest, descending
 * from <body> while one child still holds most of it (so the block is the
 * tightest container of the article, not the page).
 */
function mainContent(body: Element, scores: Map<Element, Score>): Element {
  const own = (e: Element) => {
    const s = scores.get(e)!;
    return s.text - s.link;
  };
  let at = body;
  for (;;) {
    const children = at.children.filter(isEl).filter((c) => scores.has(c));
    const best = children.sort((a, b) => own(b) - own(a))[0];
    if (!best || own(best) < own(at) * 0.7) return at;
    at = best;
  }
}

function textOf(root: Element): string {
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
  walk(root, false);
  return out
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/g, "").replace(/ *\t[ \t]*/g, "\t"))
    .filter((l) => !FURNITURE_LINE.test(l))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function find(n: ChildNode, pred: (e: Element) => boolean, skipFurniture = false): Element | undefined {
  if (!isEl(n) || (skipFurniture && isFurniture(n))) return undefined;
  if (pred(n)) return n;
  for (const c of n.children) {
    const f = find(c, pred, skipFurniture);
    if (f) return f;
  }
  return undefined;
}

const contains = (outer: Element, inner: Element): boolean => {
  for (let p: Element | null = inner; p; p = p.parent as Element | null) if (p === outer) return true;
  return false;
};

export function htmlText(html: string): string {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const root = doc.children.find(isEl) ?? (doc as unknown as Element);
  const body = find(root, (e) => e.name === "body") ?? root;
  const scores = new Map<Element, Score>();
  measure(body, scores);
  const main = mainContent(body, scores);
  let text = textOf(main);
  // The title often sits above the content block (an <h1> beside the date line): bring it along.
  const h1 = find(body, (e) => /^h[12]$/.test(e.name) && !isFurniture(e) && (scores.get(e)?.text ?? 0) >= 4, true);
  if (h1 && !contains(main, h1)) {
    const title = textOf(h1).replace(/\s+/g, "");
    if (title && !text.slice(0, 200).replace(/\s+/g, "").includes(title)) text = `${textOf(h1)}\n${text}`;
  }
  return text ? `${text}\n` : "";
}

export const htmlLoader: Loader = async (bytes, ctx) => ({ text: htmlText(decodeText(bytes, ctx.contentType)) });
