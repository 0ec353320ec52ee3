import { z } from "zod";

/** Where a question was asked: the chat page, the embedded widget, the hotline console, or another program. */
export const Channel = z.enum(["chat", "widget", "console", "api"]);
export type Channel = z.infer<typeof Channel>;

/** How an answer ended: something found, nothing found, or the question refused as out of scope. */
export const Outcome = z.enum(["answered", "nothing", "refused"]);
export type Outcome = z.infer<typeof Outcome>;

export const UnansweredQuestion = z.object({
  /** The question as recorded: personal data masked (server/store/mask.ts). */
  question: z.string(),
  count: z.number().int(),
  lastAt: z.string(),
});

export const FeedbackEntry = z.object({
  requestId: z.string(),
  at: z.string(),
  helpful: z.boolean(),
  comment: z.string().nullable(),
  channel: Channel.nullable(),
  /** The question the rated answer answered, when it was recorded (masked). */
  question: z.string().nullable(),
  region: z.string().nullable(),
});

/** GET /admin/api/insights. */
export const InsightsResponse = z.object({
  days: z.number().int(),
  since: z.string(),
  unanswered: z.array(UnansweredQuestion),
  feedback: z.object({ helpful: z.number().int(), unhelpful: z.number().int(), recent: z.array(FeedbackEntry) }),
});
export type InsightsResponse = z.infer<typeof InsightsResponse>;
