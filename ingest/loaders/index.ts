import { docxLoader } from "./docx.js";
import { htmlLoader } from "./html.js";
import { legacyLoader } from "./legacy.js";
import { pdfLoader } from "./pdf.js";
import { textLoader } from "./text.js";
import type { Loader } from "./types.js";

export { LoadError, type LoadContext, type LoadedText, type Loader } from "./types.js";

export type Format = "pdf" | "docx" | "html" | "text" | "legacy";

/** Loaders by format; each format's extensions. Adding a format is one module and one line here. */
export const FORMATS: Record<Format, { loader: Loader; extensions: string[]; binary: boolean }> = {
  pdf: { loader: pdfLoader, extensions: [".pdf"], binary: true },
  docx: { loader: docxLoader, extensions: [".docx"], binary: true },
  // Pages saved from a site keep its server's extension: a .jsp/.asp/.php file saved is HTML.
  html: { loader: htmlLoader, extensions: [".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"], binary: false },
  text: { loader: textLoader, extensions: [".txt", ".md"], binary: false },
  legacy: { loader: legacyLoader, extensions: [".doc", ".wps"], binary: true },
};

export const EXTENSIONS: ReadonlySet<string> = new Set(Object.values(FORMATS).flatMap((f) => f.extensions));

export function formatOfExtension(ext: string): Format | undefined {
  const e = ext.toLowerCase();
  return (Object.keys(FORMATS) as Format[]).find((f) => FORMATS[f].extensions.includes(e));
}

/**
 * What the bytes are, whatever the name says: a PDF saved as .html, a DOCX
 * renamed .doc and the like are common in downloaded attachments.
 */
export function sniffFormat(bytes: Buffer): Format | undefined {
  if (bytes.subarray(0, 1024).includes("%PDF-")) return "pdf";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // A zip: DOCX when it holds word/document.xml (the name is stored uncompressed in the local headers).
    return bytes.includes("word/") ? "docx" : undefined;
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return "legacy";
  // Server-page directives (<%@ page … %>, <?php … ?>) and comments may come before the markup.
  const head = bytes
    .subarray(0, 4096)
    .toString("latin1")
    .replace(/^\ufeff|^\xef\xbb\xbf/, "")
    .replace(/^(?:\s*(?:<%[\s\S]*?%>|<\?php[\s\S]*?\?>|<!--[\s\S]*?-->))+/i, "")
    .trimStart()
    .toLowerCase();
  if (/^(?:<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<meta|<body)/.test(head)) return "html";
  return undefined;
}

/** The format to read a file as: the sniffed content type, else the extension. */
export function formatOf(name: string, bytes: Buffer): Format | undefined {
  const ext = /\.[^./\\]+$/.exec(name)?.[0] ?? "";
  const byExt = formatOfExtension(ext);
  const sniffed = sniffFormat(bytes);
  // Text files are never sniffed as HTML: a .txt quoting markup stays text.
  if (sniffed === "html" && byExt === "text") return byExt;
  return sniffed ?? byExt;
}
