import { z } from "zod";
import { normalizeSameLength } from "../../core/text/numbers.js";
import { expandPattern, readVocab, unboundedReason, VocabError } from "../../core/vocab.js";
import { loadQuestionVocab, type IntentVocab } from "./question-types.js";

/**
 * What a question asks for, by rules. Each intent has cue patterns; the
 * first intent in the vocabulary's precedence with a hit is the answer, the others come back
 * as secondary so a combined question ("要什么条件，最多能拿多少") loses nothing.
 */

export type Intent =
  | "which_subsidies"
  | "how_much"
  | "conditions"
  | "document_fact"
  | "validity"
  | "payer"
  | "procedure"
  | "out_of_scope"
  | "greeting";

export interface IntentResult {
  intent: Intent;
  /** Other intents the text also asks for, in precedence order. */
  secondary: Intent[];
  flags: {
    /** Asks for a ceiling ("最多", "最高", "上限"). */
    asksMaximum: boolean;
    /** Describes the asker's own enterprise ("我们", "我司", "本企业"). */
    selfReference: boolean;
    /** Phrased as a yes/no question ("能申报吗", "是否符合"). */
    yesNo: boolean;
    /** Plainly personal or unrelated ("个人所得税", "天气"): not a policy question whatever it asks. */
    offTopic: boolean;
  };
}

/**
 * The cue patterns, the off-topic list and the greeting are vocabulary: corpus/vocab/question-types.yaml
 * (`intents`), read once from the project's file.
 */
function iv(): IntentVocab {
  const v = loadQuestionVocab().intents;
  if (!v) throw new Error("问题类型词表 corpus/vocab/question-types.yaml 缺少 intents（问题意图的说法）");
  return v;
}

/** Asking about the document, not about us: a document marker and no self-description or subsidy ask. */
function isDocumentQuestion(t: string): boolean {
  return iv().patterns.document_fact.test(t) && !iv().self.test(t) && !/(?:能|可以)(?:拿|领|获得|得到|享受)|补贴|补助|奖励|资助/.test(t.replace(/中央财政(?:资金)?/g, ""));
}

/** Recent answers: understanding a chat asks this of the same turn two or three times. */
const recent = new Map<string, IntentResult>();

export function classifyIntent(text: string): IntentResult {
  const key = String(text ?? "");
  const hit = recent.get(key);
  if (hit) return hit;
  // Shared between callers: frozen, so none can change another's answer.
  const r = classify(key);
  Object.freeze(r.flags);
  Object.freeze(r.secondary);
  Object.freeze(r);
  if (recent.size >= 256) recent.delete(recent.keys().next().value!);
  recent.set(key, r);
  return r;
}

function classify(text: string): IntentResult {
  const t = normalizeSameLength(text).slice(0, 2000).trim();
  const flags = {
    asksMaximum: /最多|最高|上限|封顶|顶格|最大/.test(t),
    selfReference: iv().self.test(t),
    yesNo: /吗[？?。！!\s]*$|[能可]不[能可]|是不是|是否|有没有|够不够|算不算/.test(t),
    offTopic: iv().offTopic.test(t) && !/企业|公司|补贴|政策/.test(t),
  };
  if (!t || iv().greeting.test(t)) return { intent: "greeting", secondary: [], flags };
  if (!topicVocab().policy.test(t) && (iv().offTopic.test(t) || !/[\u4e00-\u9fa5]/.test(t))) return { intent: "out_of_scope", secondary: [], flags };
  if (iv().offTopic.test(t) && !/企业|公司|补贴|政策/.test(t)) return { intent: "out_of_scope", secondary: [], flags };

  const hits = iv().precedence.filter((i) => (i === "document_fact" ? isDocumentQuestion(t) : iv().patterns[i].test(t)));
  if (hits.length === 0 && !iv().self.test(t) && iv().weakDocument.test(t)) return { intent: "document_fact", secondary: [], flags };
  if (hits.length === 0) {
    // A bare description of the enterprise ("我们是杭州的电商企业") is asking what applies.
    const intent: Intent = topicVocab().policy.test(t) ? "which_subsidies" : "out_of_scope";
    return { intent, secondary: [], flags };
  }
  return { intent: hits[0], secondary: hits.slice(1), flags };
}

// ---------------------------------------------------------------------------

/** Canonical policy terms and the ways users say them (corpus/vocab/topics.yaml), read once. */
const TopicsFile = z
  .object({
    topics: z.array(z.object({ name: z.string().min(1), pattern: z.string().min(1), flags: z.enum(["i"]).optional() }).strict()),
    policyWords: z.array(z.string().min(1)),
  })
  .strict();

let vocab: { topics: readonly [string, RegExp][]; policy: RegExp } | undefined;
function topicVocab() {
  if (vocab) return vocab;
  const file = readVocab("topics.yaml", TopicsFile);
  const topics = file.topics.map((t): [string, RegExp] => {
    const src = expandPattern(t.pattern);
    const why = unboundedReason(src);
    if (why) throw new VocabError(`词表文件 corpus/vocab/topics.yaml：${t.name} 的模式可能无限回溯（${why}）`);
    return [t.name, new RegExp(src, t.flags ?? "")];
  });
  const words = file.policyWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return (vocab = { topics, policy: new RegExp(`${iv().genericPolicy.source}${words ? `|${words}` : ""}`) });
}

/** Salient policy terms in the text, in order of first appearance. */
export function detectTopics(text: string): string[] {
  try {
    const t = normalizeSameLength(String(text ?? "")).slice(0, 20000);
    const found: { topic: string; at: number }[] = [];
    for (const [topic, re] of topicVocab().topics) {
      const m = re.exec(t);
      if (m) found.push({ topic, at: m.index });
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.topic);
  } catch {
    return [];
  }
}
