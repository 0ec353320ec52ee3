import iconv from "iconv-lite";

/**
 * Chinese government pages are still often GBK/GB2312. The charset comes from,
 * in order: a byte-order mark, a Content-Type header, a <meta> tag in the
 * first bytes, and last a sniff (bytes that are not valid UTF-8 are GB18030,
 * the superset of GBK and GB2312). A declaration the bytes contradict loses:
 * pages re-saved by an editor keep a stale <meta charset=gb2312> over UTF-8
 * text, or say utf-8 over GBK bytes.
 */
export function charsetOf(bytes: Buffer, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const declared = (s: string | undefined) => s && /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(s)?.[1];
  const utf8 = isUtf8(bytes);
  const sniffed = utf8 ? "utf-8" : "gb18030";
  const fits = (cs: string) => (cs === "utf-8" ? utf8 : cs === "gb18030" ? !utf8 || !hasMultibyte(bytes) : true);
  const fromHeader = declared(contentType);
  if (fromHeader && iconv.encodingExists(fromHeader) && fits(canonical(fromHeader))) return canonical(fromHeader);
  const head = bytes.subarray(0, 4096).toString("latin1");
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (meta && iconv.encodingExists(meta) && fits(canonical(meta))) return canonical(meta);
  return sniffed;
}

/** Bytes above ASCII: valid UTF-8 with any of them is UTF-8 (GBK text is almost never valid UTF-8). */
const hasMultibyte = (bytes: Buffer): boolean => bytes.some((b) => b >= 0x80);

function canonical(name: string): string {
  const n = name.toLowerCase();
  // Pages labelled GB2312 or GBK routinely use characters only GB18030 has; it decodes both.
  if (n === "utf8") return "utf-8";
  return n === "gb2312" || n === "gbk" || n === "x-gbk" || n === "gb_2312-80" || n === "gb18030" ? "gb18030" : n;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeText(bytes: Buffer, contentType?: string): string {
  return iconv.decode(bytes, charsetOf(bytes, contentType)).replace(/^\ufeff/, "");
}
