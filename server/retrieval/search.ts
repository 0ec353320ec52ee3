import { inForce, type Clause, type DocMeta } from "../corpus/schema.js";
import type { IndexData } from "../index/load.js";
import { terms } from "../text/tokenize.js";

export interface SearchFilter {
  docId?: string;
  /** Keep only these documents (e.g. those covering the asker's region). */
  docIds?: ReadonlySet<string>;
  /** Keep documents of this region (a province or city name) or national ones. */
  region?: string;
  /** Keep only documents in force on this date. */
  inForceOn?: string;
}

export interface SearchHit {
  clauseId: string;
  docId: string;
  docTitle: string;
  article: string;
  /** The matching chunk of the clause. */
  text: string;
  score: number;
}

const POOL = 60;
const W_LEXICAL = 0.7;
const W_DENSE = 0.3;
const NAMED_BOOST = 0.15;

/** Short names that name a document in a question: "杭州", "东丽", "登峰", "强企". */
function docKeys(doc: DocMeta, titleDf: Map<string, number>, docCount: number, rare: (t: string) => boolean = () => true): string[] {
  const keys = new Set<string>();
  for (const name of [doc.region.province, doc.region.city, doc.region.district]) {
    if (!name) continue;
    keys.add(name);
    const short = name.replace(/(省|市|区|县|自治区|特别行政区)$/, "");
    if (short.length >= 2) keys.add(short);
  }
  // Title words that few documents share ("登峰", "新电商", "火炬") identify the document.
  for (const t of terms(doc.title)) if (t.length >= 2 && !/^\d/.test(t) && (titleDf.get(t) ?? 0) <= Math.max(1, docCount / 4) && rare(t)) keys.add(t);
  return [...keys];
}

/**
 * Hybrid retrieval: BM25 and hashed-vector rankings fused by reciprocal rank,
 * then boosted for documents the question names (a city, a programme), and
 * filtered by document, region and validity.
 */
export class Retriever {
  private readonly docById: Map<string, DocMeta>;
  private readonly clauseById: Map<string, Clause>;
  private readonly keysByDoc: Map<string, string[]>;
  private readonly regionKeys: Map<string, Set<string>>;

  constructor(private readonly index: IndexData) {
    this.docById = new Map(index.docs.map((d) => [d.id, d]));
    this.clauseById = new Map(index.clauses.map((c) => [c.id, c]));
    const titleDf = new Map<string, number>();
    for (const d of index.docs) for (const t of new Set(terms(d.title))) titleDf.set(t, (titleDf.get(t) ?? 0) + 1);
    // A title word names its document only if the corpus rarely uses it ("登峰" yes, "企业" no).
    const rareIdf = Math.log(1 + 0.92 / 0.08);
    const rare = (t: string) => index.bm25.idf(t) >= rareIdf;
    this.keysByDoc = new Map(index.docs.map((d) => [d.id, docKeys(d, titleDf, index.docs.length, rare)]));
    this.regionKeys = new Map(index.docs.map((d) => [d.id, new Set(docKeys({ ...d, title: "" }, titleDf, index.docs.length))]));
  }

  doc(id: string): DocMeta | undefined {
    return this.docById.get(id);
  }

  clause(id: string): Clause | undefined {
    return this.clauseById.get(id);
  }

  /**
   * Documents the query names, with how strongly: a programme's own title word
   * ("登峰", "高价值专利培育示范中心") counts more than a place many documents share.
   */
  namedDocs(query: string): Map<string, number> {
    const q = query.normalize("NFKC");
    const out = new Map<string, number>();
    for (const [docId, keys] of this.keysByDoc) {
      const regions = this.regionKeys.get(docId)!;
      const hits = keys.filter((k) => q.includes(k));
      const n = hits.filter((k) => !regions.has(k)).length + (hits.some((k) => regions.has(k)) ? 0.5 : 0);
      if (n) out.set(docId, n);
    }
    return out;
  }

  /** Terms of the query that only name a document ("火炬高新区", "登峰"), not what is asked of it. */
  namingTerms(named: Map<string, number>): Set<string> {
    const naming = new Set<string>();
    for (const id of named.keys()) for (const key of this.keysByDoc.get(id) ?? []) for (const t of terms(key)) naming.add(t);
    return naming;
  }

  private allowDoc(filter: SearchFilter): (docId: string) => boolean {
    return (docId) => {
      const d = this.docById.get(docId);
      if (!d) return false;
      if (filter.docId && d.id !== filter.docId) return false;
      if (filter.docIds && !filter.docIds.has(d.id)) return false;
      if (filter.inForceOn && !inForce(d, filter.inForceOn)) return false;
      if (filter.region) {
        const r = d.region;
        if (r.level !== "national" && r.province !== filter.region && r.city !== filter.region && r.district !== filter.region) return false;
      }
      return true;
    };
  }

  async search(query: string, k = 5, filter: SearchFilter = {}): Promise<SearchHit[]> {
    const chunks = this.index.chunks;
    const allowDoc = this.allowDoc(filter);
    const allow = (i: number) => allowDoc(chunks[i].docId);
    // Scores are fused after normalising each ranking by its best score: rank fusion (RRF) would
    // throw away how much better the best BM25 match is, which is most of the signal on short clauses.
    const fused = new Map<number, number>();
    const add = (i: number, w: number) => fused.set(i, (fused.get(i) ?? 0) + w);

    // Words that only name a document ("江苏省", "高价值专利培育示范中心") pick the document through
    // the boost below; inside the document they should not outrank the words that pick the clause.
    const named = this.namedDocs(query);
    const naming = this.namingTerms(named);
    const weights = new Map([...naming].map((t) => [t, 0.5]));
    const lexical = this.index.bm25.search(terms(query), POOL, allow, weights);
    const top = lexical[0]?.score || 1;
    for (const h of lexical) add(h.doc, (W_LEXICAL * h.score) / top);

    const vec = await this.index.embeddings.embedQuery(query);
    const dense = await this.index.vectors.similaritySearchVectorWithScore(vec, Math.min(POOL, chunks.length));
    const sims = dense.map(([doc, distance]) => ({ i: (doc.metadata as { i: number }).i, sim: 1 - distance })).filter((d) => allow(d.i) && d.sim > 0);
    const topSim = sims[0]?.sim || 1;
    for (const d of sims) add(d.i, (W_DENSE * d.sim) / topSim);

    const best = new Map<string, SearchHit>();
    for (const [i, s] of fused) {
      const c = chunks[i];
      const score = s * (1 + NAMED_BOOST * Math.min(named.get(c.docId) ?? 0, 3));
      const prev = best.get(c.clauseId);
      if (prev && prev.score >= score) continue;
      best.set(c.clauseId, { clauseId: c.clauseId, docId: c.docId, docTitle: this.docById.get(c.docId)?.title ?? c.docId, article: c.article, text: c.text, score });
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k).map((h) => ({ ...h, score: Math.round(h.score * 1e6) / 1e6 }));
  }
}
