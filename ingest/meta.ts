import { DocKind, type DocMeta, type Region } from "../core/corpus/schema.js";
import { DATE_PATTERN, parseDate } from "./dates.js";
import { extractValidity } from "./validity.js";

export { extractValidity } from "./validity.js";

/** Finds the administrative region named in a text (title, issuer). */
export type RegionResolver = (text: string) => Omit<Region, "level"> | undefined;

export interface MetaInput {
  id: string;
  sourceFile: string;
  /** The part's raw text (before cleaning: header fields such as 发布机构 live in the chrome). */
  raw: string;
  /** The part's cleaned text. */
  clean: string;
  sourceStart: number;
  sourceEnd: number;
  frontMatter: Record<string, unknown>;
  listingTitle?: string;
  listingTag?: string;
}

const KIND_WORDS: [RegExp, DocMeta["kind"]][] = [
  [/(工作总结|工作部署|工作报告)/, "工作报告"],
  [/办法/, "办法"],
  [/意见/, "意见"],
  [/规划/, "规划"],
  [/方案/, "方案"],
  [/计划/, "计划"],
  [/通知/, "通知"],
];

export function kindOf(title: string): DocMeta["kind"] {
  // The last kind word wins: "关于印发…工作方案的通知" is a 方案 wrapped in a 通知.
  const inner = /^关于印发/.test(title) ? title.replace(/^关于印发|的通知$/g, "") : title;
  // Otherwise the kind word closest to the end: "关于实施专利转化专项计划…的通知" is a 通知.
  let best: DocMeta["kind"] = "其他";
  let at = -1;
  for (const [re, kind] of KIND_WORDS) {
    const m = [...inner.matchAll(new RegExp(re.source, "g"))].at(-1);
    if (m && m.index! > at) [best, at] = [kind, m.index!];
  }
  return best;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const field = (raw: string, name: string): string | undefined => {
  // Page headers put several fields on one line: "发布机构: X 成文日期: 2025-05-29".
  const m = new RegExp(`^\\s*${name}\\s*[:：][ \\t]*([^\\n]*?)(?:\\s+[\\u4e00-\\u9fa5]{2,6}[:：].*)?$`, "m").exec(raw);
  return m && m[1].trim() ? m[1].trim() : undefined;
};
const firstLines = (text: string, n: number) =>
  text.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, n);

export function extractTitle(inp: MetaInput): string | undefined {
  const fm = str(inp.frontMatter.title);
  if (fm) return fm;
  if (inp.listingTitle) return inp.listingTitle;
  const named = field(inp.raw, "名称");
  if (named) return named;
  for (const line of firstLines(inp.raw, 8)) {
    const wrapped = /^关于印发《?(.+?)》?的通知$/.exec(line);
    if (wrapped) return wrapped[1];
  }
  const announced = /发布(?:了)?《([^》]{4,60})》/.exec(inp.raw.slice(0, 600));
  if (announced) return announced[1];
  const head = firstLines(inp.clean, 6);
  const k = head.slice(0, 3).findIndex((l) => l.length <= 60 && kindOf(l) !== "其他");
  if (k >= 0) {
    // "鹿城区工业经济" / "高质量发展的若干政策意见": a title set over two lines.
    const prev = head[k - 1];
    if (prev && isTitleLike(prev) && !TITLE_END.test(prev) && !new RegExp(`(?:${ISSUER_TAIL}|文件)$`).test(prev) && (prev + head[k]).length <= 60) return prev + head[k];
    return head[k];
  }
  // PDFs and Word files carry the title as their first line(s), with names such as 若干政策/措施/细则.
  for (let i = 0; i < Math.min(head.length, 4); i++) {
    const l = head[i];
    if (!isTitleLike(l)) continue;
    // A title Word users break over two paragraphs: "关于印发《某某市促进" / "产业发展若干措施》的通知".
    const next = head[i + 1];
    if (next && isTitleLike(next) && !TITLE_END.test(l) && TITLE_END.test(next) && (l + next).length <= 60) return l + next;
    if (TITLE_END.test(l)) return l;
  }
  return undefined;
}

/** Words a policy's title ends with. */
const TITLE_END = /(?:办法|意见|方案|规划|通知|计划|措施|政策|规定|细则|决定|条例|规则|指引|指南|纲要|通告|公告|批复|工作要点|实施方案|报告)(?:[（(][^）)]{1,12}[)）])?$/;

/** A short line with no sentence punctuation that is no numbered item, date or document number. */
function isTitleLike(l: string): boolean {
  return l.length >= 6 && l.length <= 60 && !/[。；;，,：:]$|[。；]/.test(l) && !/^(?:第[一二三四五六七八九十百零〇两\d]+[章节条]|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])/.test(l) && !/〔\d{4}〕\d+号|^\d{4}年\d{1,2}月\d{1,2}日$/.test(l);
}

const ISSUER_TAIL = "(?:人民政府办公室|人民政府办公厅|人民政府|办公厅|办公室|管理委员会|委员会|知识产权局|监督管理局|局|厅)";

export function extractIssuer(inp: MetaInput, title: string | undefined): string | undefined {
  const fm = str(inp.frontMatter.issuer);
  if (fm) return fm;
  const published = field(inp.raw, "发布机构");
  if (published) return published;
  for (const line of firstLines(inp.raw, 4)) if (new RegExp(`^[\\u4e00-\\u9fa5（）()]{2,30}${ISSUER_TAIL}$`).test(line)) return line;
  const announced = new RegExp(`([\\u4e00-\\u9fa5]{2,24}${ISSUER_TAIL})发布(?:了)?《`).exec(inp.raw.slice(0, 600));
  if (announced) return announced[1].replace(/^(近日|日前|今天|今日)/, "");
  // A signature before the closing date: "财政部办公厅   国家知识产权局办公室 2021年3月19日".
  // The signature and the date may each have their own line ("东莞市知识产权局\n2017年8月1日").
  const sig = new RegExp(`((?:[\\u4e00-\\u9fa5]{2,24}${ISSUER_TAIL}[ \\t\\u3000\\u00a0]*\\n?[ \\t\\u3000\\u00a0]*){1,3})${DATE_PATTERN}\\s*$`).exec(inp.clean.trimEnd());
  if (sig) return sig[1].trim().split(/\s+/).join("、");
  // "本政策由中共温州市鹿城区委、温州市鹿城区人民政府负责解释": the interpreting bodies are the issuers.
  const body = `[\\u4e00-\\u9fa5（）()]{2,24}?(?:${ISSUER_TAIL}|委)`;
  const interpreted = new RegExp(`本[\\u4e00-\\u9fa5]{0,6}?(?:办法|意见|方案|规定|细则|政策|措施|通知|计划)(?:最终解释权归属于|由)((?:${body}[、和及]?){1,3}?)(?:按各自职责)?(?:负责解释|$|。)`).exec(inp.clean);
  if (interpreted) return interpreted[1];
  void title;
  return undefined;
}

const DOC_NO = "[\\u4e00-\\u9fa5]{1,12}〔\\d{4}〕\\d{1,4}号";

export function extractDocNumber(inp: MetaInput): string | undefined {
  const fm = str(inp.frontMatter.docNumber);
  if (fm) return fm;
  const f = field(inp.raw, "文号");
  if (f && new RegExp(DOC_NO).test(f)) return f;
  const own = new RegExp(`^\\s*(${DOC_NO})\\s*$`, "m").exec(inp.raw);
  if (own) return own[1];
  const wrapped = new RegExp(`印发[^\\n]{0,80}?的通知[（(](${DOC_NO})[）)]`).exec(inp.raw);
  if (wrapped) return wrapped[1];
  return undefined;
}

export function extractPublished(inp: MetaInput): string | undefined {
  const fm = str(inp.frontMatter.published);
  if (fm) return parseDate(fm);
  for (const name of ["成文日期", "发布日期", "发布时间"]) {
    const v = field(inp.raw, name);
    const d = v && parseDate(v);
    if (d) return d;
  }
  const news = /发布时间[:：]\s*(\d{4}-\d{2}-\d{2})/.exec(inp.raw);
  if (news) return parseDate(news[1]);
  // A date closing the document, or on a line of its own near the top (the signature of a 通知).
  const closing = new RegExp(`${DATE_PATTERN}\\s*$`).exec(inp.clean.trimEnd());
  if (closing) return parseDate(closing[0]);
  const ownLine = new RegExp(`^\\s*(${DATE_PATTERN})\\s*$`, "m").exec(inp.clean.slice(0, 2000));
  return ownLine ? parseDate(ownLine[1]) : undefined;
}

function levelOf(r: Omit<Region, "level">): Region["level"] {
  if (r.district) return "district";
  if (r.city) return "city";
  if (r.province) return "province";
  return "national";
}

export function extractRegion(inp: MetaInput, title: string | undefined, issuer: string | undefined, resolve: RegionResolver): Region {
  const fm = inp.frontMatter.region;
  if (fm && typeof fm === "object") {
    const r = fm as Omit<Region, "level"> & { level?: Region["level"] };
    return { ...r, level: r.level ?? levelOf(r) };
  }
  if (inp.listingTag && /国家级/.test(inp.listingTag)) return { level: "national" };
  for (const text of [inp.listingTag?.replace(/级$/, ""), title, issuer]) {
    if (!text) continue;
    const r = resolve(text);
    if (r && (r.province || r.city)) return { ...r, level: levelOf(r) };
  }
  return { level: "national" };
}

export function extractMeta(inp: MetaInput, resolve: RegionResolver): DocMeta {
  const title = extractTitle(inp) ?? inp.id;
  const issuer = extractIssuer(inp, title);
  const published = extractPublished(inp);
  const validity = extractValidity(inp.clean, published, title);
  const fmKind = DocKind.safeParse(inp.frontMatter.kind);
  const meta: DocMeta = {
    id: inp.id,
    title,
    region: extractRegion(inp, title, issuer, resolve),
    kind: fmKind.success ? fmKind.data : kindOf(title),
    sourceFile: inp.sourceFile,
    sourceStart: inp.sourceStart,
    sourceEnd: inp.sourceEnd,
  };
  const docNumber = extractDocNumber(inp);
  if (issuer) meta.issuer = issuer;
  if (docNumber) meta.docNumber = docNumber;
  if (published) meta.published = published;
  if (validity.validFrom) meta.validFrom = validity.validFrom;
  if (validity.validTo) meta.validTo = validity.validTo;
  if (validity.validityQuote) meta.validityQuote = validity.validityQuote;
  if (validity.validityQuotes) meta.validityQuotes = validity.validityQuotes;
  if (validity.effectiveOnPublication) meta.effectiveOnPublication = true;
  if (validity.validityFromTitle) meta.validityFromTitle = true;
  if (validity.repeals) meta.repeals = validity.repeals;
  return meta;
}
