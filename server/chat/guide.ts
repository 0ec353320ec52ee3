import { inForce, type DocMeta } from "../../core/corpus/schema.js";
import { FACT_BY_KEY, type Profile } from "../../core/facts/registry.js";
import { evaluateRule, type EngineContext } from "../../core/rules/engine.js";
import { ruleFacts } from "../../core/rules/facts-of.js";
import type { Rule } from "../../core/rules/schema.js";
import type { QuestionVocab } from "../nlu/question-types.js";
import { normalizeSameLength } from "../../core/text/numbers.js";
import { hasMoney } from "./select.js";

/**
 * Guidance for a question that names no subject ("我是苏州的企业，有什么政策？") and the refusal of one
 * whose subject no document covers ("社保补贴"). Pure: the caller passes the corpus and the engine.
 */

/** What the question says once who asks, the asking and the places are taken out. */
export function subjectLeft(question: string, places: readonly string[], vocab: QuestionVocab): string {
  if (!vocab.guide) return question;
  let t = normalizeSameLength(question);
  for (const p of [...places].sort((a, b) => b.length - a.length)) if (p) t = t.split(p).join("");
  return t.replace(vocab.guide.empty, "");
}

/** A question that asks which policies there are and says nothing of what they are about. */
export function isVague(question: string, places: readonly string[], vocab: QuestionVocab): boolean {
  if (!vocab.guide || !vocab.guide.ask.test(normalizeSameLength(question))) return false;
  return subjectLeft(question, places, vocab).length <= 1;
}

/** The subject an uncovered question names ("社保补贴"), for saying plainly that no document covers it. */
export function askedTopic(question: string, places: readonly string[], vocab: QuestionVocab): string | undefined {
  if (!vocab.guide) return undefined;
  const named = vocab.guide.topic.exec(normalizeSameLength(question))?.[1];
  if (named) return named;
  const left = subjectLeft(question, places, vocab).replace(/^(?:对于|对|关于)/, "").replace(/(?:多少|怎么|如何|怎样)$/, "");
  return left.length >= 2 && left.length <= 12 ? left : undefined;
}

const LEVEL_ORDER: Record<string, number> = { national: 0, province: 1, city: 2, district: 3, unknown: 4 };

export interface GuideLine {
  docId: string;
  title: string;
  inForce: boolean;
  /** Up to three provisions of the document, each "title：amount". */
  items: string[];
}

export interface Guide {
  lines: GuideLine[];
  /** The one question that narrows the list most, if any fact splits it. */
  question?: { fact: string; text: string };
}

/**
 * The policies of the documents in scope, national → province → city → district and in force first,
 * a line per document with up to three of its provisions and what each pays on the asker's facts so
 * far; and the fact read by the most provisions in force (but not all), asked back.
 */
export function guide(docs: readonly DocMeta[], rules: readonly Rule[], scope: ReadonlySet<string>, profile: Profile, ctx: EngineContext, asOf: string, max = 8): Guide {
  const listed = docs
    .filter((d) => scope.has(d.id))
    .map((d) => ({ d, live: inForce(d, asOf) }))
    .sort((a, b) => Number(b.live) - Number(a.live) || (LEVEL_ORDER[a.d.region.level] ?? 9) - (LEVEL_ORDER[b.d.region.level] ?? 9))
    .slice(0, max);
  const lines: GuideLine[] = [];
  const reads = new Map<string, number>();
  let live = 0;
  for (const { d, live: on } of listed) {
    const own = rules.filter((r) => r.docId === d.id && hasMoney(r));
    if (!own.length) continue;
    const items: string[] = [];
    for (const r of own) {
      if (on) {
        live++;
        for (const f of ruleFacts(r)) if (!["province", "city", "district"].includes(f) && profile[f] === undefined) reads.set(f, (reads.get(f) ?? 0) + 1);
      }
      if (items.length >= 3) continue;
      // The asker is an enterprise unless it said otherwise: an award to provinces or universities is not its.
      const m = evaluateRule(r, { entityKind: "企业", ...profile }, ctx);
      if (m.status === "ineligible" || (m.status === "expired" && m.validity?.onTerms === "ineligible")) continue;
      const amount = m.amount?.text ? `，${m.amount.text}` : "";
      items.push(`${r.title}${amount}`);
    }
    if (items.length) lines.push({ docId: d.id, title: d.title, inForce: on, items });
  }
  // The fact that splits the provisions most evenly: read by many, not by all.
  const best = [...reads.entries()].filter(([, n]) => n < live || live === 1).sort((a, b) => Math.abs(live / 2 - a[1]) - Math.abs(live / 2 - b[1]) || b[1] - a[1])[0];
  const def = best && FACT_BY_KEY.get(best[0]);
  return { lines, ...(def ? { question: { fact: def.key, text: def.question } } : {}) };
}

/** The guide as the answer's text. */
export function guideText(g: Guide, place: string | undefined): string {
  const where = place ? `${place}适用的` : "已收录的";
  const out = [`您没有说明想了解哪方面的支持。以下是${where}政策（有效的在前），每份文件列出几项主要内容：`, ""];
  for (const l of g.lines) out.push(`- 《${l.title}》${l.inForce ? "" : "（已失效，仅供参考）"}：${l.items.join("；")}`);
  out.push("", g.question ? `为了缩小范围，请问：${g.question.text}` : "请告诉我您想了解的方面（如研发、人才、融资、技术改造）或企业的具体情况，我来测算可享受的金额。");
  return out.join("\n");
}
