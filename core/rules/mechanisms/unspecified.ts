import { z } from "zod";
import type { Mechanism } from "./kit.js";

/** 择优给予奖励 — the document names no figure; never invent one. */
export const schema = z.object({ kind: z.literal("unspecified"), note: z.string() }).strict();
export type Unspecified = z.infer<typeof schema>;

export const unspecified: Mechanism<Unspecified> = {
  compute: (f) => ({ missing: [], amount: { text: f.note, basis: "文件未规定具体金额", trace: [f.note] } }),
  numbers: () => [],
  facts: () => [],
};
