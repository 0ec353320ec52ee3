import { readSse } from "./sse.js";
import type {
  ChatResponse,
  ClauseResponse,
  EligibilityRequest,
  EligibilityResponse,
  FactDef,
  Message,
  Profile,
  SearchHit,
} from "./types.js";
import type { Channel } from "../../../server/store/schema.js";
import type { FeedbackRequest } from "../../../server/routes/feedback.js";

/** Error carrying the server's Chinese message, so the UI can show it as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What a reader sees when the request never reached the server (offline, DNS, blocked, server down). */
export const NETWORK_ERROR = "网络连接失败，暂时无法连接到政策咨询服务。请检查网络后点击“重试”。";
/** The connection broke while the answer was streaming in. */
export const STREAM_BROKEN = "网络连接中断，回答未能完整接收，请点击“重试”。";

const isAbort = (e: unknown) => e instanceof DOMException && e.name === "AbortError";

/**
 * fetch, with the browser's own network failure ("Failed to fetch", "Load
 * failed", "NetworkError when attempting…") turned into a Chinese message.
 * A cancelled request stays an AbortError so callers can ignore it.
 */
async function send(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(NETWORK_ERROR, 0);
  }
}

/**
 * One client per API origin: the pages use their own origin (""), the widget
 * the origin it was served from.
 */
export class Api {
  /** The X-Request-Id of each response body, which feedback names the answer by. */
  private readonly ids = new WeakMap<object, string>();

  /** `channel`: where this client asks (recorded with questions the documents do not answer). */
  constructor(
    private readonly base = "",
    private readonly channel?: Channel,
  ) {}

  /** The request id the server gave the response this object came from. */
  requestIdOf(body: object): string | undefined {
    return this.ids.get(body);
  }

  private tag<T>(res: Response, body: T): T {
    const id = res.headers.get("x-request-id");
    if (id && body && typeof body === "object") this.ids.set(body, id);
    return body;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await send(this.base + path, init);
    if (!res.ok) throw await toError(res);
    try {
      return this.tag(res, (await res.json()) as T);
    } catch (e) {
      if (isAbort(e)) throw e;
      throw new ApiError(STREAM_BROKEN, 0);
    }
  }

  private post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  }

  facts(): Promise<{ facts: FactDef[] }> {
    return this.json("/api/facts");
  }

  /** Example questions for this deployment's documents; empty when unavailable. */
  async starters(): Promise<string[]> {
    const body = await this.json<{ starters?: unknown }>("/api/starters");
    return Array.isArray(body.starters) ? body.starters.filter((s): s is string => typeof s === "string") : [];
  }

  clause(id: string): Promise<ClauseResponse> {
    return this.json(`/api/clauses/${encodeURIComponent(id)}`);
  }

  search(q: string, k = 8, signal?: AbortSignal): Promise<{ hits: SearchHit[] }> {
    return this.json(`/api/search?q=${encodeURIComponent(q)}&k=${k}`, { signal });
  }

  /** `inForce`: only the rules of policies in force today (the console's default). */
  eligibility(profile: Profile, signal?: AbortSignal, opts: Pick<EligibilityRequest, "inForce"> = {}): Promise<EligibilityResponse> {
    const body: EligibilityRequest = { profile, ...opts };
    return this.post("/api/eligibility", body, signal);
  }

  /** 有用/没用 on an answer (POST /api/feedback). */
  feedback(body: Omit<FeedbackRequest, "channel">): Promise<{ ok: true }> {
    return this.post("/api/feedback", { ...body, ...(this.channel ? { channel: this.channel } : {}) });
  }

  /**
   * Asks for a stream; `onDelta` sees the answer grow. Falls back to a plain
   * JSON body when the server (or a proxy) does not stream.
   */
  async chat(
    messages: Message[],
    profile: Profile,
    onDelta: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<ChatResponse> {
    const res = await send(this.base + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages, profile, ...(this.channel ? { channel: this.channel } : {}) }),
      signal,
    });
    if (!res.ok) throw await toError(res);
    const type = res.headers.get("content-type") ?? "";
    try {
      if (!type.includes("text/event-stream") || !res.body) return this.tag(res, (await res.json()) as ChatResponse);
      for await (const ev of readSse(res.body)) {
        if (ev.event === "delta") onDelta(deltaText(ev.data));
        else if (ev.event === "done") return this.tag(res, JSON.parse(ev.data) as ChatResponse);
        else if (ev.event === "error") throw new ApiError(errorMessage(safeParse(ev.data)), 500);
      }
    } catch (e) {
      if (e instanceof ApiError || isAbort(e)) throw e;
      throw new ApiError(STREAM_BROKEN, 0);
    }
    throw new ApiError(STREAM_BROKEN, 0);
  }
}

/**
 * A delta's data is the text chunk; a server may JSON-encode it so newlines
 * survive the line-based SSE framing. Accept both.
 */
export function deltaText(data: string): string {
  if (data.length >= 2 && data.startsWith('"') && data.endsWith('"')) {
    try {
      const s: unknown = JSON.parse(data);
      if (typeof s === "string") return s;
    } catch {
      /* plain text that happens to be quoted */
    }
  }
  return data;
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  return new ApiError(errorMessage(body, res.status), res.status);
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function errorMessage(body: unknown, status = 0): string {
  const msg = (body as { error?: { message?: unknown } } | null)?.error?.message;
  if (typeof msg === "string" && msg) return msg;
  if (status === 429) return "咨询人数较多，请稍后再试。";
  if (status === 413) return "内容过长，请精简后再试。";
  return "服务暂时不可用，请稍后点击“重试”。";
}
