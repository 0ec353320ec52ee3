import { z } from "zod";
import { AskedFact } from "../chat/schema.js";
import { Channel } from "../store/schema.js";
import { ProfileSchema as ProfileObject, type Profile } from "../../core/facts/registry.js";

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

export const SearchQuery = z.object({
  q: z.string({ message: "请提供查询词 q" }).trim().min(1, { message: "查询词 q 不能为空" }).max(LIMITS.queryChars, { message: `查询词不能超过${LIMITS.queryChars}个字符` }),
  k: z.coerce
    .number({ message: "k 必须是数字" })
    .int({ message: "k 必须是整数" })
    .min(LIMITS.kMin, { message: `k 必须在${LIMITS.kMin}到${LIMITS.kMax}之间` })
    .max(LIMITS.kMax, { message: `k 必须在${LIMITS.kMin}到${LIMITS.kMax}之间` })
    .default(5),
  docId: z.string().max(200).optional(),
  region: z.string().max(50).optional(),
  inForce: z.enum(["true", "false"]).optional(),
});
