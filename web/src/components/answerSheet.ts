import { append, clear, h } from "../lib/dom.js";
import type { Match } from "../lib/types.js";
import { policiesFrom } from "./siteChrome.js";

/**
 * 答复单: an answer as a hotline or service hall hands it over — the question,
 * the conclusion, the amounts, the quoted articles with document titles and
 * numbers, the date and the disclaimer. Printed through a print stylesheet
 * (the sheet is the only thing on paper) or saved as DOCX.
 */
export interface SheetData {
  question: string;
  conclusion: string;
  matches: Match[];
  /** Quoted articles; defaults to the matches' own quotes. */
  quotes?: { docId: string; docTitle: string; article: string; quote: string }[];
  asOf: string;
}

export interface SheetModel {
  title: string;
  question: string;
  conclusion: string;
  amounts: { label: string; text: string }[];
  articles: { source: string; quote: string }[];
  date: string;
  disclaimer: string;
}

export const SHEET_TITLE = "政策咨询答复单";
export const DISCLAIMER = "本答复依据已收录的政策文件原文作出，金额为按原文规则的测算，仅供参考，最终以主管部门审核结果为准。";

const STATUS_WORD: Record<string, string> = { eligible: "符合条件", needs_info: "待补充信息", ineligible: "不符合", expired: "已失效，仅供参考", not_yet: "尚未生效，仅供参考" };

/** 2026-12-07 → 2026年12月7日. */
export const chineseDate = (iso: string): string => {
  const [y, m, d] = iso.split("-").map(Number);
  return y && m && d ? `${y}年${m}月${d}日` : iso;
};

export function sheetModel(data: SheetData, docNumbers: ReadonlyMap<string, string>): SheetModel {
  const withAmount = data.matches.filter((m) => m.amount?.text && m.status !== "ineligible");
  const quotes = data.quotes ?? data.matches.map((m) => ({ docId: m.docId, docTitle: m.docTitle, article: m.article, quote: m.quote }));
  const seen = new Set<string>();
  const articles = quotes
    .filter((q) => q.quote && !seen.has(q.quote) && seen.add(q.quote))
    .map((q) => {
      const no = docNumbers.get(q.docId);
      return { source: `《${q.docTitle}》${no ? `（${no}）` : ""}${q.article}`, quote: q.quote };
    });
  return {
    title: SHEET_TITLE,
    question: data.question,
    conclusion: data.conclusion,
    amounts: withAmount.map((m) => ({ label: `${m.title || m.article}（${STATUS_WORD[m.status] ?? m.status}）`, text: m.amount!.text })),
    articles,
    date: chineseDate(data.asOf),
    disclaimer: DISCLAIMER,
  };
}

let numbers: Promise<Map<string, string>> | null = null;
/** 文号 by document id, from /api/policies (fetched once; missing numbers are left out). */
function docNumbers(): Promise<Map<string, string>> {
  numbers ??= fetch("/api/policies")
    .then((r) => (r.ok ? r.json() : null))
    .then((body) => new Map(policiesFrom(body).flatMap((p) => (p.docNumber && (p.id ?? p.docId) ? [[(p.id ?? p.docId)!, p.docNumber] as const] : []))))
    .catch(() => new Map());
  return numbers;
}

/** The print-only section of the page: filled with the latest answer, shown only on paper. */
function printSection(): HTMLElement {
  let el = document.getElementById("answer-sheet");
  if (!el) {
    el = h("section", { id: "answer-sheet", class: "answer-sheet", "aria-hidden": "true" });
    document.body.append(el);
  }
  return el;
}

export async function fillPrintSheet(data: SheetData | null): Promise<void> {
  const el = printSection();
  if (!data) {
    clear(el);
    document.body.classList.remove("has-answer-sheet");
    return;
  }
  const m = sheetModel(data, await docNumbers());
  clear(el);
  append(el, [
    h("h1", { class: "sheet-title" }, m.title),
    h("p", { class: "sheet-date" }, `答复日期：${m.date}`),
    h("h2", null, "咨询问题"),
    h("p", null, m.question),
    h("h2", null, "答复结论"),
    h("p", { class: "sheet-conclusion" }, m.conclusion),
    m.amounts.length > 0 && h("h2", null, "金额"),
    m.amounts.length > 0 && h("ul", null, m.amounts.map((a) => h("li", null, `${a.label}：${a.text}`))),
    m.articles.length > 0 && h("h2", null, "依据原文"),
    m.articles.map((a) => h("div", { class: "sheet-article" }, h("p", { class: "sheet-source" }, a.source), h("blockquote", null, a.quote))),
    h("p", { class: "sheet-disclaimer" }, m.disclaimer),
  ]);
  document.body.classList.add("has-answer-sheet");
}

/** The sheet as a Word file; the docx package is loaded only when someone asks for one. */
export async function sheetDocx(data: SheetData): Promise<Blob> {
  const m = sheetModel(data, await docNumbers());
  const { Document, HeadingLevel, Packer, Paragraph, TextRun, AlignmentType } = await import("docx");
  const para = (text: string, opts: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text, ...opts })] });
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 });
  const doc = new Document({
    creator: "政策通",
    title: m.title,
    sections: [
      {
        children: [
          new Paragraph({ text: m.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
          para(`答复日期：${m.date}`),
          heading("咨询问题"),
          para(m.question),
          heading("答复结论"),
          para(m.conclusion),
          ...(m.amounts.length ? [heading("金额"), ...m.amounts.map((a) => para(`${a.label}：${a.text}`))] : []),
          ...(m.articles.length ? [heading("依据原文"), ...m.articles.flatMap((a) => [para(a.source, { bold: true }), para(a.quote)])] : []),
          para(m.disclaimer, { italics: true }),
        ],
      },
    ],
  });
  return Packer.toBlob(doc);
}

/** 打印答复单 and 下载答复单 for one answer; `label` tells buttons of several answers apart. */
/** `shared`: a status line the caller already shows (one live region per answer, not two). */
export function answerSheetActions(get: () => SheetData | null, label = "", shared?: HTMLElement): HTMLElement {
  const status = shared ?? h("span", { class: "copy-status", role: "status" });
  const print = h("button", { type: "button", class: "btn btn--ghost btn--small", "aria-label": `打印答复单${label}` }, "打印答复单");
  const download = h("button", { type: "button", class: "btn btn--ghost btn--small", "aria-label": `下载答复单${label}` }, "下载答复单");
  print.addEventListener("click", async () => {
    const data = get();
    if (!data) return void (status.textContent = "还没有可打印的答复");
    await fillPrintSheet(data);
    window.print();
  });
  download.addEventListener("click", async () => {
    const data = get();
    if (!data) return void (status.textContent = "还没有可下载的答复");
    status.textContent = "正在生成答复单…";
    try {
      const blob = await sheetDocx(data);
      const a = h("a", { href: URL.createObjectURL(blob), download: `答复单-${data.asOf || "政策通"}.docx` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      status.textContent = "答复单已下载";
    } catch {
      status.textContent = "答复单生成失败，请改用打印";
    }
  });
  return h("span", { class: "sheet-actions" }, print, download, shared ? null : status);
}
