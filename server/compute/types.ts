import type { ChatResponse } from "../chat/schema.js";
import type { ChatRequest } from "../http/schemas.js";
import type { SearchFilter, SearchHit } from "../retrieval/search.js";
import type { SharedIndex } from "../index/shared.js";
import type { Overloaded } from "./admission.js";

/**
 * The CPU-bound part of the API: composing a chat answer and ranking clauses.
 * Computed on the event loop (inline) or in a pool of worker threads, so that
 * probes, metrics and static files never wait behind a queue of chats.
 */
export interface Compute {
  /** Worker threads answering; 0 when computed on the event loop. */
  readonly threads: number;
  /** `arrivedAt` (performance.now() when the request arrived) starts its answer budget (COMPUTE_DEADLINE_MS). */
  chat(req: ChatRequest, today: string, arrivedAt?: number): Promise<ChatResponse>;
  search(q: string, k: number, filter: SearchFilter, arrivedAt?: number): Promise<SearchHit[]>;
  /**
   * Would a chat or search that arrived at `arrivedAt` be shed now? Asked before its body is read, so a
   * refusal costs almost nothing; undefined when it may go on (and always without an admission bound).
   */
  admit?(arrivedAt: number): Overloaded | undefined;
  /** Tasks waiting for a free thread (0 inline). */
  queued(): number;
  /** Finish the tasks already started, then stop the threads. */
  close(): Promise<void>;
}

/** An index the compute threads load: generations only move forward. */
export interface IndexGen {
  id: number;
  indexDir: string;
  /** The served files, verified and read into shared memory once by the main thread: threads build views, not copies. */
  shared: SharedIndex;
}

export type Task =
  | { kind: "chat"; req: ChatRequest; today: string; gen: IndexGen }
  | { kind: "search"; q: string; k: number; filter: SearchFilter; gen: IndexGen }
  /** Load `gen` (if newer than the thread's), then wait until `n` threads have (a SharedArrayBuffer counter). */
  | { kind: "load"; gen: IndexGen; barrier: SharedArrayBuffer; n: number; deadline: number };
