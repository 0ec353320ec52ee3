import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { OpenAICompatibleChat } from "./openai-chat.js";
import type { ChatResponse } from "./schema.js";

/**
 * Optional: a chat model may rephrase the composed answer for readability. It is
 * never trusted with facts: its text is used only if it keeps exactly the same
 * numbers and the same citation marks, otherwise the deterministic answer stands.
 * Failures and timeouts fall back silently. Any LangChain chat model will do;
 * LLM_BASE_URL configures an OpenAI-compatible one (./openai-chat.ts).
 */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** The whole phrasing, retries included, is abandoned after this long (default 8 s). */
  timeoutMs?: number;
  /** Retries of a failed request (LangChain's AsyncCaller; default 1: a reader is waiting). */
  maxRetries?: number;
}

const SYSTEM = [
  "你是政府惠企政策咨询助手的文字润色员。",
  "请把用户给出的回答改写得更通顺、更适合企业阅读，保持 Markdown 格式。",
  "严禁增加、删除或改动任何数字、金额、百分比、日期，严禁改动引用编号（如[1]），不得添加原文没有的政策或结论。",
  "只输出改写后的回答。",
].join("");

/** Every number as written (with its unit), and every citation mark: what a rephrasing must preserve. */
export function invariants(text: string): { numbers: string[]; marks: string[]; cnMoney: string[] } {
  const t = text.normalize("NFKC");
  const numbers = [...t.matchAll(/\d+(?:[.,]\d+)*\s*(?:万亿|亿|万|千)?\s*(?:元|%|件|家|个|台|人|年|月|日|学时|单|项|倍)?/g)].map((m) => m[0].replace(/[\s,]/g, ""));
  const marks = [...t.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
  const cnMoney = [...t.matchAll(/[零一二两三四五六七八九十百千万亿]+(?:元|%)/g)].map((m) => m[0]);
  return { numbers: numbers.sort(), marks: [...new Set(marks)].sort(), cnMoney: cnMoney.sort() };
}

/** Why a rephrasing is rejected, or undefined when it keeps every number and citation. */
export function rejectReason(original: string, rewritten: string): string | undefined {
  if (!rewritten.trim()) return "empty";
  const a = invariants(original.replace(/\[\d+\]/g, ""));
  const b = invariants(rewritten.replace(/\[\d+\]/g, ""));
  if (a.numbers.join("|") !== b.numbers.join("|")) return "numbers changed";
  if (a.cnMoney.join("|") !== b.cnMoney.join("|")) return "amounts in words changed";
  if (invariants(original).marks.join("|") !== invariants(rewritten).marks.join("|")) return "citations changed";
  return undefined;
}

/** The chat model LLM_BASE_URL / LLM_MODEL / LLM_API_KEY describe. */
export function chatModelOf(cfg: LlmConfig): BaseChatModel {
  return new OpenAICompatibleChat({ baseUrl: cfg.baseUrl, model: cfg.model, temperature: 0, maxRetries: cfg.maxRetries ?? 1, ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}) });
}

const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error(`no answer within the timeout`)), { once: true }));

const isChatModel = (x: LlmConfig | BaseChatModel): x is BaseChatModel => typeof (x as BaseChatModel).invoke === "function";

/** The phrasing step of /api/chat, with an endpoint's configuration or any LangChain chat model. */
export function llmPhraser(llm: LlmConfig | BaseChatModel, onReject: (reason: string) => void = () => {}, timeoutMs?: number): (r: ChatResponse) => Promise<ChatResponse> {
  const model = isChatModel(llm) ? llm : chatModelOf(llm);
  const timeout = timeoutMs ?? (isChatModel(llm) ? undefined : llm.timeoutMs) ?? 8000;
  return async (r) => {
    if (!r.found || !r.answer) return r;
    try {
      // The signal stops a model that honours it; the race bounds one that does not (a reader is waiting).
      const signal = AbortSignal.timeout(timeout);
      const reply = await Promise.race([model.invoke([new SystemMessage(SYSTEM), new HumanMessage(r.answer)], { signal }), aborted(signal)]);
      const why = rejectReason(r.answer, reply.text);
      if (why) {
        onReject(why);
        return r;
      }
      return { ...r, answer: reply.text.trim() };
    } catch (e) {
      onReject(e instanceof Error ? e.message : String(e));
      return r;
    }
  };
}
