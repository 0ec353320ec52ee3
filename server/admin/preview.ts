import { basename, extname } from "node:path";
import { skippedByIngest } from "../../ingest/load.js";
import type { Preview } from "../../ingest/preview.js";
import { ParseSandbox } from "../../ingest/sandbox.js";

/** Editable metadata: what front matter / the sidecar may set. */
export const META_FIELDS = ["id", "title", "issuer", "docNumber", "published", "validFrom", "validTo", "kind", "source"] as const;

export { previewFile, type Preview } from "../../ingest/preview.js";

/** The admin's previews share one sandbox thread, stopped after a minute without work. */
let sandbox: ParseSandbox | undefined;

/** previewFile in the parse sandbox: bounded heap and time, off the event loop (LoadError naming the file and the limit). */
export async function previewInSandbox(name: string, bytes: Buffer, today: string, meta: Record<string, unknown> = {}): Promise<Preview> {
  sandbox ??= new ParseSandbox(undefined, 60_000);
  return (await sandbox.run({ kind: "preview", name, bytes: new Uint8Array(bytes), today, meta }, name)) as Preview;
}

/** A corpus file name: letters, digits, CJK, dot, dash, underscore; one of the uploadable formats. */
export const UPLOAD_EXTENSIONS = new Set([".pdf", ".docx", ".html", ".htm", ".txt", ".md"]);

/**
 * Longest file name in UTF-8 bytes (a Chinese character is 3): with the `.meta.yaml` of a sidecar
 * it stays well inside the 255-byte NAME_MAX of common file systems.
 */
export const MAX_NAME_BYTES = 200;

export function safeName(raw: string): string | undefined {
  const name = basename(raw.replace(/\\/g, "/")).normalize("NFC").trim();
  if (!/^[\w\u4e00-\u9fa5（）()\-.]{1,120}$/u.test(name) || name.startsWith(".")) return undefined;
  return UPLOAD_EXTENSIONS.has(extname(name).toLowerCase()) ? name : undefined;
}

/** Why a well-formed name cannot be stored, or undefined: too long for the file system, or one ingest skips. */
export function nameProblem(name: string): string | undefined {
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_NAME_BYTES) return `文件名过长（${bytes} 字节，上限 ${MAX_NAME_BYTES} 字节，约 ${Math.floor(MAX_NAME_BYTES / 3)} 个汉字），请缩短后上传`;
  if (skippedByIngest(name)) return `以 README、userdict 或 stopwords 开头的文件名是词典和说明文件的保留名，建索引时会被跳过：请改名后上传`;
  return undefined;
}
