import type { ChatResponse } from "../chat/schema.js";
import type { ChatRequest } from "../http/schemas.js";
import type { SearchFilter, SearchHit } from "../retrieval/search.js";

/**
 * The CPU-bound part of the API: composing a chat answer and ranking clauses.
 * Computed on the event loop (inline) or in a pool of worker threads, so that
 * probes, metrics and static files never wait behind a queue of chats.
 */
export interface Compute {
  /** Worker threads answering; 0 when computed on the event loop. */
  readonly threads: number;
  chat(req: ChatRequest, today: string): Promise<ChatResponse>;
  search(q: string, k: number, filter: SearchFilter): Promise<SearchHit[]>;
  /** Tasks waiting for a free thread (0 inline). */
  queued(): number;
  /** Finish the tasks already started, then stop the threads. */
  close(): Promise<void>;
}

export type Task =
  | { kind: "chat"; req: ChatRequest; today: string }
  | { kind: "search"; q: string; k: number; filter: SearchFilter };
