import { z } from "zod";
import type { Mechanism } from "./kit.js";

/** A threshold-only provision (e.g. 入库条件, 一事一议): no money, an outcome. */
export const schema = z.object({ kind: z.literal("qualification"), outcome: z.string() }).strict();
export type Qualification = z.infer<typeof schema>;

export const qualification: Mechanism<Qualification> = {
  compute: (f) => ({ missing: [], outcome: f.outcome }),
  numbers: () => [],
  facts: () => [],
};
