import { z } from "zod";
import { FollowUp, Match } from "../rules/match.js";

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

export const ChatResponse = z
  .object({
    answer: z.string(),
    found: z.boolean(),
    citations: z.array(Citation),
    matches: z.array(Match),
    followUps: z.array(z.string()),
    followUpFacts: z.array(FollowUp).optional(),
    notices: z.array(z.string()),
    profile: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).optional()),
    intent: z.string().optional(),
    asOf: z.string(),
  })
  .strict();
export type ChatResponse = z.infer<typeof ChatResponse>;
