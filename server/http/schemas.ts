import { z } from "zod";
import { AskedFact } from "../chat/schema.js";
import { Channel } from "../store/schema.js";
import { FactDefSchema, ProfileSchema as ProfileObject, type Profile } from "../../core/facts/registry.js";
import { Clause, DocMeta, IsoDate } from "../../core/corpus/schema.js";
import { Evaluation } from "../../core/rules/match.js";
import { Rule } from "../../core/rules/schema.js";
import { Manifest } from "../../core/index/manifest.js";
import { SearchHit } from "../retrieval/search.js";

/** The profile as the routes use it: every fact optional and typed by the registry. */
const ProfileSchema = ProfileObject as unknown as z.ZodType<Profile>;

/** Limits of the public contract (docs/api.md). */
export const LIMITS = { bodyBytes: 64 * 1024, messageChars: 2000, assistantChars: 16000, messages: 50, queryChars: 500, kMin: 1, kMax: 50 } as const;

export const ChatMessage = z
  .object({
    role: z.enum(["user", "assistant"], { message: "角色只能是 user（用户）或 assistant（助手）" }),
    // An assistant message is our own answer sent back as history: it may be longer than what a person types.
    content: z.string({ message: "内容必须是文字" }).max(LIMITS.assistantChars, { message: `单条消息不能超过${LIMITS.assistantChars}个字符` }),
    /** On an assistant message: the facts it asked for, as the response's `askedFacts` gave them. */
    askedFacts: z.array(AskedFact.strip(), { message: "askedFacts 必须是数组" }).max(20, { message: "askedFacts 最多20项" }).optional(),
  })
  .strip()
  .superRefine((m, ctx) => {
    if (m.role === "user" && m.content.length > LIMITS.messageChars)
      ctx.addIssue({ code: "too_big", origin: "string", maximum: LIMITS.messageChars, inclusive: true, path: ["content"], message: `单条消息不能超过${LIMITS.messageChars}个字符` });
  });
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatRequest = z
  .object({
    messages: z
      .array(ChatMessage, { message: "messages 必须是消息数组" })
      .min(1, { message: "请至少发送一条消息" })
      .max(LIMITS.messages, { message: `一次对话最多${LIMITS.messages}条消息` }),
    profile: ProfileSchema.optional(),
    /** Evaluate as of this date instead of today (what-if, replaying a past call). */
    asOf: z.iso.date().optional(),
    /** Where the question is asked (chat page, widget, console; "api" when not said): recorded with unanswered questions. */
    channel: Channel.optional(),
  })
  .strip();
export type ChatRequest = z.infer<typeof ChatRequest>;

export const EligibilityRequest = z
  .object({
    profile: ProfileSchema,
    asOf: z.iso.date().optional(),
    /** true: only the rules of documents in force on asOf (the console's default); otherwise every rule, out-of-force ones `expired`/`not_yet`. */
    inForce: z.boolean({ message: "inForce 必须是 true 或 false" }).optional(),
  })
  .strip();
export type EligibilityRequest = z.infer<typeof EligibilityRequest>;

/** A repeated query parameter (`?q=a&q=b`) counts by its first value, as URLSearchParams.get reads it. */
const first = <T extends z.ZodType>(s: T) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), s);

export const SearchQuery = z.object({
  q: first(z.string({ message: "请提供查询词 q" }).trim().min(1, { message: "查询词 q 不能为空" }).max(LIMITS.queryChars, { message: `查询词不能超过${LIMITS.queryChars}个字符` })),
  k: first(
    z.coerce
      .number({ message: "k 必须是数字" })
      .int({ message: "k 必须是整数" })
      .min(LIMITS.kMin, { message: `k 必须在${LIMITS.kMin}到${LIMITS.kMax}之间` })
      .max(LIMITS.kMax, { message: `k 必须在${LIMITS.kMin}到${LIMITS.kMax}之间` })
      .default(5),
  ),
  docId: first(z.string().max(200).optional()),
  region: first(z.string().max(50).optional()),
  inForce: first(z.enum(["true", "false"]).optional()),
});

// ---- Responses: the shapes the routes answer with, published in /api/openapi.json ----

/** A document as the API serves it: its metadata and whether it is in force on `asOf` (today). */
export const PolicyView = DocMeta.extend({ inForce: z.boolean(), asOf: IsoDate });
export type PolicyView = z.infer<typeof PolicyView>;

/** A clause in a document's tree (GET /api/policies/:docId) or as a neighbour (GET /api/clauses/:clauseId). */
export const ClauseSummary = Clause.pick({ id: true, article: true, headings: true, depth: true, parentId: true, childIds: true, text: true, period: true });
export type ClauseSummary = z.infer<typeof ClauseSummary>;

export const SearchResponse = z.object({ query: z.string(), hits: z.array(SearchHit) });
export const PoliciesResponse = z.object({ asOf: IsoDate, policies: z.array(PolicyView) });
export const PolicyResponse = z.object({ policy: PolicyView, clauses: z.array(ClauseSummary) });
export const ClauseResponse = z.object({ clause: Clause, doc: PolicyView, prev: ClauseSummary.nullable(), next: ClauseSummary.nullable() });
export type ClauseResponse = z.infer<typeof ClauseResponse>;
export const FactsResponse = z.object({ facts: z.array(FactDefSchema) });
export const EligibilityResponse = Evaluation.extend({ asOf: IsoDate });

/** GET /api/rules: each rule with the clause it implements and the facts a caller must state to get its amount. */
export const RuleSummary = Rule.pick({ id: true, docId: true, article: true, title: true, quote: true, target: true, origin: true }).extend({
  clauseId: z.string(),
  docTitle: z.string(),
  /** The amount's mechanism (fixed, percent, tiered…). */
  kind: z.string(),
  facts: z.array(z.string()),
});
export const RulesResponse = z.object({ rules: z.array(RuleSummary) });

export const HealthResponse = z.object({
  status: z.literal("ok"),
  index: Manifest.pick({ corpusHash: true, builtAt: true, format: true, counts: true }),
  today: IsoDate,
});
export const ReadyResponse = z.object({ ready: z.literal(true) });
export const NotReadyResponse = z.object({ ready: z.literal(false), reason: z.string().optional() });

// ---- Admin API ----

/** What ingest will make of an uploaded file (ingest/preview.ts). */
export const PreviewResponse = z.object({
  file: z.string(),
  docs: z.array(PolicyView),
  clauses: z.array(Clause.pick({ id: true, article: true, headings: true, depth: true, text: true, page: true })),
  chars: z.number().int(),
});
/** Every corpus change answers whether the index was rebuilt, plus what changed. */
const Changed = z.object({ ok: z.literal(true), rebuilt: z.boolean() });
export const UploadResponse = Changed.extend({ file: z.string(), docs: z.array(DocMeta.pick({ id: true, title: true })), clauses: z.number().int() });
export const DeleteResponse = Changed.extend({ deleted: z.string(), file: z.string() });
export const AdoptResponse = Changed.extend({ adopted: z.string(), file: z.string() });
export const DisableResponse = Changed.extend({ disabled: z.string() });
export const ProblemsResponse = z.object({ problems: z.array(z.object({ file: z.string(), message: z.string() })) });
/** GET /admin/api/rules: every rule in full, beside its clause, with the facts it reads. */
export const AdminRulesResponse = z.object({
  rules: z.array(
    Rule.extend({
      clauseId: z.string(),
      clause: z.object({ text: z.string(), page: z.number().int().optional() }).nullable(),
      /** Whether the rule's quote is found in its clause (whitespace ignored). */
      quoteFound: z.boolean(),
      docTitle: z.string(),
      facts: z.array(FactDefSchema.partial().extend({ key: z.string() })),
    }),
  ),
  disabled: z.array(z.string()),
});
