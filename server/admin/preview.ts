import { basename, extname } from "node:path";
import { inForce, type Clause, type DocMeta } from "../../core/corpus/schema.js";
import { loadBytes } from "../../ingest/load.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";

/** Editable metadata: what front matter / the sidecar may set. */
export const META_FIELDS = ["id", "title", "issuer", "docNumber", "published", "validFrom", "validTo", "kind", "source"] as const;

export interface Preview {
  file: string;
  docs: (DocMeta & { inForce: boolean; asOf: string })[];
  clauses: Pick<Clause, "id" | "article" | "headings" | "depth" | "text" | "page">[];
  chars: number;
}

/** What ingest will make of a file, without writing anything: metadata, validity today, clause tree. */
export async function previewFile(name: string, bytes: Buffer, today: string, meta: Record<string, unknown> = {}): Promise<Preview> {
  const src = await loadBytes(name, bytes, {}, meta);
  const parsed = parseFile({ path: `docs/${name}`, ...src }, defaultRegionResolver());
  return {
    file: name,
    docs: parsed.docs.map((d) => ({ ...d, inForce: inForce(d, today), asOf: today })),
    clauses: parsed.clauses.map((c) => ({ id: c.id, article: c.article, headings: c.headings, depth: c.depth, text: c.text, ...(c.page ? { page: c.page } : {}) })),
    chars: src.text.length,
  };
}

/** A corpus file name: letters, digits, CJK, dot, dash, underscore; one of the uploadable formats. */
export const UPLOAD_EXTENSIONS = new Set([".pdf", ".docx", ".html", ".htm", ".txt", ".md"]);

export function safeName(raw: string): string | undefined {
  const name = basename(raw.replace(/\\/g, "/")).normalize("NFC").trim();
  if (!/^[\w\u4e00-\u9fa5（）()\-.]{1,120}$/u.test(name) || name.startsWith(".")) return undefined;
  return UPLOAD_EXTENSIONS.has(extname(name).toLowerCase()) ? name : undefined;
}
