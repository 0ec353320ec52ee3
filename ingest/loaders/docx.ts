import { unzipSync, strFromU8 } from "fflate";
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { Counters, type Level, type NumberingDefs } from "./ooxml-numbering.js";
import { LoadError, quoted, type Loader } from "./types.js";

/**
 * Word documents read from their OOXML: one paragraph per line, Word's
 * automatic numbering rendered back into the text (a heading "总则" stored
 * with a numbering definition reads "第一章 总则" again), tables one row per
 * line with cells separated by a tab.
 */

const isEl = (n: ChildNode): n is Element => n.type === "tag";
const kids = (e: Element): Element[] => e.children.filter(isEl);
const child = (e: Element | undefined, name: string): Element | undefined => e && kids(e).find((c) => c.name === name);
const val = (e: Element | undefined): string | undefined => e?.attribs["w:val"];

function xml(files: Record<string, Uint8Array>, name: string): Element | undefined {
  const f = files[name];
  if (!f) return undefined;
  const doc = parseDocument(strFromU8(f), { xmlMode: true, decodeEntities: true });
  return doc.children.find(isEl);
}

function readNumbering(root: Element | undefined): NumberingDefs {
  const defs: NumberingDefs = { abstract: new Map(), nums: new Map() };
  if (!root) return defs;
  for (const a of kids(root).filter((e) => e.name === "w:abstractNum")) {
    const levels = new Map<number, Level>();
    for (const l of kids(a).filter((e) => e.name === "w:lvl")) {
      const restart = val(child(l, "w:lvlRestart"));
      const suff = val(child(l, "w:suff"));
      levels.set(Number(l.attribs["w:ilvl"] ?? 0), {
        start: Number(val(child(l, "w:start")) ?? 1),
        numFmt: val(child(l, "w:numFmt")) ?? "decimal",
        lvlText: val(child(l, "w:lvlText")) ?? "",
        suff: suff === "space" || suff === "nothing" ? suff : "tab",
        isLgl: Boolean(child(l, "w:isLgl")),
        ...(restart !== undefined ? { restart: Number(restart) - 1 } : {}),
      });
    }
    defs.abstract.set(a.attribs["w:abstractNumId"], levels);
  }
  for (const n of kids(root).filter((e) => e.name === "w:num")) {
    const overrides = new Map<number, number>();
    for (const o of kids(n).filter((e) => e.name === "w:lvlOverride")) {
      const start = val(child(o, "w:startOverride"));
      if (start !== undefined) overrides.set(Number(o.attribs["w:ilvl"] ?? 0), Number(start));
    }
    defs.nums.set(n.attribs["w:numId"], { abstractId: val(child(n, "w:abstractNumId")) ?? "", overrides });
  }
  return defs;
}

interface NumPr {
  numId?: string;
  ilvl?: number;
}

const numPrOf = (pPr: Element | undefined): NumPr | undefined => {
  const np = child(pPr, "w:numPr");
  if (!np) return undefined;
  const id = val(child(np, "w:numId"));
  const lvl = val(child(np, "w:ilvl"));
  return { ...(id !== undefined ? { numId: id } : {}), ...(lvl !== undefined ? { ilvl: Number(lvl) } : {}) };
};

/** Paragraph styles' numbering (headings are often numbered through their style), following basedOn. */
function readStyles(root: Element | undefined): (styleId: string | undefined) => NumPr | undefined {
  const styles = new Map<string, Element>();
  if (root) for (const s of kids(root)) if (s.name === "w:style" && s.attribs["w:styleId"]) styles.set(s.attribs["w:styleId"], s);
  return (id) => {
    const out: NumPr = {};
    for (let s = id ? styles.get(id) : undefined, hops = 0; s && hops < 10; s = styles.get(val(child(s, "w:basedOn")) ?? ""), hops++) {
      const np = numPrOf(child(s, "w:pPr"));
      if (np?.numId !== undefined && out.numId === undefined) out.numId = np.numId;
      if (np?.ilvl !== undefined && out.ilvl === undefined) out.ilvl = np.ilvl;
    }
    return out.numId !== undefined ? out : undefined;
  };
}

/** Font sizes (half-points): a run's own, else its paragraph style's (following basedOn), else the document default. */
function readSizes(root: Element | undefined): (styleId: string | undefined) => number | undefined {
  const styles = new Map<string, Element>();
  let fallback: number | undefined;
  if (root) {
    for (const s of kids(root)) if (s.name === "w:style" && s.attribs["w:styleId"]) styles.set(s.attribs["w:styleId"], s);
    const d = Number(val(child(child(child(child(root, "w:docDefaults"), "w:rPrDefault"), "w:rPr"), "w:sz")));
    if (d > 0) fallback = d;
  }
  return (id) => {
    for (let s = id ? styles.get(id) : undefined, hops = 0; s && hops < 10; s = styles.get(val(child(s, "w:basedOn")) ?? ""), hops++) {
      const sz = Number(val(child(child(s, "w:rPr"), "w:sz")));
      if (sz > 0) return sz;
    }
    return fallback;
  };
}

/** The largest font size a paragraph's visible runs are set in (half-points). */
function paragraphSize(p: Element, styleSize: number | undefined): number | undefined {
  let max: number | undefined;
  const walk = (e: Element) => {
    for (const c of kids(e)) {
      if (c.name === "w:r") {
        if (!runText(c).trim()) continue;
        const sz = Number(val(child(child(c, "w:rPr"), "w:sz"))) || styleSize;
        if (sz && (max === undefined || sz > max)) max = sz;
      } else if (c.name !== "w:pPr" && c.name !== "w:del") walk(c);
    }
  };
  walk(p);
  return max;
}

/**
 * The title a Word file opens with: the first run of centred paragraphs set
 * larger than the body (after a red-header "…文件" line and the document
 * number, which are set large too), joined into one line.
 */
export function docxTitle(paras: { text: string; centred: boolean; size?: number }[]): string | undefined {
  const counts = new Map<number, number>();
  for (const p of paras) if (p.size) counts.set(p.size, (counts.get(p.size) ?? 0) + p.text.replace(/\s/g, "").length);
  const body = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!body) return undefined;
  const lines: string[] = [];
  let seen = 0;
  for (const p of paras) {
    const t = p.text.replace(/\s+/g, " ").trim();
    if (!t) continue;
    const big = p.centred && (p.size ?? 0) >= body * 1.15 && t.length <= 60 && !/[。；，,：:]$/.test(t);
    if (lines.length) {
      if (!big) break;
      lines.push(t);
      if (lines.length >= 4) break;
      continue;
    }
    if (++seen > 6) break;
    if (big && !/文件$|〔\d{4}〕\d+号|^\d{4}年\d{1,2}月\d{1,2}日$/.test(t)) lines.push(t);
  }
  const title = lines.join("");
  return title.length >= 5 && title.length <= 120 ? title : undefined;
}

/** The visible text of a run container: deleted text and field codes are not shown, so not read. */
function runText(e: Element): string {
  let out = "";
  for (const c of e.children) {
    if (c.type === "text") continue;
    if (!isEl(c)) continue;
    switch (c.name) {
      case "w:t":
        out += c.children.map((t) => (t.type === "text" ? t.data : "")).join("");
        break;
      case "w:tab":
      case "w:ptab":
        out += "\t";
        break;
      case "w:br":
      case "w:cr":
        out += "\n";
        break;
      case "w:noBreakHyphen":
        out += "-";
        break;
      case "w:del":
      case "w:delText":
      case "w:instrText":
      case "w:pPr":
      case "w:rPr":
      case "w:footnoteReference":
      case "w:endnoteReference":
        break;
      default:
        // w:r, w:hyperlink, w:ins, w:smartTag, w:fldSimple, w:sdt/w:sdtContent, w:customXml …
        out += runText(c);
    }
  }
  return out;
}

export function docxText(bytes: Uint8Array): string {
  return readDocx(bytes).text;
}

export function readDocx(bytes: Uint8Array): { text: string; title?: string } {
  const files = unzipSync(bytes, { filter: (f) => /^word\/(document|numbering|styles)\.xml$/.test(f.name) });
  const doc = xml(files, "word/document.xml");
  if (!doc) throw new Error("no word/document.xml");
  const counters = new Counters(readNumbering(xml(files, "word/numbering.xml")));
  const stylesXml = xml(files, "word/styles.xml");
  const styleNum = readStyles(stylesXml);
  const styleSize = readSizes(stylesXml);
  const lines: string[] = [];
  /** Body paragraphs (not table cells) as set: for the title. */
  const set: { text: string; centred: boolean; size?: number }[] = [];

  const paragraph = (p: Element): string => {
    const pPr = child(p, "w:pPr");
    const own = numPrOf(pPr);
    const styled = styleNum(val(child(pPr, "w:pStyle")));
    const numId = own?.numId ?? styled?.numId;
    const ilvl = own?.ilvl ?? styled?.ilvl ?? 0;
    // numId 0 switches numbering off for a paragraph whose style has it.
    const label = numId && numId !== "0" ? (counters.next(numId, ilvl) ?? "") : "";
    const text = runText(p);
    return text.trim() || label ? label + text : text;
  };

  const block = (e: Element): void => {
    for (const c of kids(e)) {
      if (c.name === "w:p") {
        const text = paragraph(c);
        lines.push(text);
        const pPr = child(c, "w:pPr");
        const size = paragraphSize(c, styleSize(val(child(pPr, "w:pStyle"))));
        set.push({ text, centred: val(child(pPr, "w:jc")) === "center", ...(size ? { size } : {}) });
      }
      else if (c.name === "w:tbl") {
        for (const tr of kids(c).filter((r) => r.name === "w:tr")) {
          const cells = kids(tr)
            .filter((tc) => tc.name === "w:tc")
            .map((tc) => kids(tc).filter((p) => p.name === "w:p").map((p) => paragraph(p).trim()).filter(Boolean).join(" "));
          if (cells.some(Boolean)) lines.push(cells.join("\t"));
        }
      } else if (c.name === "w:sdt") block(child(c, "w:sdtContent") ?? c);
      else if (c.name === "w:customXml" || c.name === "w:ins") block(c);
    }
  };
  block(child(doc, "w:body") ?? doc);
  const text = lines.map((l) => l.replace(/[ \t]+$/, "")).join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
  const title = docxTitle(set);
  return { text, ...(title ? { title } : {}) };
}

export const docxLoader: Loader = async (bytes, ctx) => {
  let text: string;
  let title: string | undefined;
  try {
    ({ text, title } = readDocx(bytes));
  } catch {
    throw new LoadError(ctx.name, `${quoted(ctx.name)}无法读取：不是有效的 Word（DOCX）文件，请用 Word 或 WPS 另存为 DOCX 或 PDF 后再试`);
  }
  if (!text.replace(/\s/g, "")) throw new LoadError(ctx.name, `${quoted(ctx.name)}中没有文字内容`);
  return { text, ...(title ? { title } : {}) };
};
