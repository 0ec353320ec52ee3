import { findQuantities, parseChineseNumber } from "../text/numbers.js";

/**
 * The quantities a quote writes, reduced to the three dimensions a rule's
 * numbers can have. The parsing itself is core/text/numbers.ts (one Chinese
 * number parser for the project); this only classifies its units and adds the
 * few measure words policy prose uses that user text rarely does ("两类").
 */

export type Dimension = "money" | "usd" | "percent" | "count";

export interface QuoteQuantity {
  value: number;
  dim: Dimension;
  raw: string;
}

const DIM_OF_UNIT: Record<string, Dimension | undefined> = {
  yuan: "money",
  percent: "percent",
  count: "count",
  years: "count",
  months: "count",
  days: "count",
  hours: "count",
  times: "count",
  number: "count",
  // Foreign currency stays as written: a 美元 threshold is compared in 美元, never as 元.
  usd: "usd",
  // Calendar years and dates ("2022年", "7月") are never thresholds.
};

const EXTRA_MEASURE = /([零〇一二两三四五六七八九十百千\d]+)(类|档|级|方面)/g;

export function quoteQuantities(quote: string): QuoteQuantity[] {
  const out: QuoteQuantity[] = [];
  for (const q of findQuantities(quote)) {
    const dim = DIM_OF_UNIT[q.unit];
    if (dim) out.push({ value: q.value, dim, raw: q.raw });
  }
  // "可全额抵用": the whole of it, a rate of 100% the quote writes in words.
  for (const m of quote.matchAll(/全额/g)) out.push({ value: 100, dim: "percent", raw: m[0] });
  for (const m of quote.matchAll(EXTRA_MEASURE)) {
    const value = parseChineseNumber(m[1]);
    if (value !== undefined) out.push({ value, dim: "count", raw: m[0] });
  }
  return out;
}
