import { add, cmp, dec, decFromDigits, isZero, mul, pow10, toNumber, ZERO, type Dec } from "./decimal.js";

/**
 * Numerals as Chinese text writes them: Arabic digits with separators, 一百五十万,
 * 两千万, 壹佰, mixed 1.2亿. Nothing here throws: malformed input yields undefined.
 */
// ---------------------------------------------------------------------------
// Normalisation.

/**
 * NFKC per character, but only where that keeps the UTF-16 length, so every
 * offset into the result is also an offset into the original text (evidence
 * spans must quote the user's own characters).
 */
export function normalizeSameLength(text: string): string {
  let out = "";
  for (const ch of text) {
    // ASCII and the CJK ideographs are their own NFKC form: most of a Chinese text needs no normalize call.
    const c = ch.charCodeAt(0);
    if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff)) {
      out += ch;
      continue;
    }
    const n = ch.normalize("NFKC");
    out += n.length === ch.length ? n : ch;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Chinese numerals.

const CN_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};
const CN_SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const CN_BIG_UNIT: Record<string, number> = { 万: 4, 萬: 4, 亿: 8 };

export const CN_NUMERAL_CHARS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万萬亿";
export const MAX_NUMBER_CHARS = 40;

/**
 * The exact value of a numeral: Arabic ("2,000", "1.2"), Chinese ("一百五十",
 * "两万五", "二〇二二", "三点五") or mixed ("1.2亿", "3千万", "150亿").
 */
export function parseDec(raw: string): Dec | undefined {
  let s = normalizeSameLength(raw).replace(/\s+/g, "");
  if (!s || s.length > MAX_NUMBER_CHARS) return undefined;
  let neg = false;
  if (s[0] === "-" || s[0] === "负" || s[0] === "−") {
    neg = true;
    s = s.slice(1);
  } else if (s[0] === "+") s = s.slice(1);
  if (!s) return undefined;
  // Thousands separators only where they group exactly three digits.
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?(?=\D|$)/.test(s)) s = s.replace(/,(?=\d{3})/g, "");

  let total = ZERO;
  let section = ZERO;
  let digit: Dec | undefined;
  let lastUnit = 0; // exponent of the last unit seen, for "两万五" = 25000
  let prevWasUnit = false;
  let zeroSinceUnit = false;
  let sawAnything = false;

  for (let i = 0; i < s.length; ) {
    const ch = s[i];
    const num = /^\d+(?:\.\d+)?/.exec(s.slice(i, i + MAX_NUMBER_CHARS + 1));
    if (num) {
      if (digit) return undefined; // "3 5" glued together is not a number
      digit = decFromDigits(num[0]);
      if (!digit) return undefined;
      i += num[0].length;
      prevWasUnit = false;
      sawAnything = true;
      continue;
    }
    if (ch in CN_DIGIT) {
      const d = CN_DIGIT[ch];
      if (digit) {
        // Positional reading ("二〇二二" = 2022) only in a numeral with no units; "十四五" is a name.
        if (lastUnit !== 0) return undefined;
        digit = add(mul(digit, dec(10)), dec(d));
      } else if (d === 0) {
        zeroSinceUnit = true;
      } else {
        digit = dec(d);
      }
      prevWasUnit = false;
      sawAnything = true;
      i++;
      continue;
    }
    if (ch === "点" || ch === ".") {
      // Chinese decimal: "三点五" = 3.5, "一点二亿" = 1.2亿.
      let frac = "";
      let j = i + 1;
      for (; j < s.length; j++) {
        const c = s[j];
        if (c >= "0" && c <= "9") frac += c;
        else if (c in CN_DIGIT) frac += String(CN_DIGIT[c]);
        else break;
      }
      if (!frac) return undefined;
      const whole = digit ?? ZERO;
      digit = add(whole, { n: BigInt(frac), s: frac.length });
      i = j;
      prevWasUnit = false;
      continue;
    }
    if (ch in CN_SMALL_UNIT) {
      const u = CN_SMALL_UNIT[ch];
      section = add(section, mul(digit ?? dec(1), dec(u)));
      digit = undefined;
      lastUnit = Math.log10(u);
      prevWasUnit = true;
      zeroSinceUnit = false;
      sawAnything = true;
      i++;
      continue;
    }
    if (ch in CN_BIG_UNIT) {
      const exp = CN_BIG_UNIT[ch];
      const factor = dec(pow10(exp));
      const x = add(section, digit ?? ZERO);
      // "0.00万元" is zero: only a unit with no figure before it stands for its own value.
      if (isZero(x) && digit === undefined) {
        // Chained units ("万万", "亿亿") multiply; a bare "万" is ten thousand.
        total = isZero(total) ? factor : mul(total, factor);
      } else if (exp === 4 && cmp(total, dec(pow10(8))) >= 0) {
        total = add(total, mul(x, factor)); // "一亿五千万": 万 scales only its own section
      } else {
        total = mul(add(total, x), factor);
      }
      section = ZERO;
      digit = undefined;
      lastUnit = exp;
      prevWasUnit = true;
      zeroSinceUnit = false;
      sawAnything = true;
      i++;
      continue;
    }
    return undefined;
  }
  if (!sawAnything) return undefined;
  if (digit) {
    // Colloquial elision: "一百五" = 150, "两万五" = 25000 (the digit takes the next lower unit).
    const elided = !zeroSinceUnit && lastUnit >= 2 && digit.s === 0 && digit.n < 10n && !prevWasUnit && /[十拾百佰千仟万萬亿][零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]$/.test(s);
    section = add(section, elided ? mul(digit, dec(pow10(lastUnit - 1))) : digit);
  }
  const v = add(total, section);
  return neg ? { n: -v.n, s: v.s } : v;
}

/** A numeral as a finite number, or undefined when it is not one. Never throws. */
export function parseChineseNumber(s: string): number | undefined {
  try {
    const d = parseDec(String(s ?? ""));
    if (!d) return undefined;
    const v = toNumber(d);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

