import type { z } from "zod";
import type { Profile } from "../../facts/registry.js";
import { approx, schema as approxSchema } from "./approx.js";
import { areaRent, schema as areaRentSchema } from "./area-rent.js";
import { costShare, schema as costShareSchema } from "./cost-share.js";
import { excess, schema as excessSchema } from "./excess.js";
import { feeShare, schema as feeShareSchema } from "./fee-share.js";
import { fixed, schema as fixedSchema } from "./fixed.js";
import type { AmountOutcome, Mechanism, RuleNumber } from "./kit.js";
import { lookup, schema as lookupSchema } from "./lookup.js";
import { marginal, schema as marginalSchema } from "./marginal.js";
import { multiple, schema as multipleSchema } from "./multiple.js";
import { oncePlusRecurring, schema as oncePlusRecurringSchema } from "./once-plus-recurring.js";
import { perHeads, schema as perHeadsSchema } from "./per-heads.js";
import { perPeriod, schema as perPeriodSchema } from "./per-period.js";
import { perStep, schema as perStepSchema } from "./per-step.js";
import { perUnit, schema as perUnitSchema } from "./per-unit.js";
import { qualification, schema as qualificationSchema } from "./qualification.js";
import { range, schema as rangeSchema } from "./range.js";
import { rate, schema as rateSchema } from "./rate.js";
import { rateRange, schema as rateRangeSchema } from "./rate-range.js";
import { staged, schema as stagedSchema } from "./staged.js";
import { tiers, schema as tiersSchema } from "./tiers.js";
import { unspecified, schema as unspecifiedSchema } from "./unspecified.js";
import { upTo, schema as upToSchema } from "./up-to.js";

/**
 * The formula kinds, one module each (schema, computation and trace wording,
 * numbers for provenance, facts for selection). A new kind is a new module
 * listed here twice: its schema joins the Formula union, its mechanism the
 * registry, and the registry's type refuses a kind without a mechanism.
 */
export const MECHANISM_SCHEMAS = [
  fixedSchema,
  upToSchema,
  rateSchema,
  perPeriodSchema,
  perUnitSchema,
  oncePlusRecurringSchema,
  feeShareSchema,
  approxSchema,
  stagedSchema,
  unspecifiedSchema,
  costShareSchema,
  qualificationSchema,
  tiersSchema,
  rangeSchema,
  rateRangeSchema,
  perStepSchema,
  excessSchema,
  multipleSchema,
  lookupSchema,
  marginalSchema,
  areaRentSchema,
  perHeadsSchema,
] as const;

type AnyFormula = z.infer<(typeof MECHANISM_SCHEMAS)[number]>;
type Kind = AnyFormula["kind"];

export const MECHANISMS: { readonly [K in Kind]: Mechanism<Extract<AnyFormula, { kind: K }>> } = {
  fixed,
  upTo,
  rate,
  perPeriod,
  perUnit,
  onceplusRecurring: oncePlusRecurring,
  feeShare,
  approx,
  staged,
  unspecified,
  costShare,
  qualification,
  tiers,
  range,
  rateRange,
  perStep,
  excess,
  multiple,
  lookup,
  marginal,
  areaRent,
  perHeads,
};

const mechanismOf = <F extends AnyFormula>(f: F): Mechanism<F> => MECHANISMS[f.kind] as unknown as Mechanism<F>;

/** The amount a formula gives for the enterprise's facts, with its trace. */
export const computeFormula = (f: AnyFormula, p: Profile): AmountOutcome => mechanismOf(f).compute(f, p);
/** Every number the formula uses, for the provenance check. */
export const formulaNumbers = (f: AnyFormula): RuleNumber[] => mechanismOf(f).numbers(f);
/** The facts the formula reads, for selection. */
export const formulaFacts = (f: AnyFormula): string[] => mechanismOf(f).facts(f);
