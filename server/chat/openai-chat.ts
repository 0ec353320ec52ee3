import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { EndpointError } from "../../core/retrieval/embed.js";

/**
 * A LangChain chat model over any OpenAI-compatible `/chat/completions` endpoint (LLM_BASE_URL):
 * vLLM, Ollama, DeepSeek, Qwen/DashScope, OpenAI. Written here because @langchain/openai is not a
 * dependency; the request goes through the model's own AsyncCaller, so `maxRetries` and the call's
 * `timeout`/`signal` behave as with any LangChain model. Text in, text out: no tools, no streaming.
 */
export interface OpenAICompatibleChatParams extends BaseChatModelParams {
  baseUrl: string;
  model: string;
  apiKey?: string;
  temperature?: number;
}

const ROLE: Partial<Record<string, string>> = { system: "system", human: "user", ai: "assistant", developer: "system" };

export class OpenAICompatibleChat extends BaseChatModel {
  private readonly endpoint: { baseUrl: string; model: string; apiKey?: string; temperature: number };

  constructor({ baseUrl, model, apiKey, temperature, ...rest }: OpenAICompatibleChatParams) {
    super(rest);
    this.endpoint = { baseUrl: baseUrl.replace(/\/$/, ""), model, temperature: temperature ?? 0, ...(apiKey ? { apiKey } : {}) };
  }

  _llmType(): string {
    return "openai-compatible";
  }

  private async post(messages: BaseMessage[], signal?: AbortSignal): Promise<string> {
    const { baseUrl, model, apiKey, temperature } = this.endpoint;
    const res = await fetch(`${baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, temperature, messages: messages.map((m) => ({ role: ROLE[m.getType()] ?? "user", content: m.text })) }),
      ...(signal ? { signal } : {}),
    });
    if (!res.ok) throw new EndpointError(res.status, "chat endpoint");
    const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
    const text = body.choices?.[0]?.message?.content;
    if (typeof text !== "string") throw new Error("chat endpoint returned no message");
    return text;
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const signal = options.signal;
    const text = await this.caller.callWithOptions(signal ? { signal } : {}, () => this.post(messages, signal));
    return { generations: [{ text, message: new AIMessage(text) }] };
  }
}
