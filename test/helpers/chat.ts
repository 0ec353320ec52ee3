import { expect } from "vitest";

/** One question to /api/chat as a fresh conversation; the reply (status 200 asserted). */
export async function askOnce<T>(url: string, q: string): Promise<T> {
  const res = await fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Turn {
  answer: string;
  askedFacts?: { key: string }[];
}

/** What a multi-turn test reads of each reply: the follow-ups asked and the provisions with their amounts. */
export interface TurnReply extends Turn {
  followUpFacts?: { fact: string; label: string; question: string }[];
  matches: { article: string; status: string; amount?: { yuan?: number } }[];
}

/** Each turn in order, the assistant's replies kept in the history as a client would; the replies. */
export async function converse<R extends Turn>(url: string, ...turns: string[]): Promise<R[]> {
  const messages: { role: string; content: string; askedFacts?: { key: string }[] }[] = [];
  const out: R[] = [];
  for (const content of turns) {
    messages.push({ role: "user", content });
    const res = await fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages }) });
    expect(res.status).toBe(200);
    const r = (await res.json()) as R;
    out.push(r);
    messages.push({ role: "assistant", content: r.answer, ...(r.askedFacts ? { askedFacts: r.askedFacts } : {}) });
  }
  return out;
}
