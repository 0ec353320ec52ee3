import { z } from "zod";
import { QuestionTypeId } from "../nlu/question-types.js";
import { FollowUp, Match } from "../../core/rules/match.js";

export const Citation = z
  .object({
    id: z.number().int().positive(),
    docId: z.string(),
    docTitle: z.string(),
    article: z.string(),
    clauseId: z.string(),
    /** The whole clause, verbatim. */
    text: z.string(),
    /** The sentence(s) of the clause that support the answer, verbatim. */
    quote: z.string(),
  })
  .strict();
export type Citation = z.infer<typeof Citation>;

/** A fact a follow-up question asks for: the client sends these back on the assistant message. */
export const AskedFact = z
  .object({
    key: z.string().max(64),
    question: z.string().max(200),
  })
  .strict();
export type AskedFact = z.infer<typeof AskedFact>;

export const ChatResponse = z
  .object({
    answer: z.string(),
    found: z.boolean(),
    citations: z.array(Citation),
    matches: z.array(Match),
    followUps: z.array(z.string()),
    followUpFacts: z.array(FollowUp).optional(),
    /** The facts this answer's follow-up questions ask for, in order; send them back on this assistant message. */
    askedFacts: z.array(AskedFact).optional(),
    notices: z.array(z.string()),
    /** Asked a total ("合计多少"): the sum of the eligible computed awards the answer lists, and which rules. */
    total: z
      .object({
        yuan: z.number(),
        text: z.string(),
        ruleIds: z.array(z.string()),
        upTo: z.boolean().optional(),
        /** The awards summed are of policies out of force: what their terms would pay, for reference only. */
        reference: z.boolean().optional(),
      })
      .strict()
      .optional(),
    profile: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).optional()),
    intent: z.string().optional(),
    /** The document question this answers ("validity", "deadline", "consequence"…), when it is one. */
    questionType: QuestionTypeId.optional(),
    asOf: z.string(),
  })
  .strict();
export type ChatResponse = z.infer<typeof ChatResponse>;

/** An answer before the turn's profile, intent and date are attached. */
export type AnswerBody = Omit<ChatResponse, "profile" | "intent" | "asOf">;
