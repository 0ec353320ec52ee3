import { inForce } from "../../core/corpus/schema.js";
import { validityNotice } from "../../core/rules/engine.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Services } from "../services.js";
import type { Citations } from "./citations.js";
import type { Understanding } from "./understand.js";

/** What answering a document question reads: the services, the understood question, its scope and retrieval. */
export interface DocTurn {
  s: Services;
  u: Understanding;
  asOf: string;
  cites: Citations;
  /** Documents that may answer (the asker's region). */
  scope: Set<string>;
  hits: SearchHit[];
}

/** Validity notices in the engine's words, one per document. */
export function docNotices(t: DocTurn, docIds: Iterable<string>): string[] {
  const out: string[] = [];
  for (const id of new Set(docIds)) {
    const d = t.s.retriever.doc(id);
    if (!d) continue;
    const repealedBy = d.supersededBy ? t.s.retriever.doc(d.supersededBy) : undefined;
    if (repealedBy && !inForce(d, t.asOf)) out.push(`《${d.title}》：已被《${repealedBy.title}》废止，以下内容仅供参考`);
    else {
      const n = validityNotice(d, t.asOf);
      if (n) out.push(`《${d.title}》：${n}`);
    }
  }
  return out;
}
