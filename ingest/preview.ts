import { inForce, type Clause, type DocMeta } from "../core/corpus/schema.js";
import { loadBytes } from "./load.js";
import { parseFile } from "./pipeline.js";
import { defaultRegionResolver } from "./regions.js";

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

