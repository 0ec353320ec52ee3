/**
 * Exact decimal arithmetic: value = n / 10^s, as BigInt. Money must come out exact
 * (1.2亿 is 120000000, never 119999999.99999999), so figures are computed here and only
 * turned into a JS number at the end.
 */
// ---------------------------------------------------------------------------
// Exact decimal arithmetic: value = n / 10^s.

export interface Dec {
  n: bigint;
  s: number;
}

export const ZERO: Dec = { n: 0n, s: 0 };
export const dec = (n: bigint | number, s = 0): Dec => ({ n: BigInt(n), s });
export const pow10 = (k: number): bigint => 10n ** BigInt(k);

export function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * pow10(s - a.s), b.n * pow10(s - b.s), s];
}
export const add = (a: Dec, b: Dec): Dec => {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
};
export const mul = (a: Dec, b: Dec): Dec => ({ n: a.n * b.n, s: a.s + b.s });
export const isZero = (a: Dec): boolean => a.n === 0n;
export const cmp = (a: Dec, b: Dec): number => {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Parse "1234.56" (no sign, no separators) exactly. */
export function decFromDigits(s: string): Dec | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  return { n: BigInt(m[1] + frac), s: frac.length };
}

/** Round half away from zero to `digits` decimals. */
export function roundDec(a: Dec, digits: number): Dec {
  if (a.s <= digits) return a;
  const div = pow10(a.s - digits);
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return { n: neg ? -q : q, s: digits };
}

/** Via the decimal string, so the double is the nearest one to the exact value. */
export function toNumber(a: Dec): number {
  const neg = a.n < 0n;
  let digits = (neg ? -a.n : a.n).toString();
  if (a.s > 0) {
    digits = digits.padStart(a.s + 1, "0");
    digits = `${digits.slice(0, -a.s)}.${digits.slice(-a.s)}`;
  }
  return Number((neg ? "-" : "") + digits);
}

