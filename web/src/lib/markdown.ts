import { h, type Child } from "./dom.js";

/**
 * The answer's Markdown, rendered as DOM nodes from a small safe subset:
 * paragraphs, headings, bullet and numbered lists, block quotes, **bold** and
 * [n] citation markers. Everything else stays literal text, so an answer
 * quoting `<img onerror=…>` shows those characters and nothing more.
 */
export interface MarkdownOptions {
  /** Builds the node for a citation marker; returning null keeps "[n]" as text. */
  citation?: (n: number) => Node | null;
}

export function renderMarkdown(src: string, opts: MarkdownOptions = {}): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // Answers are nested inside a page that already has h1/h2.
      const level = Math.min(6, heading[1].length + 2);
      frag.appendChild(h(`h${level}` as "h3", { class: "md-h" }, inline(heading[2], opts)));
      i++;
      continue;
    }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = ORDERED.test(line) && !BULLET.test(line);
      const re = ordered ? ORDERED : BULLET;
      const list = h(ordered ? "ol" : "ul");
      while (i < lines.length && re.test(lines[i])) {
        let text = lines[i].replace(re, "");
        i++;
        // Continuation lines indented under an item belong to it.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !BULLET.test(lines[i]) && !ORDERED.test(lines[i])) {
          text += "\n" + lines[i].trim();
          i++;
        }
        list.appendChild(h("li", null, inline(text, opts)));
      }
      frag.appendChild(list);
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ""));
      frag.appendChild(h("blockquote", null, h("p", null, inline(quoted.join("\n"), opts))));
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !isBlockStart(lines[i])) para.push(lines[i++]);
    frag.appendChild(h("p", null, inline(para.join("\n"), opts)));
  }
  return frag;
}

const BULLET = /^\s*[-*•·]\s+/;
const ORDERED = /^\s*\d{1,3}[.、)]\s*/;
const isBlockStart = (line: string): boolean =>
  /^#{1,6}\s/.test(line) || BULLET.test(line) || ORDERED.test(line) || /^>\s?/.test(line);

/** Inline spans: **bold**, [n] citations, line breaks. */
function inline(text: string, opts: MarkdownOptions): Child[] {
  const out: Child[] = [];
  const parts = text.split(/(\*\*[^*]+\*\*)/);
  for (const part of parts) {
    if (/^\*\*[^*]+\*\*$/.test(part)) out.push(h("strong", null, citations(part.slice(2, -2), opts)));
    else out.push(citations(part, opts));
  }
  return out;
}

function citations(text: string, opts: MarkdownOptions): Child[] {
  const out: Child[] = [];
  const re = /\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push(breaks(text.slice(last, m.index)));
    const nums = m[1].split(/\s*[,，、]\s*/).map(Number);
    const nodes = nums.map((n) => opts.citation?.(n) ?? null);
    if (nodes.every((n) => n)) out.push(nodes as Node[]);
    else out.push(m[0]);
    last = m.index + m[0].length;
  }
  out.push(breaks(text.slice(last)));
  return out;
}

function breaks(text: string): Child[] {
  const out: Child[] = [];
  text.split("\n").forEach((seg, idx) => {
    if (idx) out.push(h("br"));
    if (seg) out.push(seg);
  });
  return out;
}

/** Plain text of an answer, for copying: markers kept, emphasis dropped. */
export const markdownToText = (src: string): string =>
  src.replace(/\*\*([^*]+)\*\*/g, "$1").replace(/^#{1,6}\s+/gm, "").trim();
