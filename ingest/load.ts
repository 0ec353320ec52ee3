import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { checkDepth, checkZip } from "./limits.js";
import { EXTENSIONS, FORMATS, formatOf, LoadError, type LoadContext } from "./loaders/index.js";

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
  /** PDF: offset in `text` at which each page starts (index 0 is page 1). */
  pages?: number[];
}

/** Metadata for a file that cannot carry front matter (PDF, DOCX, HTML): `<file>.meta.yaml` beside it. */
export const SIDECAR = ".meta.yaml";
export const sidecarOf = (file: string): string => `${file}${SIDECAR}`;

function yamlObject(src: string): Record<string, unknown> {
  const parsed = parseYaml(src) as unknown;
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** Split YAML front matter ("---\n…\n---\n") from the body. */
export function splitFrontMatter(raw: string): { frontMatter: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(raw);
  if (!m) return { frontMatter: {}, body: raw };
  return { frontMatter: yamlObject(m[1]), body: raw.slice(m[0].length) };
}

/** Front matter at the head of a text or HTML file, split off at the byte level (the body may be GBK). */
function splitFrontMatterBytes(bytes: Buffer): { frontMatter: Record<string, unknown>; body: Buffer } {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.subarray(start, start + 3).toString("latin1") !== "---") return { frontMatter: {}, body: bytes };
  const head = bytes.subarray(start).toString("latin1");
  const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(head);
  if (!m) return { frontMatter: {}, body: bytes };
  const yamlBytes = bytes.subarray(start, start + m[0].length);
  const { frontMatter } = splitFrontMatter(yamlBytes.toString("utf8"));
  return { frontMatter, body: bytes.subarray(start + m[0].length) };
}

const SKIP = /^(README|userdict|stopwords)/i;

/** A file name ingest leaves out (dictionaries, read-me files): the admin page refuses to upload one. */
export const skippedByIngest = (name: string): boolean => SKIP.test(name);

/** Every loadable document file under `dir` (recursively), skipping `rules/` and dot-folders, sorted for stable ids. */
export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "rules") walk(p);
      } else if (EXTENSIONS.has(extname(name).toLowerCase()) && !SKIP.test(name)) {
        out.push(p);
      }
    }
  };
  walk(dir);
  return out;
}

/** Sidecar metadata files of the corpus (they change what ingest produces, so they are part of the corpus hash). */
export function listSidecars(dir: string): string[] {
  return listCorpusFiles(dir).map(sidecarOf).filter((f) => existsSync(f));
}

/**
 * Bytes as published to a SourceFile: the format is sniffed from the bytes
 * (else taken from the extension), front matter comes from the head of a text
 * file and from a sidecar. Throws LoadError with a Chinese message naming the
 * file when it cannot be read.
 */
export async function loadBytes(name: string, bytes: Buffer, ctx: Partial<LoadContext> = {}, sidecar?: Record<string, unknown>): Promise<Omit<SourceFile, "path">> {
  const format = formatOf(name, bytes);
  if (!format) throw new LoadError(name, `《${basename(name)}》的格式不受支持：请提供 PDF、DOCX、HTML、TXT 或 MD 文件`);
  const split = FORMATS[format].binary ? { frontMatter: {}, body: bytes } : splitFrontMatterBytes(bytes);
  // Bounded before any loader builds a tree or inflates: a zip bomb, markup nested thousands deep.
  if (format === "docx") checkZip(name, split.body);
  else if (format === "html") checkDepth(name, split.body.toString("latin1"));
  const loaded = await FORMATS[format].loader(split.body, { name, ...ctx });
  // Text produced by a loader may itself open with front matter (a .md written by hand, a converted page).
  const inner = splitFrontMatter(loaded.text);
  const shift = loaded.text.length - inner.body.length;
  // The file's own title (see LoadedText.title) yields to one the user wrote down.
  const frontMatter = { ...(loaded.fields ?? {}), ...(loaded.title ? { title: loaded.title } : {}), ...inner.frontMatter, ...split.frontMatter, ...(sidecar ?? {}) };
  const pages = loaded.pages?.map((p) => Math.max(0, p - shift));
  return { text: inner.body, frontMatter, bytes: bytes.length, ...(pages ? { pages } : {}) };
}

export async function loadFile(corpusDir: string, file: string): Promise<SourceFile> {
  const path = relative(corpusDir, file).split("\\").join("/");
  const bytes = await readFile(file);
  const side = sidecarOf(file);
  let sidecar: Record<string, unknown> | undefined;
  if (existsSync(side)) {
    try {
      sidecar = yamlObject(readFileSync(side, "utf8"));
    } catch (e) {
      throw new LoadError(path, `《${basename(side)}》不是有效的 YAML：${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  return { path, ...(await loadBytes(path, bytes, { path: file }, sidecar)) };
}
