import { Embeddings } from "@langchain/core/embeddings";
import { terms } from "../text/tokenize.js";

/**
 * Dense vectors with no model weights: jieba terms and character bigrams,
 * hashed into a fixed number of dimensions with a sign bit, weighted by
 * sublinear TF × IDF and L2-normalised. Deterministic, offline, and good at
 * what BM25 misses: partial-word overlap (“展会” ↔ “主题展会”).
 */
export const HASH_DIM = 256;

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function features(text: string): Map<string, number> {
  return featuresOf(text, terms(text));
}

/** `features` with the text's jieba terms already at hand (ingest segments each chunk once). */
export function featuresOf(text: string, textTerms: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, (out.get(f) ?? 0) + w);
  for (const t of textTerms) add(`w:${t}`, 1);
  const han = text.normalize("NFKC").replace(/[^\p{Script=Han}A-Za-z0-9]+/gu, " ");
  for (const run of han.split(" ")) for (let i = 0; i + 1 < run.length; i++) add(`b:${run.slice(i, i + 2)}`, 0.5);
  return out;
}

export class HashEmbeddings extends Embeddings {
  constructor(
    /** Inverse document frequency per feature, learnt at ingest; unknown features weigh `defaultIdf`. */
    private readonly idf: ReadonlyMap<string, number> = new Map(),
    private readonly dim = HASH_DIM,
    private readonly defaultIdf = 1,
  ) {
    super({});
  }

  vector(text: string): number[] {
    const v = new Float64Array(this.dim);
    for (const [f, tf] of features(text)) {
      const h = fnv1a(f);
      const w = (1 + Math.log(tf)) * (this.idf.get(f) ?? this.defaultIdf);
      v[h % this.dim] += h & 0x80000000 ? -w : w;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((d) => this.vector(d));
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.vector(document);
  }
}

/** Learn IDF over the corpus's features; rare features carry the meaning. */
export function learnIdf(texts: string[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const t of texts) for (const f of features(t).keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = texts.length;
  const idf = new Map<string, number>();
  for (const [f, d] of df) idf.set(f, Math.log(1 + n / d));
  return idf;
}

/** An endpoint's non-2xx answer: `status` lets LangChain's caller retry 429/5xx and give up at once on 4xx. */
export class EndpointError extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`${what} answered HTTP ${status}`);
  }
}

export interface RemoteEmbeddingsParams {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per attempt: a hung endpoint is abandoned after this long, then retried (default 10 s). */
  timeoutMs?: number;
  /** Retries after a failed attempt, with exponential back-off (LangChain's AsyncCaller; default 3). */
  maxRetries?: number;
  /** Batches in flight at once (default 4). */
  maxConcurrency?: number;
}

const BATCH = 64;

/**
 * Optional OpenAI-compatible embedding endpoint (EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL,
 * EMBEDDINGS_API_KEY). Only ever used for retrieval ranking: it cannot change an amount.
 * Every request goes through LangChain's AsyncCaller (`this.caller`), so `maxRetries`,
 * back-off and concurrency are the library's, not ours.
 */
export class RemoteEmbeddings extends Embeddings {
  private readonly cfg: RemoteEmbeddingsParams;

  constructor(cfg: RemoteEmbeddingsParams) {
    super({ maxRetries: cfg.maxRetries ?? 3, maxConcurrency: cfg.maxConcurrency ?? 4 });
    this.cfg = cfg;
  }

  /** One attempt: the caller retries it. */
  private async post(input: string[]): Promise<number[][]> {
    const res = await fetch(`${this.cfg.baseUrl.replace(/\/$/, "")}/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(this.cfg.apiKey ? { authorization: `Bearer ${this.cfg.apiKey}` } : {}) },
      body: JSON.stringify({ model: this.cfg.model, input }),
      signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new EndpointError(res.status, "embedding endpoint");
    const body = (await res.json()) as { data?: { embedding: number[]; index: number }[] };
    if (!Array.isArray(body.data) || body.data.length !== input.length) throw new Error("embedding endpoint returned a malformed body");
    return [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  }

  private call(input: string[]): Promise<number[][]> {
    return this.caller.call(() => this.post(input));
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    const batches: Promise<number[][]>[] = [];
    for (let i = 0; i < documents.length; i += BATCH) batches.push(this.call(documents.slice(i, i + BATCH)));
    return (await Promise.all(batches)).flat();
  }

  async embedQuery(document: string): Promise<number[]> {
    return (await this.call([document]))[0];
  }
}
