/**
 * Cleaning blanks web-page chrome and repeated bodies with spaces of the same
 * length instead of deleting them, so every offset into the cleaned text is an
 * offset into the file as published, and clause text stays a verbatim slice of
 * it (whitespace aside).
 */

/** Whole lines that are page furniture, not policy text. */
const CHROME_LINES: RegExp[] = [
  /^.*扫码使用手机浏览本页内容.*$/gm,
  /^.*下一页.*末页.*$/gm,
  /^\s*我们为您找到\d+条结果\s*$/gm,
  /^(?=.{0,80}$).*(?:无障碍|长者助手|我的收藏|【打印】|浏览次数|分享到|关闭窗口).*$/gm,
  /^\s*(?:政府信息公开|规章库)(?:\s+\S{1,10})*\s*$/gm,
  /^.{0,30}政府信息公开\s*$/gm,
  /^\s*(?:索引号|分类|发布机构|成文日期|名称|文号|发布日期|主题词)[:：].*$/gm,
  /^\s*\d{1,3}\s*$/gm, // page numbers left by PDF/Word conversion
  /^\s*来源[:：].{0,40}$/gm,
  /^.*(?:声明本网站|版权所有|免责声明).*$/gm,
  /^.*发布者[:：].*(?:发布时间|日讯).*$/gm, // a news site's wrapper around the policy
];

/** Inline furniture inside a line. */
const CHROME_INLINE: RegExp[] = [/\[bookmark:[^\]]*\]/g];

export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, " ") + text.slice(end);
}

function blankMatches(text: string, re: RegExp): string {
  // One pass over the text for all matches of `re` (blanking match by match copied the whole text each time).
  let out = "";
  let at = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index! + m[0].length;
    if (end <= at) continue;
    const from = Math.max(at, m.index!);
    out += text.slice(at, from) + text.slice(from, end).replace(/[^\n]/g, " ");
    at = end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/**
 * Some pages publish the whole body twice. Find the longest exact repeat that
 * starts at a paragraph or sentence start and blank the later copy, when it is
 * long enough that it cannot be a shared sentence.
 */
export function blankRepeatedBody(text: string, minLength = 600): string {
  const KEY = 48;
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || c === "。" || c === "：" || c === ":") starts.push(i + 1);
  }
  const seen = new Map<string, number>();
  for (const p of starts) {
    let s = p;
    while (s < text.length && isSpace(text.charCodeAt(s))) s++;
    if (text.length - s < KEY) continue;
    const key = text.slice(s, s + KEY);
    const q = seen.get(key);
    if (q === undefined) {
      seen.set(key, s);
      continue;
    }
    let len = 0;
    while (q + len < s && s + len < text.length && text[q + len] === text[s + len]) len++;
    // Blank the copy and go on: earlier keys all lie before it, so a restart would find the same ones again.
    if (len >= minLength) text = blank(text, s, s + len);
  }
  return text;
}

/** `/\s/` for one UTF-16 unit, without a regex call for the common (CJK, ASCII) characters. */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0 || (c > 0x3000 && c !== 0xfeff)) return false;
  return /\s/.test(String.fromCharCode(c));
}

/** A line that starts a heading, an item or an attachment: never the rest of the line before it. */
const LINE_LABEL = /^\s*(?:第[一二三四五六七八九十百零\d]+[章节条款]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:\.\d+)*\s*[、.．,，)）](?!\d)|\d+(?:\.\d+)+(?=\p{Script=Han})|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳□☐■●◆]|附件|附表|附：|专栏|《|\p{Script=Han}{2,8}[：:]|\d{4}\s*年\s*\d{1,2}\s*月|---|#|[A-Za-z_][\w-]*:)/u;
/** A line laid out in columns (a signature, a form row) or a line of front matter: never joined. */
const LAID_OUT = /\t|[\s\u3000]{2,}|^\s*(?:---|#|[A-Za-z_][\w-]*:)/;
/** What ends a sentence or a lead at a line end. */
const LINE_END = /[。；;：:！？!?]\s*$/;

/**
 * Text copied from a printed page breaks lines at the page width, inside sentences and even words
 * ("补贴上" / "限为每年100万元"). A line as wide as the page's full lines, with no sentence end, runs on
 * into the next unless that one starts a heading or item: the break becomes a space (same length, so
 * offsets still point into the file). The width is the document's own: a text with a paragraph a line
 * has few full-width lines without a sentence end, and is left as it is.
 */
export function reflowLines(text: string): string {
  // Front matter is data, not printed text.
  const fm = /^---\r?\n[\s\S]*?\n---\r?\n/.exec(text);
  if (fm) return fm[0] + reflowLines(text.slice(fm[0].length));
  const lines = text.split("\n");
  const lengths = lines.map((l) => l.trim().length).filter((n) => n >= 8).sort((a, b) => a - b);
  if (lengths.length < 8) return text;
  const width = lengths[Math.floor(lengths.length * 0.75)];
  if (width < 16 || width > 80) return text;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const next = lines[i + 1];
    const t = line.trim();
    const joins = next !== undefined && next.trim() !== "" && t.length >= width * 0.8 && !LINE_END.test(t) && !LINE_LABEL.test(next) && !LAID_OUT.test(t) && !LAID_OUT.test(next.trim());
    out.push(line + (i < lines.length - 1 ? (joins ? " " : "\n") : ""));
  }
  return out.join("");
}

export function cleanText(text: string, extraChrome: RegExp[] = []): string {
  let out = text;
  for (const re of [...CHROME_LINES, ...CHROME_INLINE, ...extraChrome]) out = blankMatches(out, re);
  return reflowLines(blankRepeatedBody(out));
}
