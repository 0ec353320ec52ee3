import { z } from "zod";
import { inForce, type Clause, type DocMeta } from "../../core/corpus/schema.js";
import type { IndexData } from "../index/load.js";
import { terms } from "../../core/text/tokenize.js";
import { named } from "../../core/places/contain.js";

export interface SearchFilter {
  docId?: string;
  /** Keep only these documents (e.g. those covering the asker's region). */
  docIds?: ReadonlySet<string>;
  /** Keep documents of this region (a province or city name) or national ones. */
  region?: string;
  /** Keep only documents in force on this date. */
  inForceOn?: string;
}

export const SearchHit = z.object({
  clauseId: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  article: z.string(),
  /** The matching chunk of the clause. */
  text: z.string(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

const POOL = 60;
const W_LEXICAL = 0.7;
const W_DENSE = 0.3;
const NAMED_BOOST = 0.3;
/** How many leading clauses are re-ranked by phrase matches, and how much each phrase counts. */
const RERANK = 20;
const PHRASE_BONUS = 0.15;

/** Adjacent word pairs of the query as one string ("知识产权" + "投入"); single characters carry no phrase. */
export function phrasePairs(qTerms: readonly string[]): string[] {
  const out = new Set<string>();
  for (let j = 0; j + 1 < qTerms.length; j++) if (qTerms[j].length > 1 && qTerms[j + 1].length > 1) out.add(qTerms[j] + qTerms[j + 1]);
  return [...out];
}

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
  private readonly docNo: Map<string, number>;
  private readonly keysByDoc: Map<string, string[]>;
  private readonly regionKeys: Map<string, Set<string>>;
  /** Naming key → documents it names; finding keys in a question is then a substring scan of the question, not of every document. */
  private readonly docsByKey = new Map<string, string[]>();
  private readonly maxKeyLen: number;
  /** jieba terms of a naming key → documents having a key with that term. */
  private readonly docsByKeyTerm = new Map<string, Set<string>>();
  private readonly keyTerms = new Map<string, string[]>();

  constructor(private readonly index: IndexData) {
    this.docById = new Map(index.docs.map((d) => [d.id, d]));
    this.docNo = new Map(index.docs.map((d, i) => [d.id, i]));
    const titleDf = new Map<string, number>();
    for (const d of index.docs) for (const t of new Set(terms(d.title))) titleDf.set(t, (titleDf.get(t) ?? 0) + 1);
    // A title word names its document only if the corpus rarely uses it ("登峰" yes, "企业" no).
    const rareIdf = Math.log(1 + 0.92 / 0.08);
    const rare = (t: string) => index.bm25.idf(t) >= rareIdf;
    this.keysByDoc = new Map(index.docs.map((d) => [d.id, docKeys(d, titleDf, index.docs.length, rare)]));
    this.regionKeys = new Map(index.docs.map((d) => [d.id, new Set(docKeys({ ...d, title: "" }, titleDf, index.docs.length))]));
    const keyTerms = this.keyTerms;
    let maxLen = 0;
    for (const [docId, keys] of this.keysByDoc) {
      for (const k of keys) {
        const list = this.docsByKey.get(k);
        if (list) list.push(docId);
        else this.docsByKey.set(k, [docId]);
        maxLen = Math.max(maxLen, k.length);
        let ts = keyTerms.get(k);
        if (!ts) keyTerms.set(k, (ts = terms(k)));
        for (const t of ts) {
          let set = this.docsByKeyTerm.get(t);
          if (!set) this.docsByKeyTerm.set(t, (set = new Set()));
          set.add(docId);
        }
      }
    }
    this.maxKeyLen = maxLen;
  }

  doc(id: string): DocMeta | undefined {
    return this.docById.get(id);
  }

  clause(id: string): Clause | undefined {
    return this.index.clause(id);
  }

  /**
   * Documents the query names, with how strongly: a programme's own title word
   * ("登峰", "高价值专利培育示范中心") counts more than a place many documents share.
   */
  namedDocs(query: string): ReadonlyMap<string, number> {
    // A chat asks this of the same question up to four times (search, scope, sentence choice, quoting).
    const hit = this.namedMemo.get(query);
    if (hit) return hit;
    const out = this.findNamedDocs(query);
    if (this.namedMemo.size >= 256) this.namedMemo.delete(this.namedMemo.keys().next().value!);
    this.namedMemo.set(query, out);
    return out;
  }

  private readonly namedMemo = new Map<string, ReadonlyMap<string, number>>();

  private findNamedDocs(query: string): Map<string, number> {
    const q = query.normalize("NFKC");
    const found = new Set<string>();
    for (let i = 0; i < q.length; i++) {
      for (let len = 1; len <= this.maxKeyLen && i + len <= q.length; len++) {
        const k = q.slice(i, i + len);
        if (this.docsByKey.has(k)) found.add(k);
      }
    }
    const own = new Map<string, number>();
    const inRegion = new Set<string>();
    for (const k of found) {
      for (const docId of this.docsByKey.get(k)!) {
        if (this.regionKeys.get(docId)!.has(k)) inRegion.add(docId);
        else own.set(docId, (own.get(docId) ?? 0) + 1);
      }
    }
    // Same order as the documents, as before: hits on a document's own keys, plus 0.5 for any region key.
    const out = new Map<string, number>();
    for (const d of [...new Set([...own.keys(), ...inRegion])].sort((a, b) => this.docNo.get(a)! - this.docNo.get(b)!)) {
      const n = (own.get(d) ?? 0) + (inRegion.has(d) ? 0.5 : 0);
      if (n) out.set(d, n);
    }
    return out;
  }

  /** Terms of the query that only name a document ("火炬高新区", "登峰"), not what is asked of it. */
  namingTerms(named: ReadonlyMap<string, number>, among?: Iterable<string>): Set<string> {
    const naming = new Set<string>();
    if (among) {
      // Only the question's own terms can be weighted: test those against the named documents' key terms.
      for (const t of among) {
        const docs = this.docsByKeyTerm.get(t);
        if (!docs) continue;
        if (docs.size < named.size) {
          for (const d of docs) if (named.has(d)) naming.add(t);
        } else for (const d of named.keys()) if (docs.has(d)) naming.add(t);
      }
      return naming;
    }
    for (const id of named.keys()) for (const key of this.keysByDoc.get(id) ?? []) for (const t of this.keyTerms.get(key) ?? terms(key)) naming.add(t);
    return naming;
  }

  /** Per-document pass/fail for a filter, or undefined when nothing is filtered. */
  private allowMask(filter: SearchFilter): Uint8Array | undefined {
    if (!filter.docId && !filter.docIds && !filter.inForceOn && !filter.region) return undefined;
    const docs = this.index.docs;
    const mask = new Uint8Array(docs.length);
    docs.forEach((d, i) => {
      if (filter.docId && d.id !== filter.docId) return;
      if (filter.docIds && !filter.docIds.has(d.id)) return;
      if (filter.inForceOn && !inForce(d, filter.inForceOn)) return;
      if (filter.region) {
        // A document of unknown region is not excluded for a place it may well cover.
        if (d.region.level !== "national" && d.region.level !== "unknown" && !named(d.region, filter.region)) return;
      }
      mask[i] = 1;
    });
    return mask;
  }

  async search(query: string, k = 5, filter: SearchFilter = {}): Promise<SearchHit[]> {
    const { chunkDoc, chunkClause, chunkCount } = this.index;
    const mask = this.allowMask(filter);
    const allow = mask ? (i: number) => mask[chunkDoc[i]] === 1 : undefined;
    // Scores are fused after normalising each ranking by its best score: rank fusion (RRF) would
    // throw away how much better the best BM25 match is, which is most of the signal on short clauses.
    const fused = new Map<number, number>();
    const add = (i: number, w: number) => fused.set(i, (fused.get(i) ?? 0) + w);

    // Words that only name a document ("江苏省", "高价值专利培育示范中心") pick the document through
    // the boost below; inside the document they should not outrank the words that pick the clause.
    const qTerms = terms(query);
    const named = this.namedDocs(query);
    const naming = this.namingTerms(named, qTerms);
    const weights = new Map([...naming].map((t) => [t, 0.25]));
    const lexical = this.index.bm25.search(qTerms, POOL, allow, weights);
    const top = lexical[0]?.score || 1;
    for (const h of lexical) add(h.doc, (W_LEXICAL * h.score) / top);

    // The configured embedding endpoint ranks when it answers; the offline hashed vectors otherwise.
    const dense = (await this.index.remote?.search(query, Math.min(POOL, chunkCount))) ?? this.index.dense(query, Math.min(POOL, chunkCount));
    const sims = dense.map(({ i, distance }) => ({ i, sim: 1 - distance })).filter((d) => (!allow || allow(d.i)) && d.sim > 0);
    const topSim = sims[0]?.sim || 1;
    for (const d of sims) add(d.i, (W_DENSE * d.sim) / topSim);

    // Best chunk per clause by number; only the k winners are read from disk.
    const best = new Map<number, { i: number; score: number }>();
    for (const [i, s] of fused) {
      const docId = this.index.docs[chunkDoc[i]].id;
      const score = s * (1 + NAMED_BOOST * Math.min(named.get(docId) ?? 0, 3));
      const prev = best.get(chunkClause[i]);
      if (prev && prev.score >= score) continue;
      best.set(chunkClause[i], { i, score });
    }
    // Bag-of-words scores cannot tell "知识产权投入" from "知识产权……研发投入": re-rank the leaders
    // by the query's adjacent word pairs that the chunk says as one phrase.
    const pairs = phrasePairs(qTerms);
    const leaders = [...best.values()].sort((a, b) => b.score - a.score).slice(0, Math.max(k, RERANK));
    const ranked = leaders.map(({ i, score }) => {
      const c = this.index.chunk(i);
      const phrases = pairs.filter((p) => c.text.includes(p)).length;
      return { c, score: score * (1 + PHRASE_BONUS * Math.min(phrases, 3)) };
    });
    return ranked
      .sort((a, b) => b.score - a.score)
      .slice(0, k)
      .map(({ c, score }) => ({ clauseId: c.clauseId, docId: c.docId, docTitle: this.docById.get(c.docId)?.title ?? c.docId, article: c.article, text: c.text, score: Math.round(score * 1e6) / 1e6 }));
  }
}
