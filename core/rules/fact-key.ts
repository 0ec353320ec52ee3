import { z } from "zod";
import { isFactKey } from "../facts/registry.js";

/** A fact a rule reads: hand-written in the registry, or minted by the clause compiler ("c:…"). */
export const FactKey = z.string().refine(isFactKey, { message: "unknown fact key (add it to core/facts/registry.ts)" });
