import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";

/**
 * Document ids are names, never paths: lower-case letters, digits and hyphens,
 * starting with a letter or digit, at most 100 characters. The one check for an
 * id wherever it enters (admin form, front matter `id:`/`ids:`, `.meta.yaml`,
 * a rule's `docId`, a URL): an id becomes part of file names (rules/<docId>.yaml).
 */
export const DOC_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

export const isDocId = (id: unknown): id is string => typeof id === "string" && DOC_ID.test(id);

/** The Chinese explanation of a refused id, naming where it came from. */
export function docIdProblem(id: unknown, where: string): string | undefined {
  if (isDocId(id)) return undefined;
  const shown = typeof id === "string" ? id.slice(0, 60) : String(id);
  return `${where}中的文档编号“${shown}”无效：只能含小写字母、数字和连字符（-），以字母或数字开头，最多 100 个字符`;
}

/** A short stable hash of a text (an id for a file whose name has no Latin letters or digits). */
export const shortHash = (s: string, n = 8): string => createHash("sha256").update(s).digest("hex").slice(0, n);

export class OutsideCorpusError extends Error {
  constructor(readonly path: string) {
    super(`路径越出语料目录，已拒绝：${path}`);
  }
}

/**
 * `parts` joined under `root`, refused (OutsideCorpusError) unless the resolved
 * path stays strictly inside `root`: no `..`, no absolute part escapes.
 */
export function insideDir(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const p = resolve(base, ...parts);
  const rel = relative(base, p);
  if (!rel || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) || parts.some((x) => x.includes("\0"))) throw new OutsideCorpusError(parts.join("/"));
  return p;
}
