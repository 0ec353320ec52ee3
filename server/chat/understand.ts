import { allFacts, isFactKey, type Profile } from "../../core/facts/registry.js";
import type { AskedFact } from "./schema.js";
import { extractFromConversation, mergeProfile } from "../nlu/extract.js";
import { classifyIntent, type Intent as NluIntent } from "../nlu/intent.js";
import { classifyQuestion, loadQuestionVocab, type QuestionType, type QuestionVocab } from "../nlu/question-types.js";
import { askerRegion, destinationRegion, findRegions } from "../../core/places/regions.js";

export type Intent = NluIntent | "statement";

/** A move only thought of: "如果三年后把公司迁到…", "打算搬去…". */
const WOULD_MOVE = /(?:如果|假如|假设|要是|若是|若|万一|一旦|打算|准备|计划|想要|想)[^，。？?；;]{0,12}(?:搬|迁|转移)/;

/** A turn that only adds facts ("实际投资额800万元，已纳入联网直报") asks nothing new: the question is the earlier one. */
export const ASKS = /[？?]|吗|呢|多少|几|哪|什么|怎么|如何|是否|能否|能不能|可不可以|有没有|可以申请|请问|咨询|了解|想知道|介绍/;

export interface NamedRegion {
  name: string;
  province?: string;
  city?: string;
  district?: string;
}

/** What the conversation says, re-derived from every user turn on every request (the server keeps no state). */
export interface Understanding {
  /** The latest user turn. */
  question: string;
  /** All user turns, oldest first, for rule keywords that were said earlier. */
  conversationText: string;
  /** The user turns themselves, NFKC-normalised, oldest first. */
  turns: string[];
  /** For each user turn, the facts the assistant had just asked for (a bare "2亿元" answers them). */
  expectByTurn: (string[] | undefined)[];
  /** What retrieval searches for: the latest turn, with the previous one when the latest only adds facts. */
  searchText: string;
  intent: Intent;
  /** A question about what a document says (validity, deadline, consequence…), from the turn that asks. */
  questionType?: QuestionType;
  profile: Profile;
  /** Facts the user stated in words (not just carried in `profile`). */
  stated: Set<string>;
  /** The user turn each fact the text stated was last said in (facts from the panel are not here: they are never replaced). */
  statedTurn: Map<string, number>;
  regions: NamedRegion[];
  /** The asker's own place, if named. */
  region?: NamedRegion;
}

/**
 * The follow-up questions an assistant turn asked, as fact keys in the order
 * asked, so a bare reply ("20台，每台1500元", "还没有") answers them. Read
 * from the answer's prose: the fallback for clients that send plain-text
 * history (the structured `askedFacts` survives any rewording).
 */
export function askedFacts(answer: string): string[] | undefined {
  const found = allFacts().map((f) => ({ key: f.key, at: answer.lastIndexOf(f.question) })).filter((x) => x.at >= 0);
  return found.length ? found.sort((a, b) => a.at - b.at).map((x) => x.key) : undefined;
}

/** The structured form returned with an answer: each follow-up question with the fact it asks for. */
export function askedFactsOf(followUps: readonly string[]): AskedFact[] {
  return followUps.flatMap((q) => {
    const f = allFacts().find((x) => x.question === q);
    return f ? [{ key: f.key, question: f.question }] : [];
  });
}

/** What an assistant message asked: its structured `askedFacts` when the client sent them, else read from its text. */
function askedBy(m: ConversationMessage): string[] | undefined {
  if (m.askedFacts) {
    const keys = m.askedFacts.map((a) => a.key).filter(isFactKey);
    return keys.length ? keys : undefined;
  }
  return askedFacts(m.content);
}

const EXPLICIT_WHICH = /哪些|什么(?:补贴|补助|奖励|政策|扶持|支持|优惠|资助)|有没有|有什么|能拿|可以拿|能享受|可以享受|能申请|可以申请|能申报|可以申报|符合|能不能|可不可以|奖励吗|补贴吗|扶持吗|资助吗/;
const ABOUT_DOCUMENT = /多长|多久|几年|几个|几项|几家|多大|多少(?!钱|补|奖|资)|什么时候|哪一?年|是什么|有哪些(?!补贴|政策|扶持|奖励)|谁负责|哪个部门/;

const nameOf = (r: { province?: string; city?: string; district?: string }) => r.district ?? r.city ?? r.province ?? "";

/** A message as the client sends it; assistant messages may carry the facts they asked for. */
export interface ConversationMessage {
  role: string;
  content: string;
  askedFacts?: readonly { key: string }[] | undefined;
}

export function understand(messages: readonly ConversationMessage[], given: Profile, vocab: QuestionVocab = loadQuestionVocab()): Understanding {
  const turns: string[] = [];
  const expectByTurn: (string[] | undefined)[] = [];
  let asked: string[] | undefined;
  for (const m of messages) {
    if (m.role === "assistant") asked = askedBy(m);
    else if (m.role === "user" && m.content.trim()) {
      turns.push(m.content.normalize("NFKC").trim());
      expectByTurn.push(asked);
      asked = undefined;
    }
  }
  const question = turns.at(-1) ?? "";
  const { facts, evidence } = extractFromConversation(turns, { expectByTurn });
  // Values the user edited in the facts panel win over what the text said.
  const profile = mergeProfile(facts, given);

  const intentOf = (t: string): Intent => (ASKS.test(t) ? classifyIntent(t).intent : "statement");
  let intent: Intent = "statement";
  let asking = turns.length - 1;
  for (let i = turns.length - 1; i >= 0; i--) {
    intent = intentOf(turns[i]);
    asking = i;
    if (intent !== "statement") break;
  }
  const askingTurn = turns[asking] ?? "";
  const questionType = intent === "statement" || intent === "greeting" || classifyIntent(askingTurn).flags.offTopic ? undefined : classifyQuestion(askingTurn, vocab);
  // Only statements: the latest turn that is about policy at all says what is wanted.
  if (intent === "statement") {
    intent = classifyIntent(question).intent;
    for (let i = turns.length - 1; i >= 0 && (intent === "out_of_scope" || intent === "greeting"); i--) intent = classifyIntent(turns[i]).intent;
  }
  // A "what is it / how long" question about a programme is a question about the document, even
  // when it names a programme the classifier files under subsidies ("示范中心建设期多长？").
  if (intent === "which_subsidies" && !EXPLICIT_WHICH.test(question) && ABOUT_DOCUMENT.test(question)) intent = "document_fact";
  const lastIsStatement = !ASKS.test(question);
  const searchText = lastIsStatement && turns.length > 1 ? `${turns.at(-2)} ${question}` : question;

  const perTurn = turns.map((t) => findRegions(t));
  const found = perTurn.flat();
  const regions: NamedRegion[] = found.filter((r) => !r.candidates && (r.province || r.city)).map((r) => ({ name: nameOf(r), ...pick(r) }));
  // "从上海搬到杭州": where the enterprise moved to is its place, whatever was named first.
  // Asked what would follow from moving ("如果迁到沈阳去会有什么后果"), the move is the question, not the
  // enterprise's place: the consequences are those of the policy where it is now. A move made ("我们从沈阳搬到了大连")
  // is where it is.
  const moved = turns
    .map((t, i) => (questionType?.id === "consequence" && WOULD_MOVE.test(t) ? undefined : destinationRegion(perTurn[i], t)))
    .filter(Boolean)
    .at(-1);
  const own = moved ?? askerRegion(found);
  const region: NamedRegion | undefined =
    typeof given.city === "string" || typeof given.province === "string"
      ? { name: String(given.district ?? given.city ?? given.province), ...pick(given as never) }
      : own && (own.province || own.city)
        ? { name: nameOf(own), ...pick(own) }
        : undefined;

  return {
    question,
    conversationText: turns.join("\n"),
    turns,
    expectByTurn,
    searchText,
    intent,
    ...(questionType ? { questionType } : {}),
    profile,
    stated: new Set([...evidence.map((e) => e.key), ...Object.keys(given)]),
    statedTurn: new Map(evidence.filter((e) => given[e.key] === undefined).map((e) => [e.key, e.turn ?? 0])),
    regions,
    ...(region ? { region } : {}),
  };
}

function pick(r: { province?: unknown; city?: unknown; district?: unknown }): Omit<NamedRegion, "name"> {
  const out: Omit<NamedRegion, "name"> = {};
  if (typeof r.province === "string") out.province = r.province;
  if (typeof r.city === "string") out.city = r.city;
  if (typeof r.district === "string") out.district = r.district;
  return out;
}
