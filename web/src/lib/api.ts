import { readSse } from "./sse.js";
import type {
  ChatResponse,
  ClauseResponse,
  EligibilityResponse,
  FactDef,
  Message,
  Profile,
  SearchHit,
} from "./types.js";

/** Error carrying the server's Chinese message, so the UI can show it as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * One client per API origin: the pages use their own origin (""), the widget
 * the origin it was served from.
 */
export class Api {
  constructor(private readonly base = "") {}

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const res = await fetch(this.base + path, init);
    if (!res.ok) throw await toError(res);
    return (await res.json()) as T;
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

  clause(id: string): Promise<ClauseResponse> {
    return this.json(`/api/clauses/${encodeURIComponent(id)}`);
  }

  search(q: string, k = 8, signal?: AbortSignal): Promise<{ hits: SearchHit[] }> {
    return this.json(`/api/search?q=${encodeURIComponent(q)}&k=${k}`, { signal });
  }

  eligibility(profile: Profile, signal?: AbortSignal): Promise<EligibilityResponse> {
    return this.post("/api/eligibility", { profile }, signal);
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
    const res = await fetch(this.base + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ messages, profile }),
      signal,
    });
    if (!res.ok) throw await toError(res);
    const type = res.headers.get("content-type") ?? "";
    if (!type.includes("text/event-stream") || !res.body) return (await res.json()) as ChatResponse;
    for await (const ev of readSse(res.body)) {
      if (ev.event === "delta") onDelta(deltaText(ev.data));
      else if (ev.event === "done") return JSON.parse(ev.data) as ChatResponse;
      else if (ev.event === "error") throw new ApiError(errorMessage(safeParse(ev.data)), 500);
    }
    throw new ApiError("回答中断，请重试。", 0);
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
  return "服务暂时不可用，请稍后再试。";
}
