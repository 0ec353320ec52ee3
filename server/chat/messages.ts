import { z } from "zod";
import { readVocab } from "../../core/vocab.js";

/** The assistant's fixed sentences (corpus/vocab/messages.yaml), read once per process. */
const Messages = z.object({ notFoundAdvice: z.string().min(1), greeting: z.string().min(1) }).strict();
export type Messages = z.infer<typeof Messages>;

let cached: Messages | undefined;
export const messages = (): Messages => (cached ??= readVocab("messages.yaml", Messages));
