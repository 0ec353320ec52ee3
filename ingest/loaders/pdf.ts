import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { layOut, type PageRuns } from "./pdf-layout.js";
import { LoadError, quoted, type Loader } from "./types.js";

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve("pdfjs-dist/package.json"));

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;
// The legacy build runs on Node without DOM, canvas or a worker file (pdf.js falls back to an in-thread worker).
const lib = () => (pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

/** Fewer body characters than this (after headers and footers) and the PDF is a scan. */
const MIN_BODY_CHARS = 20;

/** Mozilla's pdf.js reads the text layer; pdf-layout.ts turns it into paragraphs. */
export const pdfLoader: Loader = async (bytes, ctx) => {
  const { getDocument, VerbosityLevel } = await lib();
  let pages: PageRuns[];
  try {
    const doc = await getDocument({
      data: new Uint8Array(bytes),
      verbosity: VerbosityLevel.ERRORS,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      cMapUrl: join(PDFJS_DIR, "cmaps/"),
      cMapPacked: true,
      standardFontDataUrl: join(PDFJS_DIR, "standard_fonts/"),
    }).promise;
    try {
      pages = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const page = await doc.getPage(n);
        const { width, height } = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const runs: PageRuns["runs"] = [];
        for (const it of content.items) {
          if (!("str" in it)) continue;
          const [a, b, , d, e, f] = it.transform as number[];
          // Horizontal text only; the vertical scale of the text matrix is the font size.
          if (Math.abs(b) > Math.abs(a)) continue;
          runs.push({ str: it.str, x: e, y: f, width: it.width, size: Math.abs(d) || Math.abs(a) });
        }
        pages.push({ width, height, runs });
        page.cleanup();
      }
    } finally {
      await doc.destroy();
    }
  } catch (e) {
    const why = e instanceof Error && /password/i.test(e.message) ? "文件已加密" : "文件已损坏或不是有效的 PDF";
    throw new LoadError(ctx.name, `${quoted(ctx.name)}无法读取：${why}，请提供可正常打开的 PDF 或 DOCX`);
  }
  const out = layOut(pages);
  if (out.bodyChars < MIN_BODY_CHARS) {
    throw new LoadError(ctx.name, `${quoted(ctx.name)}没有可提取的文字层（可能是扫描件），请提供文字版 PDF 或 DOCX`);
  }
  return { text: out.text, pages: out.pages, ...(out.title ? { title: out.title } : {}) };
};
