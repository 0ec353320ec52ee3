import type { Clause } from "../core/corpus/schema.js";
import { normalizeWhitespace } from "../core/text/whitespace.js";
import { z } from "zod";
import { readVocab } from "../core/vocab.js";
import { smallNumber } from "./dates.js";

const structureVocab = readVocab("structure.yaml", z.object({ cardFields: z.array(z.string().min(1)), cardNameFields: z.array(z.string().min(1)).default([]) }).strict());
/** "事项名称                  投资贡献奖": the name row of a table card, and the name. */
const CARD_NAME_ALONE = structureVocab.cardNameFields.length ? new RegExp(`^(?:${structureVocab.cardNameFields.join("|")})[：:]?$`) : undefined;
const CARD_NAME = structureVocab.cardNameFields.length ? new RegExp(`^(?:${structureVocab.cardNameFields.join("|")})(?:[ \\t\\u3000]{2,}|[ \\t\\u3000]*[：:][ \\t\\u3000]*)(\\S.{0,40})$`) : undefined;
const CARD_FIELD = new RegExp(`^(?:${structureVocab.cardFields.join("|")})[ \\t\\u3000]*[：:]`);
/** A field of a section or card: a short name and a colon ("补贴标准：…", "申报材料："). */
const FIELD = /^([\u4e00-\u9fa5]{2,6})[ \t\u3000]*[：:]/;
const ITEM_KINDS = new Set<MarkerKind>(["l3", "l4", "l5"]);
const NEVER_UNDER: Partial<Record<MarkerKind, Set<MarkerKind>>> = { l1: new Set(["l3", "l4", "l5", "bullet", "field"]), l4: new Set(["l5"]) };

/**
 * Structure parser for Chinese official documents. A heading is a numbering
 * token at the start of a block (a line, or a span between runs of spaces on
 * pages that lost their line breaks); the same token inside a sentence
 * (依照第九条) is a cross-reference and never starts a block. Nesting follows
 * the order in which numbering kinds appear, the way a reader infers it, so
 * documents that skip or reorder levels still parse.
 */

export type MarkerKind = "chapter" | "section" | "article" | "l1" | "l2" | "l3" | "l4" | "l5" | "box" | "bullet" | "annex" | "field" | "card";

interface Marker {
  kind: MarkerKind;
  n: number;
  /** Canonical label token: "一、", "（一）", "1.", "（1）", "第九条", "专栏2", "附件1". */
  token: string;
}

const CN_NUM = "[一二三四五六七八九十百零〇两]+";

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
/** Full-width digits read as digits: "１２．" is item 12. */
const halfDigits = (s: string) => s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

function cnToInt(s: string): number {
  s = halfDigits(s);
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1 && CIRCLED.includes(s)) return CIRCLED.indexOf(s) + 1;
  const small = smallNumber(s);
  if (small !== undefined) return small;
  const m = new RegExp(`^(${CN_NUM})百(零)?(${CN_NUM})?$`).exec(s);
  if (m) return (smallNumber(m[1]) ?? 1) * 100 + (m[3] ? (smallNumber(m[3]) ?? 0) : 0);
  return NaN;
}

const MARKERS: { kind: MarkerKind; re: RegExp; token: (m: RegExpExecArray) => string }[] = [
  { kind: "chapter", re: new RegExp(`^第(${CN_NUM}|\\d+)章`), token: (m) => `第${m[1]}章` },
  { kind: "section", re: new RegExp(`^第(${CN_NUM}|\\d+)节`), token: (m) => `第${m[1]}节` },
  { kind: "article", re: new RegExp(`^第(${CN_NUM}|\\d+)条`), token: (m) => `第${m[1]}条` },
  { kind: "l1", re: /^([一二三四五六七八九十]{1,3})、/, token: (m) => `${m[1]}、` },
  // 附则 set as a heading of its own ("附  则"), a sibling of the 一、 sections it follows.
  { kind: "l1", re: /^(附)[ \t\u3000\u00a0]*则[ \t\u3000\u00a0]*$/, token: () => "附则" },
  { kind: "l2", re: /^[（(]([一二三四五六七八九十]{1,3})[)）]/, token: (m) => `（${m[1]}）` },
  // One list whichever mark follows the number: 1. 1． 1、 1, 1， (a change of mark inside a list does not end it).
  { kind: "l3", re: /^([\d０-９]{1,2})[ \t]?(?:[.．、]|[,，](?![\d０-９]))(?![\d０-９])/, token: (m) => `${halfDigits(m[1])}.` },
  { kind: "l4", re: /^(?:[（(]([\d０-９]{1,2})[)）]|([\d０-９]{1,2})[)）])/, token: (m) => `（${halfDigits(m[1] ?? m[2])}）` },
  { kind: "l5", re: /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/, token: (m) => m[1] },
  { kind: "box", re: /^专栏\s*(\d{1,2})/, token: (m) => `专栏${m[1]}` },
  { kind: "bullet", re: /^——(?!—)/, token: () => "" },
  { kind: "annex", re: /^附件\s*(\d{0,2})(?=[:：\s]|$)/, token: (m) => `附件${m[1]}` },
];

export function detectMarker(block: string): Marker | undefined {
  for (const { kind, re, token } of MARKERS) {
    const m = re.exec(block);
    if (!m) continue;
    const n = kind === "bullet" ? 0 : kind === "annex" ? Number(m[1] || 1) : m[1] === "附" ? 99 : cnToInt(m[1] ?? m[2]);
    if (Number.isNaN(n)) continue;
    return { kind, n, token: token(m) };
  }
  return undefined;
}

export interface Block {
  start: number;
  end: number;
  text: string;
}

/** Blocks are separated by line breaks or by runs of two or more blanks. */
export function splitBlocks(text: string, from: number, to: number): Block[] {
  const blocks: Block[] = [];
  // A single blank after a full stop also separates blocks when a chapter or article number follows it.
  // A heading spaced out for layout ("附  则", "总  则") is one block: a run of blanks after a line's single first character does not split.
  const sep = /[ \t\u3000\u00a0]*\n[\s\u3000\u00a0]*|(?<!(?:^|\n)[ \t\u3000\u00a0]*[\u4e00-\u9fa5])[ \t\u3000\u00a0]{2,}|(?<=[。；：:])[ \t\u3000\u00a0](?=第[一二三四五六七八九十百零〇两\d]+[章节条])/g;
  sep.lastIndex = from;
  let cursor = from;
  const push = (s: number, e: number) => {
    if (e > s) blocks.push({ start: s, end: e, text: text.slice(s, e) });
  };
  for (let m = sep.exec(text); m && m.index < to; m = sep.exec(text)) {
    push(cursor, Math.min(m.index, to));
    cursor = m.index + m[0].length;
  }
  push(cursor, to);
  // A bare number ("第一章", "第一条") followed by its title or body in the next block belongs with it.
  const merged: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const marker = detectMarker(b.text);
    if (marker && b.text.trim() === marker.token.replace(/^（(.*)）$/, "（$1）") && i + 1 < blocks.length && !detectMarker(blocks[i + 1].text)) {
      const next = blocks[++i];
      merged.push({ start: b.start, end: next.end, text: text.slice(b.start, next.end) });
    } else merged.push(b);
  }
  return merged;
}

/** Kinds that start a citation of their own: "第九条（一）", "专栏2 第2项", not "第二章第九条". */
const LABEL_ROOTS = new Set<MarkerKind>(["article", "box", "annex"]);
const TOP_LEVEL = new Set<MarkerKind>(["chapter", "annex"]);
const NOT_IN_LABEL = new Set<MarkerKind>(["chapter", "section"]);

interface Node {
  /** An item of a list that a field line introduced ("申报条件：" then 1. 2.): a later field ends the list. */
  fieldList?: boolean;
  marker: Marker;
  label: string;
  block: Block;
  depth: number;
  parent?: Node;
  children: Node[];
  bullets: number;
}

function heading(block: string): string {
  const s = normalizeWhitespace(block).split("\n")[0];
  const cut = s.search(/[。；;]/);
  const h = cut > 0 ? s.slice(0, cut) : s;
  return h.length > 40 ? `${h.slice(0, 40)}…` : h;
}

function labelFor(marker: Marker, parent: Node | undefined, bulletIndex: number): string {
  if (marker.kind === "bullet") return `${parent ? parent.label + (parent.marker.kind === "box" ? " " : "") : ""}第${bulletIndex}项`;
  if (LABEL_ROOTS.has(marker.kind) || !parent) return marker.token;
  if (NOT_IN_LABEL.has(parent.marker.kind)) return marker.token;
  // "专栏3 2.", not "专栏32."; a section field is named by its word ("（三） 补贴标准").
  if (parent.marker.kind === "box" || parent.marker.kind === "card" || marker.kind === "field") return `${parent.label} ${marker.token}`;
  return parent.label + marker.token;
}

const CN_DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const cnSmall = (n: number) => (n < 10 ? CN_DIGITS[n] : `${n >= 20 ? CN_DIGITS[Math.floor(n / 10)] : ""}十${CN_DIGITS[n % 10]}`);

/**
 * Each block's marker, with chapter numbers a copy lost restored: between 第二章 and 第四章, a short
 * heading line with no number ("支持引进海外先进适用技术") right before an article is 第三章; before
 * 第二章, such a line ("总则") is 第一章. Without it, that chapter's articles would read as the
 * previous chapter's (or as no chapter's), and take its conditions. A lost number is restored only
 * where the numbers around it leave room for exactly the lone headings found.
 */
function lostChapters(blocks: readonly Block[]): (Marker | undefined)[] {
  const markers = blocks.map((b) => detectMarker(b.text));
  const chapterAt = markers.map((m, i) => (m?.kind === "chapter" ? i : -1)).filter((i) => i >= 0);
  // Only in a document organised by chapters: elsewhere chapters do not hold the articles.
  if (chapterAt.length < 2) return markers;
  // Before the first numbered chapter (from the start, -1), only when nothing but articles comes before it.
  const lead = markers.slice(0, chapterAt[0]).every((m) => !m || m.kind === "article") ? [-1] : [];
  const bounds = [...lead, ...chapterAt];
  const lone = (i: number): boolean => {
    const t = blocks[i].text.trim();
    return !markers[i] && t.length >= 2 && t.length <= 24 && !/[，,。；;：:、！？!?\d]/.test(t) && markers[i + 1]?.kind === "article";
  };
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const from = a < 0 ? 0 : markers[a]!.n;
    const found = [];
    for (let i = a + 1; i < b; i++) if (lone(i)) found.push(i);
    if (!found.length || found.length !== markers[b]!.n - from - 1) continue;
    found.forEach((i, j) => (markers[i] = { kind: "chapter", n: from + 1 + j, token: `第${cnSmall(from + 1 + j)}章` }));
  }
  return markers;
}

/**
 * Cards of a guide (one policy per card): a short title line right before a card field ("政策内容：",
 * "有效期：") starts a card, when the document has two or more of them. Numbered titles are items already.
 */
function cardTitles(blocks: readonly Block[], markers: (Marker | undefined)[], text: string): (Marker | undefined)[] {
  const at: number[] = [];
  for (let i = 0; i + 1 < blocks.length; i++) {
    const t = blocks[i].text.trim();
    if (markers[i] || markers[i + 1] || !CARD_FIELD.test(blocks[i + 1].text.trim())) continue;
    if (t.length < 4 || t.length > 40 || /[。；;，,：:]/.test(t) || FIELD.test(t)) continue;
    at.push(i);
  }
  if (at.length < 2) return namedCards(blocks, markers, text);
  const out = [...markers];
  at.forEach((i, k) => (out[i] = { kind: "card", n: k + 1, token: blocks[i].text.trim().replace(/\s+/g, "") }));
  return out;
}

/**
 * Table cards of a 兑现清单: a name row ("事项名称  投资贡献奖") starts each card, when there are two or
 * more; a short page header right before it ("评审类兑现清单(2)") opens the card instead, so it is not
 * left at the end of the card before.
 */
function namedCards(blocks: readonly Block[], markers: (Marker | undefined)[], text: string): (Marker | undefined)[] {
  if (!CARD_NAME || !CARD_NAME_ALONE) return markers;
  const at: { i: number; name: string }[] = [];
  blocks.forEach((b, i) => {
    if (markers[i]) return;
    const m = CARD_NAME.exec(b.text.trim());
    if (m) at.push({ i, name: m[1].trim().replace(/\s+/g, "") });
    // The name in the next cell of the same row (blocks split at runs of blanks).
    else if (CARD_NAME_ALONE.test(b.text.trim()) && blocks[i + 1] && !text.slice(b.end, blocks[i + 1].start).includes("\n")) at.push({ i, name: blocks[i + 1].text.trim().replace(/\s+/g, "") });
  });
  if (at.length < 2) return markers;
  const out = [...markers];
  at.forEach(({ i, name }, k) => {
    const prev = blocks[i - 1]?.text.trim() ?? "";
    const start = i > 0 && !out[i - 1] && prev.length <= 20 && /[(（]\s*\d+\s*[)）]$/.test(prev) && !/[。；;]/.test(prev) ? i - 1 : i;
    out[start] = { kind: "card", n: k + 1, token: name };
  });
  return out;
}

/**
 * Labels unique within the document: a clause under a restarted numbering is labelled with its
 * parents ("第二章 第一条", "二、1.", "专栏3 2."); what is still the same after that (a paragraph
 * printed twice) is told apart by its place ("5.（第2处）"). Labels used once stay as they are.
 */
function uniqueLabels(nodes: Node[]): void {
  const groups = () => {
    const by = new Map<string, Node[]>();
    for (const n of nodes) by.set(n.label, [...(by.get(n.label) ?? []), n]);
    return [...by.values()].filter((g) => g.length > 1);
  };
  for (let round = 0; round < 4; round++) {
    const dup = groups();
    if (!dup.length) return;
    let changed = false;
    for (const g of dup) {
      for (const n of g) {
        // The nearest parent the label does not already name.
        let p = n.parent;
        while (p && (n.label.startsWith(p.label) || n.label.includes(`${p.label} `))) p = p.parent;
        if (!p) continue;
        n.label = `${p.label} ${n.label}`;
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const g of groups()) g.forEach((n, i) => i > 0 && (n.label = `${n.label}（第${i + 1}处）`));
}

export function parseStructure(docId: string, text: string, from: number, to: number): Clause[] {
  const blocks = splitBlocks(text, from, to);
  const nodes: Node[] = [];
  const stack: Node[] = [];
  let preambleEnd = to;
  const markers = cardTitles(blocks, lostChapters(blocks), text);
  for (const [bi, block] of blocks.entries()) {
    let marker = markers[bi];
    // A field after a list the field before it introduced belongs to the section, not to the list's last item.
    if (!marker && stack.length) {
      const f = FIELD.exec(block.text);
      const top = stack[stack.length - 1];
      if (f && ((ITEM_KINDS.has(top.marker.kind) && top.fieldList) || top.marker.kind === "field")) {
        const field: Marker = { kind: "field", n: 0, token: f[1] };
        stack.length = top.marker.kind === "field" ? stack.length - 1 : stack.findIndex((n) => n.marker.kind === top.marker.kind);
        const parent = stack[stack.length - 1];
        const node: Node = { marker: field, label: parent ? labelFor(field, parent, 0) : field.token, block, depth: stack.length, parent, children: [], bullets: 0 };
        parent?.children.push(node);
        nodes.push(node);
        stack.push(node);
        continue;
      }
    }
    if (!marker) continue;
    // Bullets are leaves: a numbered heading after a bullet list is never its child.
    while (marker.kind !== "bullet" && stack.at(-1)?.marker.kind === "bullet") stack.pop();
    // A dash line before any heading is a subtitle, not an item.
    if (marker.kind === "bullet" && stack.length === 0) continue;
    if (nodes.length === 0) preambleEnd = block.start;
    // Chapters and annexes always start at the top; other kinds nest by first appearance.
    const at = TOP_LEVEL.has(marker.kind) ? stack.findIndex((n) => TOP_LEVEL.has(n.marker.kind) || n.marker.kind === marker.kind) : stack.findIndex((n) => n.marker.kind === marker.kind);
    if (at >= 0) stack.length = at;
    // A 一、 heading is never an arabic item's child, nor is （1） a circled item's: a text that lost its start
    // ("3." before "二、") or lists ① before 1) does not nest them that way.
    else if (NEVER_UNDER[marker.kind]) while (stack.length && NEVER_UNDER[marker.kind]!.has(stack[stack.length - 1].marker.kind)) stack.pop();
    // A chapter after articles at the top (a document whose first chapter lost its number) is no sub-item of them.
    else if (TOP_LEVEL.has(marker.kind)) stack.length = 0;
    const parent = stack[stack.length - 1];
    if (marker.kind === "bullet" && parent) parent.bullets++;
    const bulletIndex = parent?.bullets ?? 0;
    const node: Node = {
      marker,
      label: NOT_IN_LABEL.has(marker.kind) ? marker.token : labelFor(marker, parent, bulletIndex),
      block,
      depth: stack.length,
      parent,
      children: [],
      bullets: 0,
    };
    if (ITEM_KINDS.has(marker.kind)) {
      const first = parent?.children.find((c) => c.marker.kind === marker.kind);
      const before = bi > 0 && !markers[bi - 1] ? blocks[bi - 1].text.trim() : "";
      node.fieldList = first ? Boolean(first.fieldList) : Boolean(before && (FIELD.test(before) || /[：:]$/.test(before)));
    }
    parent?.children.push(node);
    nodes.push(node);
    stack.push(node);
  }
  uniqueLabels(nodes);

  const used = new Map<string, number>();
  const idOf = new Map<Node, string>();
  for (const node of nodes) {
    const k = node.label;
    const seen = (used.get(k) ?? 0) + 1;
    used.set(k, seen);
    idOf.set(node, `${docId}:${seen === 1 ? k : `${k}#${seen}`}`);
  }
  const endOf = (i: number): number => {
    const d = nodes[i].depth;
    for (let j = i + 1; j < nodes.length; j++) if (nodes[j].depth <= d) return nodes[j].block.start;
    return to;
  };

  const clauses: Clause[] = [];
  const preamble = normalizeWhitespace(text.slice(from, preambleEnd));
  if (preamble) {
    clauses.push({ id: `${docId}:序言`, docId, article: "序言", headings: [], text: preamble, start: from, end: preambleEnd, childIds: [], depth: 0 });
  }
  nodes.forEach((node, i) => {
    const headings: string[] = [];
    for (let p = node.parent; p; p = p.parent) headings.unshift(heading(p.block.text));
    const end = endOf(i);
    const clause: Clause = {
      id: idOf.get(node)!,
      docId,
      article: node.label,
      headings,
      text: normalizeWhitespace(text.slice(node.block.start, end)),
      start: node.block.start,
      end,
      childIds: node.children.map((c) => idOf.get(c)!),
      depth: node.depth,
    };
    if (node.parent) clause.parentId = idOf.get(node.parent)!;
    clauses.push(clause);
  });
  return clauses;
}

/** Where a clause's own text stops: at its first sub-item, so chunks do not repeat their children. */
export function ownEnd(clause: Clause, byId: Map<string, Clause>): number {
  const first = clause.childIds.length ? byId.get(clause.childIds[0]) : undefined;
  return first ? first.start : clause.end;
}
