import type { Profile } from "../facts/registry.js";
import type { Formula } from "./schema.js";
import { computeFormula } from "./mechanisms/index.js";
import type { AmountOutcome } from "./mechanisms/kit.js";
export type { AmountOutcome } from "./mechanisms/kit.js";
export { shareFor } from "./mechanisms/cost-share.js";

/**
 * The amount a formula gives, in integer fen. Pure: a formula and the
 * enterprise's facts in, the amount (with its trace) out. A fact the formula
 * needs and the enterprise has not stated is reported as missing, with the
 * range the amount can still take. Each kind's computation is its mechanism's.
 */
export const computeAmount = (f: Formula, p: Profile): AmountOutcome => computeFormula(f, p);
