import type { Profile } from "../../facts/registry.js";
import { excess, schema as excessSchema } from "./excess.js";
import type { AmountOutcome, Mechanism, RuleNumber } from "./kit.js";
import { lookup, schema as lookupSchema } from "./lookup.js";
import { multiple, schema as multipleSchema } from "./multiple.js";
import { perStep, schema as perStepSchema } from "./per-step.js";
import { range, schema as rangeSchema } from "./range.js";
import { rateRange, schema as rateRangeSchema } from "./rate-range.js";
import { tiers, schema as tiersSchema } from "./tiers.js";

/** The formula mechanisms that live one per module (schema, computation, numbers, facts). */
export const MECHANISM_SCHEMAS = [tiersSchema, rangeSchema, rateRangeSchema, perStepSchema, excessSchema, multipleSchema, lookupSchema] as const;

const BY_KIND: Record<string, Mechanism<never>> = { tiers, range, rateRange, perStep, excess, multiple, lookup } as Record<string, Mechanism<never>>;

type Modular = { kind: string };
export const isModular = (f: Modular): boolean => Object.hasOwn(BY_KIND, f.kind);
export const computeModular = (f: Modular, p: Profile): AmountOutcome => BY_KIND[f.kind].compute(f as never, p);
export const numbersModular = (f: Modular): RuleNumber[] => BY_KIND[f.kind].numbers(f as never);
export const factsModular = (f: Modular): string[] => BY_KIND[f.kind].facts(f as never);
