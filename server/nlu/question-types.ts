import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { normalizeSameLength } from "../../core/text/numbers.js";

/**
 * Questions about what a document says — its validity, deadlines, who pays,
 * consequences, stacking, procedure, definitions, limits — each with the
 * words that ask it and the words of the sentence that answers it. The
 * vocabulary is data (corpus/vocab/question-types.yaml); this module only
 * compiles and applies it.
 */

export const QUESTION_TYPE_IDS = ["validity", "effective", "ratio", "deadline", "stacking", "consequence", "exists", "payer", "definition", "limit", "interpret", "issuer", "procedure"] as const;
export const QuestionTypeId = z.enum(QUESTION_TYPE_IDS);
export type QuestionTypeId = z.infer<typeof QuestionTypeId>;

const Pattern = z.string().min(1).refine(
  (s) => {
    try {
      new RegExp(s, "u");
      return true;
    } catch {
      return false;
    }
  },
  { message: "不是有效的正则表达式" },
);

const TypeSpec = z
  .object({
    id: QuestionTypeId,
    ask: z.array(Pattern).min(1),
    words: z.array(z.string().min(1)).default([]),
    unless: z.array(Pattern).default([]),
    cue: z.array(Pattern).min(1),
    avoid: z.array(Pattern).default([]),
    pairs: z.array(z.tuple([Pattern, Pattern])).default([]),
    strict: z.boolean().default(false),
    polarity: z.object({ no: Pattern, yes: Pattern }).partial().optional(),
    facets: z.record(z.string(), Pattern).default({}),
    dateOf: Pattern.optional(),
  })
  .strict();

const Guide = z.object({ ask: Pattern, empty: Pattern, topic: Pattern }).strict();

/** Intent patterns are compiled without the `u` flag, as they were written for (server/nlu/intent.ts). */
const PlainPattern = z.string().min(1).refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "不是有效的正则表达式" },
);
export const INTENT_IDS = ["validity", "payer", "procedure", "document_fact", "how_much", "conditions", "which_subsidies"] as const;
const IntentId = z.enum(INTENT_IDS);
const Intents = z
  .object({
    greeting: PlainPattern,
    offTopic: PlainPattern,
    genericPolicy: PlainPattern,
    self: PlainPattern,
    weakDocument: PlainPattern,
    precedence: z.array(IntentId).min(1),
    patterns: z.record(IntentId, PlainPattern),
  })
  .strict();
const VocabFile = z.object({ money: z.array(Pattern).min(1), total: Pattern.optional(), actions: Pattern, forms: Pattern, guide: Guide.optional(), intents: Intents.optional(), types: z.array(TypeSpec).min(1) }).strict();

/** The intent classifier's vocabulary, compiled. */
export interface IntentVocab {
  greeting: RegExp;
  offTopic: RegExp;
  genericPolicy: RegExp;
  self: RegExp;
  weakDocument: RegExp;
  precedence: readonly (typeof INTENT_IDS)[number][];
  patterns: Readonly<Record<(typeof INTENT_IDS)[number], RegExp>>;
}

export interface QuestionType {
  id: QuestionTypeId;
  ask: RegExp;
  /** Words of the question saying what kind of answer is wanted ("部门", "截止"), not what it is about. */
  words: ReadonlySet<string>;
  unless?: RegExp;
  /** What the answering sentence says. */
  cue: RegExp;
  /** Sentences saying this rarely answer the type (a penalty clause for "which department?"). */
  avoid?: RegExp;
  pairs: { ask: RegExp; cue: RegExp }[];
  /** Without a cue sentence this is not a document question of the type. */
  strict: boolean;
  no?: RegExp;
  yes?: RegExp;
  /** Named question patterns saying which kind of answer within the type ("office", "materials"). */
  facets: Readonly<Record<string, RegExp>>;
  /** Words just before a date that make it the date of something else, not a time limit. */
  dateOf?: RegExp;
}

export interface QuestionVocab {
  types: readonly QuestionType[];
  /** Words asking an amount of money. */
  money: RegExp;
  /** Words asking the sum of several awards ("合计多少"); absent: no sum is offered. */
  total?: RegExp;
  /** Verbs whose asking picks the clause ("怎么申报", "什么时候验收"). */
  actions: RegExp;
  /** A line that is a form or a list of attachments, not a provision. */
  forms: RegExp;
  /**
   * A question that names no subject ("我们公司能申请什么补贴？"): `ask` says it asks which policies
   * there are, `empty` are the words that say nothing about a subject, `topic` finds the subject an
   * uncovered question names ("社保补贴"). Absent: such questions are refused as before.
   */
  guide?: { ask: RegExp; empty: RegExp; topic: RegExp };
  /** What kind of answer a question wants (server/nlu/intent.ts); absent in a corpus's own file, the project's is used. */
  intents?: IntentVocab;
}

const alt = (xs: readonly string[]) => new RegExp(xs.map((x) => `(?:${x})`).join("|"), "u");

/** Parse and compile a vocabulary file's text; throws a Chinese message naming the problem. */
export function parseQuestionVocab(text: string, source = "question-types.yaml"): QuestionVocab {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`问题类型词表 ${source} 不是有效的 YAML：${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  }
  const parsed = VocabFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`问题类型词表 ${source} 有误：${issue.path.join(".")} ${issue.message}`);
  }
  const seen = new Set<string>();
  const types = parsed.data.types.map((t) => {
    if (seen.has(t.id)) throw new Error(`问题类型词表 ${source} 有误：类型 ${t.id} 重复`);
    seen.add(t.id);
    return {
      id: t.id,
      ask: alt(t.ask),
      words: new Set(t.words),
      ...(t.unless.length ? { unless: alt(t.unless) } : {}),
      cue: alt(t.cue),
      ...(t.avoid.length ? { avoid: alt(t.avoid) } : {}),
      pairs: t.pairs.map(([a, c]) => ({ ask: new RegExp(a, "u"), cue: new RegExp(c, "u") })),
      strict: t.strict,
      ...(t.polarity?.no ? { no: new RegExp(t.polarity.no, "u") } : {}),
      ...(t.polarity?.yes ? { yes: new RegExp(t.polarity.yes, "u") } : {}),
      facets: Object.fromEntries(Object.entries(t.facets).map(([k, v]) => [k, new RegExp(v, "u")])),
      ...(t.dateOf ? { dateOf: new RegExp(t.dateOf, "u") } : {}),
    };
  });
  const i = parsed.data.intents;
  const intents: IntentVocab | undefined = i && {
    greeting: new RegExp(i.greeting, "i"),
    offTopic: new RegExp(i.offTopic),
    genericPolicy: new RegExp(i.genericPolicy),
    self: new RegExp(i.self),
    weakDocument: new RegExp(i.weakDocument),
    precedence: i.precedence,
    patterns: Object.fromEntries(INTENT_IDS.map((id) => [id, new RegExp(i.patterns[id] ?? "(?!)")])) as IntentVocab["patterns"],
  };
  return { ...(intents ? { intents } : {}), types, money: alt(parsed.data.money), ...(parsed.data.total ? { total: new RegExp(parsed.data.total, "u") } : {}), actions: new RegExp(parsed.data.actions, "gu"), forms: new RegExp(parsed.data.forms, "u"), ...(parsed.data.guide ? { guide: { ask: new RegExp(parsed.data.guide.ask, "u"), empty: new RegExp(parsed.data.guide.empty, "gu"), topic: new RegExp(parsed.data.guide.topic, "u") } } : {}) };
}

const DEFAULT_FILE = fileURLToPath(new URL("../../corpus/vocab/question-types.yaml", import.meta.url));
const loaded = new Map<string, QuestionVocab>();

/** The vocabulary of a corpus directory (its own vocab/question-types.yaml, else the project's), compiled once. */
export function loadQuestionVocab(corpusDir?: string): QuestionVocab {
  const own = corpusDir ? `${corpusDir.replace(/\/?$/, "/")}vocab/question-types.yaml` : undefined;
  const file = own && existsSync(own) ? own : DEFAULT_FILE;
  let v = loaded.get(file);
  if (!v) loaded.set(file, (v = parseQuestionVocab(readFileSync(file, "utf8"), file)));
  return v;
}

/** The document-question type the text asks, if any: the first type in the vocabulary's order whose cue it says. */
export function classifyQuestion(text: string, vocab: QuestionVocab = loadQuestionVocab()): QuestionType | undefined {
  const t = normalizeSameLength(String(text ?? "")).slice(0, 2000);
  return vocab.types.find((q) => q.ask.test(t) && !q.unless?.test(t));
}

/** Whether the text asks an amount of money ("能拿多少", "补贴多少"). */
export function asksMoney(text: string, vocab: QuestionVocab = loadQuestionVocab()): boolean {
  return vocab.money.test(normalizeSameLength(String(text ?? "")));
}
