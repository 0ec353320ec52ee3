import type { ChatResponse } from "./schema.js";

/**
 * Optional: an OpenAI-compatible model may rephrase the composed answer for
 * readability. It is never trusted with facts: its text is used only if it
 * keeps exactly the same numbers and the same citation marks, otherwise the
 * deterministic answer stands. Failures and timeouts fall back silently.
 */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
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

export function llmPhraser(cfg: LlmConfig, onReject: (reason: string) => void = () => {}): (r: ChatResponse) => Promise<ChatResponse> {
  return async (r) => {
    if (!r.found || !r.answer) return r;
    try {
      const res = await fetch(`${cfg.baseUrl.replace(/\/$/, "")}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
        body: JSON.stringify({ model: cfg.model, temperature: 0, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: r.answer }] }),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 8000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
      const text = body.choices?.[0]?.message?.content ?? "";
      const why = rejectReason(r.answer, text);
      if (why) {
        onReject(why);
        return r;
      }
      return { ...r, answer: text.trim() };
    } catch (e) {
      onReject(e instanceof Error ? e.message : String(e));
      return r;
    }
  };
}
