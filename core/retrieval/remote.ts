import { join } from "node:path";
import { RemoteEmbeddings } from "./embed.js";

// Loaded only when a remote store is built or served: every thread that imports this module
// (each compute thread does) would otherwise hold LangChain's vector-store modules (≈ 20 MB) unused.
const hnswStore = async () => (await import("@langchain/community/vectorstores/hnswlib")).HNSWLib;

/**
 * Optional dense retrieval through an OpenAI-compatible embedding endpoint
 * (EMBEDDINGS_BASE_URL + EMBEDDINGS_MODEL [+ EMBEDDINGS_API_KEY]). Built at
 * ingest beside the offline hashed vectors, never instead of them: a query
 * falls back to the hashed vectors whenever the endpoint is unset or fails.
 * It only ranks clauses; it never touches an amount.
 */
export interface RemoteConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export const REMOTE_DIR = "vectors-remote";

export function remoteEmbeddingConfig(env: NodeJS.ProcessEnv = process.env): RemoteConfig | undefined {
  if (!env.EMBEDDINGS_BASE_URL || !env.EMBEDDINGS_MODEL) return undefined;
  return { baseUrl: env.EMBEDDINGS_BASE_URL, model: env.EMBEDDINGS_MODEL, ...(env.EMBEDDINGS_API_KEY ? { apiKey: env.EMBEDDINGS_API_KEY } : {}) };
}

/** Embed every chunk through the endpoint and save a langchain HNSWLib store under `dir/vectors-remote`. */
export async function buildRemoteStore(dir: string, texts: readonly string[], cfg: RemoteConfig): Promise<{ dim: number }> {
  const embeddings = new RemoteEmbeddings(cfg);
  const vectors = await embeddings.embedDocuments([...texts]);
  const dim = vectors[0]?.length ?? 0;
  if (!dim || vectors.some((v) => v.length !== dim)) throw new Error("嵌入服务返回的向量维度不一致 / embedding endpoint returned inconsistent vectors");
  const HNSWLib = await hnswStore();
  const store = new HNSWLib(embeddings, { space: "cosine", numDimensions: dim });
  await store.addVectors(vectors, texts.map((_, i) => ({ pageContent: "", metadata: { i } })));
  await store.save(join(dir, REMOTE_DIR));
  return { dim };
}

export interface RemoteDense {
  model: string;
  /** Nearest chunks for a query, or undefined when the endpoint cannot be reached in time. */
  search(query: string, k: number): Promise<{ i: number; distance: number }[] | undefined>;
}

export async function loadRemoteStore(dir: string, cfg: RemoteConfig): Promise<RemoteDense> {
  // Queries wait at most 3 s for the endpoint, without retrying: the hashed vectors answer otherwise.
  // (Ingest retries: a build should survive a flaky endpoint; a user should not wait for one.)
  const embeddings = new RemoteEmbeddings({ ...cfg, timeoutMs: 3000, maxRetries: 0 });
  const store = await (await hnswStore()).load(join(dir, REMOTE_DIR), embeddings);
  return {
    model: cfg.model,
    search: async (query, k) => {
      try {
        const vec = await embeddings.embedQuery(query);
        const hits = await store.similaritySearchVectorWithScore(vec, k);
        return hits.map(([doc, distance]) => ({ i: (doc.metadata as { i: number }).i, distance }));
      } catch {
        return undefined;
      }
    },
  };
}
