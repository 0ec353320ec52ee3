/**
 * Money is computed in integer fen (分) as BigInt: a subsidy of 0.3元 × 70000件
 * must come out as 21000元, not 20999.999999999996, and profile amounts go up
 * to 1e15 yuan, beyond the exact range of a double once in fen.
 * Data (rules, profiles, API) carries yuan as numbers; conversion happens only
 * at these edges, through decimal strings, never through binary arithmetic.
 */

export type Fen = bigint;

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** A decimal string as digits × 10^-scale, exactly. */
function parseDecimal(s: string): { digits: bigint; scale: number } {
  const m = DECIMAL.exec(s);
  if (!m) throw new RangeError(`不是有效金额 / not a decimal: ${s}`);
  const frac = m[3] ?? "";
  let digits = BigInt(m[2] + frac);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { digits: m[1] ? -digits : digits, scale };
}

/** Divide and round half away from zero: policy amounts are paid to the fen. */
function divRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return neg ? -q : q;
}

/** Yuan as written (0.3, 5000000) to fen, via its shortest decimal form so 0.3 stays 30 fen. */
export function yuanToFen(yuan: number): Fen {
  if (!Number.isFinite(yuan)) throw new RangeError(`金额必须是有限数 / amount must be finite: ${yuan}`);
  const { digits, scale } = parseDecimal(String(yuan));
  return divRound(digits * 100n, 10n ** BigInt(scale));
}

/** Fen back to yuan for JSON: the nearest double to the exact decimal. */
export function fenToYuan(fen: Fen): number {
  return Number(decimalString(fen, 2));
}

export const addFen = (...xs: Fen[]): Fen => xs.reduce((a, b) => a + b, 0n);
export const subFen = (a: Fen, b: Fen): Fen => a - b;
export const minFen = (a: Fen, ...xs: Fen[]): Fen => xs.reduce((m, x) => (x < m ? x : m), a);
export const maxFen = (a: Fen, ...xs: Fen[]): Fen => xs.reduce((m, x) => (x > m ? x : m), a);

/** fen × a whole count (台, 件, 年). */
export function mulFen(fen: Fen, count: number | bigint): Fen {
  if (typeof count === "number" && !Number.isInteger(count)) throw new RangeError(`数量必须是整数 / count must be an integer: ${count}`);
  return fen * BigInt(count);
}

/** percent% of an amount (20 → 20%, 0.5 → 0.5%), rounded to the fen. */
export function percentOf(fen: Fen, percent: number): Fen {
  const { digits, scale } = parseDecimal(String(percent));
  return divRound(fen * digits, 100n * 10n ** BigInt(scale));
}

/** value × 10^-scale as a plain decimal with trailing zeros trimmed. */
function decimalString(value: bigint, scale: number): string {
  const neg = value < 0n;
  let s = (neg ? -value : value).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, "0");
    s = `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, "");
  }
  return (neg ? "-" : "") + s;
}

const YI = 10n ** 10n; // 1亿元 in fen
const WAN = 10n ** 6n; // 1万元 in fen

/** As policies write amounts: 200万元, 5.25万元, 500元, 1.5亿元, 0.3元. */
export function formatFen(fen: Fen): string {
  const abs = fen < 0n ? -fen : fen;
  if (abs >= YI) return `${decimalString(fen, 10)}亿元`;
  if (abs >= WAN) return `${decimalString(fen, 6)}万元`;
  return `${decimalString(fen, 2)}元`;
}

export const formatYuan = (yuan: number): string => formatFen(yuanToFen(yuan));
