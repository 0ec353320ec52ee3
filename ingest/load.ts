import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * One file of the corpus as published. `text` is the body after any YAML front
 * matter; offsets elsewhere in ingest are offsets into this text.
 */
export interface SourceFile {
  /** Path relative to the corpus folder, with forward slashes. */
  path: string;
  text: string;
  frontMatter: Record<string, unknown>;
  bytes: number;
}

/** A loader turns a file's bytes into plain text. PDF/DOCX loaders plug in here. */
export type Loader = (bytes: Buffer) => string;

const textLoader: Loader = (bytes) => bytes.toString("utf8").replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");

/** Minimal HTML → text: block elements become line breaks, tags and scripts are dropped, entities decoded. */
export const htmlLoader: Loader = (bytes) => {
  const html = textLoader(bytes);
  return decodeEntities(
    html
      .replace(/<(script|style|noscript|head)[\s\S]*?<\/\1>/gi, "")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/(p|div|li|tr|h[1-6]|section|article|table|ul|ol)>/gi, "\n")
      .replace(/<[^>]+>/g, ""),
  );
};

function decodeEntities(s: string): string {
  const named: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", ldquo: "“", rdquo: "”", middot: "·", mdash: "—" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

export const LOADERS: Record<string, Loader> = {
  ".txt": textLoader,
  ".md": textLoader,
  ".html": htmlLoader,
  ".htm": htmlLoader,
};

/** Split YAML front matter ("---\n…\n---\n") from the body. */
export function splitFrontMatter(raw: string): { frontMatter: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(raw);
  if (!m) return { frontMatter: {}, body: raw };
  const parsed = parseYaml(m[1]) as unknown;
  const frontMatter = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { frontMatter, body: raw.slice(m[0].length) };
}

/** Every loadable document file under `dir` (recursively), skipping `rules/` and dot-folders, sorted for stable ids. */
export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "rules") walk(p);
      } else if (LOADERS[extname(name).toLowerCase()] && !/^(README|userdict|stopwords)/i.test(name)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

export function loadFile(corpusDir: string, file: string): SourceFile {
  const bytes = readFileSync(file);
  const loader = LOADERS[extname(file).toLowerCase()];
  if (!loader) throw new Error(`不支持的文件类型 / unsupported file type: ${file}`);
  const { frontMatter, body } = splitFrontMatter(loader(bytes));
  return { path: relative(corpusDir, file).split("\\").join("/"), text: body, frontMatter, bytes: bytes.length };
}
