/**
 * Numbers and quantities in Chinese text, in three modules: exact decimals (decimal.ts),
 * numeral parsing (numerals.ts) and quantity scanning (quantities.ts). This module keeps the
 * names callers import.
 */
export { normalizeSameLength, parseChineseNumber } from "./numerals.js";
export { findQuantities, type Quantity, type QuantityUnit } from "./quantities.js";
