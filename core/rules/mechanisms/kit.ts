import { z } from "zod";
import type { Profile } from "../../facts/registry.js";
import { describeValue, factLabel } from "../describe.js";
import type { Amount } from "../match.js";
import { fenToYuan, formatFen, yuanToFen, type Fen } from "../money.js";
import type { Dimension } from "../quantities.js";

/**
 * What every formula mechanism shares: the outcome it computes and the
 * provenance numbers it reports. One module per mechanism holds its schema,
 * computation and trace wording, the numbers it uses and the facts it reads.
 */

export interface AmountOutcome {
  amount?: Amount;
  /** Facts needed to compute the amount. */
  missing: string[];
  /** Why nothing is due although the conditions hold ("设置外卖柜台数为0"). */
  zero?: string;
  /** Requirements to confirm when applying (staged matching funds). */
  confirm?: string[];
  /** Qualification rules: what meeting the conditions gives. */
  outcome?: string;
}

export interface RuleNumber {
  value: number;
  dim: Dimension;
  /** Where in the rule the number sits ("conditions", "amount.cap"), for the error. */
  where: string;
  unit?: string;
}

export interface Mechanism<F> {
  compute(f: F, p: Profile): AmountOutcome;
  numbers(f: F): RuleNumber[];
  facts(f: F): string[];
}

/** Money is in yuan in the data; the engine computes in integer fen. Rates in percent points. */
export const Yuan = z.number().nonnegative();
export const Percent = z.number().positive().max(100);

export const F = formatFen;
export const Y = (yuan: number) => formatFen(yuanToFen(yuan));
export const yuan = (fen: Fen) => fenToYuan(fen);
export const whole = (n: number) => Math.floor(n);
export const num = (p: Profile, key: string | undefined): number | undefined => {
  const v = key === undefined ? undefined : p[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
export const pending = (missing: string[], amount: Amount): AmountOutcome => ({ missing, amount });
export const zeroOf = (key: string, value: number): AmountOutcome => ({ missing: [], zero: `${factLabel(key)}为${describeValue(key, value)}，无可计算的补助` });

/** A value in the unit its fact is stated in ("300万美元", "15000平方米"). */
export const V = (key: string, value: number) => describeValue(key, value);

export const money = (out: RuleNumber[], where: string, v: number | undefined) => v !== undefined && out.push({ value: v, dim: "money", where: `amount.${where}` });
export const pct = (out: RuleNumber[], where: string, v: number | undefined) => v !== undefined && out.push({ value: v, dim: "percent", where: `amount.${where}` });
export const count = (out: RuleNumber[], where: string, v: number | undefined, unit?: string) =>
  v !== undefined && out.push({ value: v, dim: "count", where: `amount.${where}`, ...(unit ? { unit } : {}) });

/** A number in the dimension of the fact it is compared with (money, 美元, a count). */
export function factNumber(out: RuleNumber[], where: string, key: string, v: number | undefined, dimOf: (key: string) => Dimension): void {
  if (v === undefined) return;
  out.push({ value: v, dim: dimOf(key), where });
}

/** The facts among a formula's optional fields that it names, in field order. */
export const named = (...keys: (string | undefined)[]): string[] => keys.filter((k): k is string => typeof k === "string");

const CN_SMALL = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
/** A rate as the document writes it: 20%, or 三分之一 for a fraction no decimal writes exactly. */
export const P = (rate: number | undefined): string => {
  if (rate === undefined) return "undefined%";
  if (Number.isInteger(rate * 10000)) return `${rate}%`;
  for (let den = 2; den <= 12; den++) {
    const part = (rate * den) / 100;
    if (Math.abs(part - Math.round(part)) < 1e-9 && Math.round(part) > 0) return `${CN_SMALL[den]}分之${CN_SMALL[Math.round(part)]}`;
  }
  return `${Number(rate.toFixed(4))}%`;
};
