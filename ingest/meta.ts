import { DocKind, type DocMeta, type Evidence, type Region } from "../core/corpus/schema.js";
import { DATE_PATTERN, parseDate } from "./dates.js";
import { decideRegion, type RegionResolver } from "./regions.js";
import { extractValidity } from "./validity.js";

export { extractValidity } from "./validity.js";
export type { RegionResolver } from "./regions.js";

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
  return titleWithEvidence(inp)?.title;
}

/** The title and the words it was read from. */
export function titleWithEvidence(inp: MetaInput): { title: string; evidence: Evidence } | undefined {
  const of = (title: string, source: string, quote = title) => ({ title, evidence: { source, quote } });
  const fm = str(inp.frontMatter.title);
  if (fm) return of(fm, "frontMatter");
  if (inp.listingTitle) return of(inp.listingTitle, "listing");
  const named = field(inp.raw, "名称");
  if (named) return of(named, "header");
  for (const line of firstLines(inp.raw, 8)) {
    const wrapped = /^关于印发《?(.+?)》?的通知$/.exec(line);
    if (wrapped) return of(wrapped[1], "text", line);
  }
  const announced = /发布(?:了)?《([^》]{4,60})》/.exec(inp.raw.slice(0, 600));
  if (announced) return of(announced[1], "text", announced[0]);
  const head = firstLines(inp.clean, 6);
  const k = head.slice(0, 3).findIndex((l) => l.length <= 60 && kindOf(l) !== "其他");
  if (k >= 0) {
    // "鹿城区工业经济" / "高质量发展的若干政策意见": a title set over two lines.
    const prev = head[k - 1];
    if (prev && isTitleLike(prev) && !TITLE_END.test(prev) && !new RegExp(`(?:${ISSUER_TAIL}|文件)$`).test(prev) && (prev + head[k]).length <= 60) return of(prev + head[k], "text", `${prev}\n${head[k]}`);
    return of(head[k], "text");
  }
  // PDFs and Word files carry the title as their first line(s), with names such as 若干政策/措施/细则.
  for (let i = 0; i < Math.min(head.length, 4); i++) {
    const l = head[i];
    if (!isTitleLike(l)) continue;
    // A title Word users break over two paragraphs: "关于印发《某某市促进" / "产业发展若干措施》的通知".
    const next = head[i + 1];
    if (next && isTitleLike(next) && !TITLE_END.test(l) && TITLE_END.test(next) && (l + next).length <= 60) return of(l + next, "text", `${l}\n${next}`);
    if (TITLE_END.test(l)) return of(l, "text");
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
  void title;
  return issuerWithEvidence(inp)?.name;
}

/** The issuer, where it was read (header, first lines, signature, interpretation) and the words it was read from. */
export function issuerWithEvidence(inp: MetaInput): { name: string; source: string; quote: string } | undefined {
  const fm = str(inp.frontMatter.issuer);
  if (fm) return { name: fm, source: "frontMatter", quote: fm };
  const published = field(inp.raw, "发布机构") ?? field(inp.raw, "发文机关");
  if (published) return { name: published, source: "header", quote: published };
  const lastOf = inp.raw.trimEnd().split("\n").at(-1)?.trim();
  for (const line of firstLines(inp.raw, 4)) if (line !== lastOf && new RegExp(`^[\\u4e00-\\u9fa5（）()]{2,30}${ISSUER_TAIL}$`).test(line)) return { name: line, source: "text", quote: line };
  const announced = new RegExp(`([\\u4e00-\\u9fa5]{2,24}${ISSUER_TAIL})发布(?:了)?《`).exec(inp.raw.slice(0, 600));
  if (announced) return { name: announced[1].replace(/^(近日|日前|今天|今日)/, ""), source: "text", quote: announced[0] };
  // A signature before the closing date: "财政部办公厅   国家知识产权局办公室 2021年3月19日".
  // The signature and the date may each have their own line ("东莞市知识产权局\n2017年8月1日").
  const end = inp.clean.trimEnd();
  const sig = new RegExp(`((?:[\\u4e00-\\u9fa5]{2,24}${ISSUER_TAIL}[ \\t\\u3000\\u00a0]*\\n?[ \\t\\u3000\\u00a0]*){1,3})${DATE_PATTERN}\\s*$`).exec(end);
  if (sig) return { name: sig[1].trim().split(/\s+/).join("、"), source: "signature", quote: end.slice(sig.index).trim() };
  // A signature with no date after it: the document's last line is the issuing body.
  const lastLine = end.split("\n").at(-1)?.trim() ?? "";
  if (new RegExp(`^(?:[\\u4e00-\\u9fa5（）()]{2,30}${ISSUER_TAIL}[ \\t\\u3000\\u00a0]*){1,3}$`).test(lastLine)) return { name: lastLine.split(/\s+/).join("、"), source: "signature", quote: lastLine };
  // "本政策由中共温州市鹿城区委、温州市鹿城区人民政府负责解释": the interpreting bodies are the issuers.
  const body = `[\\u4e00-\\u9fa5（）()]{2,24}?(?:${ISSUER_TAIL}|委)`;
  const interpreted = new RegExp(`本[\\u4e00-\\u9fa5]{0,6}?(?:办法|意见|方案|规定|细则|政策|措施|通知|计划)(?:最终解释权归属于|由)((?:${body}[、和及]?){1,3}?)(?:按各自职责)?(?:负责解释|$|。)`).exec(inp.clean);
  if (interpreted) return { name: interpreted[1], source: "interpretation", quote: interpreted[0] };
  // "…由温州市鹿城区人民政府负责解释" in any wording: a body that interprets the text is its issuer.
  const byBody = new RegExp(`由((?:${body}[、和及]?){1,3}?)(?:按各自职责)?负责解释`).exec(inp.clean);
  if (byBody) return { name: byBody[1], source: "interpretation", quote: byBody[0] };
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
  return "unknown";
}

export function extractRegion(inp: MetaInput, title: string | undefined, issuer: string | undefined, resolve: RegionResolver): Region {
  return regionWithEvidence(inp, title, issuer ? { name: issuer, source: "issuer", quote: issuer } : undefined, resolve, extractDocNumber(inp)).region;
}

function regionWithEvidence(inp: MetaInput, title: string | undefined, issuer: { name: string; source: string; quote: string } | undefined, resolve: RegionResolver, docNumber: string | undefined): { region: Region; evidence: Evidence[] } {
  const fm = inp.frontMatter.region;
  if (fm && typeof fm === "object") {
    const r = fm as Omit<Region, "level"> & { level?: Region["level"] };
    return { region: { ...r, level: r.level ?? levelOf(r) }, evidence: [{ source: "frontMatter", quote: JSON.stringify(fm) }] };
  }
  if (inp.listingTag && /国家级/.test(inp.listingTag)) return { region: { level: "national" }, evidence: [{ source: "listing", quote: inp.listingTag }] };
  const tag = inp.listingTag?.replace(/级$/, "");
  const tagged = tag ? resolve(tag) : undefined;
  if (tagged && (tagged.province || tagged.city)) return { region: { ...tagged, level: levelOf(tagged) }, evidence: [{ source: "listing", quote: inp.listingTag! }] };
  return decideRegion({ ...(title ? { title } : {}), ...(issuer ? { issuer } : {}), ...(docNumber ? { docNumber } : {}), body: inp.clean }, resolve);
}

export function extractMeta(inp: MetaInput, resolve: RegionResolver): DocMeta {
  const titled = titleWithEvidence(inp);
  const title = titled?.title ?? inp.id;
  const issuer = issuerWithEvidence(inp);
  const published = extractPublished(inp);
  const validity = extractValidity(inp.clean, published, title);
  const fmKind = DocKind.safeParse(inp.frontMatter.kind);
  const docNumber = extractDocNumber(inp);
  const region = regionWithEvidence(inp, title, issuer, resolve, docNumber);
  const meta: DocMeta = {
    id: inp.id,
    title,
    region: region.region,
    kind: fmKind.success ? fmKind.data : kindOf(title),
    sourceFile: inp.sourceFile,
    sourceStart: inp.sourceStart,
    sourceEnd: inp.sourceEnd,
  };
  if (issuer) meta.issuer = issuer.name;
  if (docNumber) meta.docNumber = docNumber;
  if (published) meta.published = published;
  if (validity.validFrom) meta.validFrom = validity.validFrom;
  if (validity.validTo) meta.validTo = validity.validTo;
  if (validity.validityQuote) meta.validityQuote = validity.validityQuote;
  if (validity.validityQuotes) meta.validityQuotes = validity.validityQuotes;
  if (validity.effectiveOnPublication) meta.effectiveOnPublication = true;
  if (validity.validityFromTitle) meta.validityFromTitle = true;
  if (validity.validityFromCampaign) meta.validityFromCampaign = true;
  if (validity.repeals) meta.repeals = validity.repeals;
  const evidence: NonNullable<DocMeta["evidence"]> = {
    title: titled?.evidence ?? { source: "fileName", quote: inp.sourceFile },
  };
  if (issuer) evidence.issuer = { source: issuer.source, quote: issuer.quote };
  if (docNumber) evidence.docNumber = { source: str(inp.frontMatter.docNumber) ? "frontMatter" : "text", quote: docNumber };
  if (published) evidence.published = { source: str(inp.frontMatter.published) ? "frontMatter" : "text", quote: publishedQuote(inp) ?? published };
  if (region.evidence.length) evidence.region = region.evidence;
  if (validity.validityQuotes) evidence.validity = validity.validityQuotes.map((q) => ({ source: validity.validityFromTitle && q === validity.validityQuotes!.at(-1) ? "title" : "text", quote: q }));
  meta.evidence = evidence;
  const doubts: NonNullable<DocMeta["doubts"]> = [];
  if (meta.region.level === "unknown") doubts.push("region_unknown");
  if (!meta.validFrom && !meta.validTo) doubts.push("no_period");
  if (!titled) doubts.push("title_from_file_name");
  if (doubts.length) meta.doubts = doubts;
  if (validity.measurePeriods) measureOf.set(meta, validity.measurePeriods);
  return meta;
}

/** Periods of one measure, card or round found while reading a document's validity (for its clauses). */
const measureOf = new WeakMap<DocMeta, NonNullable<ReturnType<typeof extractValidity>["measurePeriods"]>>();
export const measurePeriodsOf = (meta: DocMeta) => measureOf.get(meta) ?? [];

/** The line the publication date was read from, when it is in the text. */
function publishedQuote(inp: MetaInput): string | undefined {
  for (const name of ["成文日期", "发布日期", "发布时间"]) {
    const v = field(inp.raw, name);
    if (v && parseDate(v)) return `${name}：${v}`;
  }
  const closing = new RegExp(`${DATE_PATTERN}\\s*$`).exec(inp.clean.trimEnd());
  return closing ? closing[0].trim() : undefined;
}
