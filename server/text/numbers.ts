/**
 * Numbers and quantities in Chinese text.
 *
 * Money must come out exact (1.2亿 is 120000000, never 119999999.99999999),
 * so values are computed as scaled BigInts and only turned into a JS number
 * at the end. Nothing here throws: malformed or absurd input yields
 * `undefined` (parse) or is skipped (find).
 */

// ---------------------------------------------------------------------------
// Exact decimal arithmetic: value = n / 10^s.

interface Dec {
  n: bigint;
  s: number;
}

const ZERO: Dec = { n: 0n, s: 0 };
const dec = (n: bigint | number, s = 0): Dec => ({ n: BigInt(n), s });
const pow10 = (k: number): bigint => 10n ** BigInt(k);

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * pow10(s - a.s), b.n * pow10(s - b.s), s];
}
const add = (a: Dec, b: Dec): Dec => {
  const [x, y, s] = align(a, b);
  return { n: x + y, s };
};
const mul = (a: Dec, b: Dec): Dec => ({ n: a.n * b.n, s: a.s + b.s });
const isZero = (a: Dec): boolean => a.n === 0n;
const cmp = (a: Dec, b: Dec): number => {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Parse "1234.56" (no sign, no separators) exactly. */
function decFromDigits(s: string): Dec | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  return { n: BigInt(m[1] + frac), s: frac.length };
}

/** Round half away from zero to `digits` decimals. */
function roundDec(a: Dec, digits: number): Dec {
  if (a.s <= digits) return a;
  const div = pow10(a.s - digits);
  const neg = a.n < 0n;
  const abs = neg ? -a.n : a.n;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return { n: neg ? -q : q, s: digits };
}

/** Via the decimal string, so the double is the nearest one to the exact value. */
function toNumber(a: Dec): number {
  const neg = a.n < 0n;
  let digits = (neg ? -a.n : a.n).toString();
  if (a.s > 0) {
    digits = digits.padStart(a.s + 1, "0");
    digits = `${digits.slice(0, -a.s)}.${digits.slice(-a.s)}`;
  }
  return Number((neg ? "-" : "") + digits);
}

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

const CN_NUMERAL_CHARS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟万萬亿";
const MAX_NUMBER_CHARS = 40;

/**
 * The exact value of a numeral: Arabic ("2,000", "1.2"), Chinese ("一百五十",
 * "两万五", "二〇二二", "三点五") or mixed ("1.2亿", "3千万", "150亿").
 */
function parseDec(raw: string): Dec | undefined {
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

// ---------------------------------------------------------------------------
// Quantities.

export type QuantityUnit =
  | "yuan"
  | "usd"
  | "percent"
  | "count"
  | "years"
  | "months"
  | "days"
  | "hours"
  | "times"
  /** A calendar year ("2022年"), not a duration. */
  | "year"
  /** A calendar month or day ("3月", "15日"). */
  | "date"
  /** A bare number with no unit. */
  | "number";

export interface Quantity {
  value: number;
  unit: QuantityUnit;
  /** Measure word: "件", "家", "个", "台", "人", "学时"… For per-unit rates, the unit priced ("0.3元/件" → "件"). */
  measure?: string;
  /** A rate per `measure` ("500元/台", "每台2000元"), not a total. */
  perUnit?: boolean;
  /** A look-back window ("近3年", "3年内"), not a duration the enterprise has reached. */
  window?: boolean;
  /** Approximate ("1000多万", "300余家"). */
  approx?: boolean;
  /** The unit was not written ("200万-500万美元"'s first number): a range partner's unit may replace it. */
  implicit?: boolean;
  raw: string;
  start: number;
  end: number;
}

const MEASURES = [
  "人次", "学时", "平方米", "公里", "千瓦", "件", "家", "个", "台", "人", "单", "次", "项", "名", "所", "座", "套",
  "条", "批", "场", "期", "户", "位", "张", "款", "种", "届", "辆", "吨", "亩", "篇", "部", "处", "支", "只", "栋",
  "间", "份", "本", "门", "轮",
];
const PER_MEASURES = ["平方米", "人次", "学时", "件", "台", "个", "单", "次", "人", "家", "项", "年", "月", "天", "份", "套", "张", "亩", "吨"];

/** Characters after 成 that make it a verb or a word ("一成不变", "三成立"), not a tenth. */
const NOT_PERCENT_AFTER_CHENG = "立为功本果员交熟长品型绩就效不都了";

const NUMBER_RUN = new RegExp(
  String.raw`百分之|(?:\d+(?:,\d{3}(?!\d))*(?:\.\d+)?[十百千万亿]*)|[${CN_NUMERAL_CHARS}]+(?:点[零〇一二两三四五六七八九]+[十百千万亿]*)?`,
  "g",
);
const CN_DIGIT_CHARS = /[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]/;

interface Suffix {
  unit: QuantityUnit;
  measure?: string;
  /** Multiply the number by this (万元 → 10000, 成 → 10). */
  scale?: number;
  /** Divide by ten, exactly (‰ → percent points). */
  divide10?: boolean;
  len: number;
}

/** The unit word right after a number at `pos`, longest match first. */
function readSuffix(t: string, pos: number, value: number, isArabicInt4: boolean): Suffix | undefined {
  const at = (w: string) => t.startsWith(w, pos);
  for (const [w, scale] of [["个多亿元", 1e8], ["个多亿", 1e8], ["个亿元", 1e8], ["个亿", 1e8], ["万亿元", 1e12], ["亿元", 1e8], ["千万元", 1e7], ["百万元", 1e6], ["万元", 1e4], ["千元", 1e3], ["元人民币", 1], ["元", 1], ["块钱", 1], ["块", 1]] as const) {
    if (at(w)) return { unit: "yuan", scale, len: w.length };
  }
  for (const [w, scale] of [["亿美元", 1e8], ["万美元", 1e4], ["美元", 1]] as const) {
    if (at(w)) return { unit: "usd", scale, len: w.length };
  }
  if (at("%")) return { unit: "percent", len: 1 };
  // Per mille is a tenth of a percent point: 4‰ is 0.4%.
  if (at("‰")) return { unit: "percent", divide10: true, len: 1 };
  if (at("个百分点")) return { unit: "percent", len: 4 };
  if (at("成") && !(t[pos + 1] && NOT_PERCENT_AFTER_CHENG.includes(t[pos + 1])) && value <= 10) return { unit: "percent", scale: 10, len: 1 };
  if (at("倍")) return { unit: "times", len: 1 };
  if (at("个月")) return { unit: "months", len: 2 };
  if (at("个工作日")) return { unit: "days", len: 4 };
  if (at("个小时") || at("小时")) return { unit: "hours", len: at("个小时") ? 3 : 2 };
  if (at("周年")) return { unit: "years", len: 2 };
  if (at("年度")) return isArabicInt4 ? { unit: "year", len: 2 } : undefined;
  if (at("年")) return isArabicInt4 ? { unit: "year", len: 1 } : { unit: "years", len: 1 };
  if (at("天")) return { unit: "days", len: 1 };
  if (at("月")) return { unit: "date", len: 1 };
  if (at("日")) return t[pos - 1] !== undefined && /月\d*$/.test(t.slice(Math.max(0, pos - 8), pos)) ? { unit: "date", len: 1 } : { unit: "days", len: 1 };
  for (const m of MEASURES) if (at(m)) return { unit: "count", measure: m, len: m.length };
  return undefined;
}

/** "每台2000元", "每个展位5000元": the measure word after a nearby 每, if nothing separates them. */
function perPrefix(t: string, start: number): string | undefined {
  const from = Math.max(0, start - 8);
  const before = t.slice(from, start);
  const k = before.lastIndexOf("每");
  if (k < 0) return undefined;
  const between = before.slice(k + 1);
  if (/[\d，。；;,.!?！？、：:\s]/.test(between)) return undefined;
  // "每个展位" prices a 展位; "每个" alone prices a 个.
  if (between.startsWith("个") && between.length > 1) return between.slice(1, 3);
  for (const m of PER_MEASURES) if (between.startsWith(m)) return m;
  return between ? between.slice(0, 2) : undefined;
}

/** "元/件", "元每台": the unit priced, right after a money unit. */
function perSuffix(t: string, pos: number): { measure: string; len: number } | undefined {
  const sep = t[pos] === "/" ? 1 : t.startsWith("每", pos) ? 1 : 0;
  if (!sep) return undefined;
  for (const m of PER_MEASURES) if (t.startsWith(m, pos + sep)) return { measure: m, len: sep + m.length };
  return undefined;
}

/** k when a = b × 10^k exactly (k in 0..16), else undefined. */
function ratioPow10(a: Dec, b: Dec): number | undefined {
  for (let k = 0; k <= 16; k++) if (cmp(a, mul(b, dec(pow10(k)))) === 0) return k;
  return undefined;
}

const WINDOW_BEFORE = /(?:近|最近|过去|前|往)$/;
const RANGE_SEP = /^\s*[-~～—–至到]\s*$/;
/** Between the two ends of a range whose first end has no unit: "1000万（含）至2000万美元". */
const UNIT_RANGE_SEP = /^\s*(?:[（(]不?含[)）])?\s*(?:以上)?\s*[-~～—–至到]\s*$/;
/** "500万（不含）美元": the boundary note sits between the number and its unit. */
const BOUNDARY_NOTE = /^[（(]不?含[)）]/;

/**
 * Every number in the text with its unit, in order. Offsets index the
 * original string. Bare Chinese numerals with no unit ("一些", "千万不要")
 * are skipped: without a unit they are words, not quantities.
 */
export function findQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  try {
    const src = String(text ?? "");
    const t = normalizeSameLength(src);
    const re = new RegExp(NUMBER_RUN.source, "g");
    let m: RegExpExecArray | null;
    // Bare Arabic numbers with their exact value, for "5-10万元" ranges.
    const bare = new Map<Quantity, Dec>();
    while ((m = re.exec(t))) {
      let start = m.index;
      let pos = start + m[0].length;
      let percentPrefix = false;
      let numeral = m[0];
      if (numeral === "百分之") {
        const next = new RegExp(NUMBER_RUN.source, "y");
        next.lastIndex = pos;
        const n2 = next.exec(t);
        if (!n2 || n2[0] === "百分之") continue;
        percentPrefix = true;
        numeral = n2[0];
        pos = n2.index + n2[0].length;
        re.lastIndex = pos;
      }
      const numStart = percentPrefix ? start + 3 : start;
      if (numeral.length > MAX_NUMBER_CHARS) continue;
      const isArabic = /^\d/.test(numeral);
      if (!isArabic && !percentPrefix && !CN_DIGIT_CHARS.test(numeral) && numeral.length < 2 && numeral !== "十") continue;
      if (t[numStart - 1] === "第" || (isArabic && /[A-Za-z_]$/.test(t.slice(0, start)))) continue;

      let value = parseDec(numeral);
      if (!value) continue;
      // A leading minus sign belongs to the number ("增速-5%") unless it joins a range ("5-10").
      if (isArabic && (t[start - 1] === "-" || t[start - 1] === "−") && !/[\d\w万亿千百十]/.test(t[start - 2] ?? "")) {
        value = { n: -value.n, s: value.s };
        start -= 1;
      }

      let approx = false;
      if (t[pos] === "多" || t[pos] === "余") {
        approx = true;
        pos++;
        // "1000多万" / "两百余万": the multiplier comes after 多.
        while (t[pos] === "万" || t[pos] === "亿" || t[pos] === "千" || t[pos] === "百") {
          const f = t[pos] === "亿" ? 8 : t[pos] === "万" ? 4 : t[pos] === "千" ? 3 : 2;
          // 万元/亿元 stay for readSuffix; only bare multipliers are taken here.
          if (t[pos + 1] === "元") break;
          value = mul(value, dec(pow10(f)));
          pos++;
        }
      }

      const endsInMultiplier = /[万亿]$/.test(numeral);
      const intDigits = isArabic && /^\d{4}$/.test(numeral) && value.s === 0;
      const roughValue = toNumber(value);
      const isYearNumber = intDigits && roughValue >= 1900 && roughValue <= 2100;
      let suffix = percentPrefix ? ({ unit: "percent", len: 0 } as Suffix) : readSuffix(t, pos, roughValue, isYearNumber);
      let implicit = false;
      // "200 万元": documents typeset a space between a number and its unit.
      if (!suffix && t[pos] === " " && /^ (?:万|亿|元)/.test(t.slice(pos, pos + 2))) {
        const spaced = readSuffix(t, pos + 1, roughValue, false);
        if (spaced && (spaced.unit === "yuan" || spaced.unit === "usd")) suffix = { ...spaced, len: spaced.len + 1 };
      }
      if (!suffix && endsInMultiplier) {
        const note = BOUNDARY_NOTE.exec(t.slice(pos, pos + 4));
        const after = note ? readSuffix(t, pos + note[0].length, roughValue, false) : undefined;
        if (note && after && (after.unit === "yuan" || after.unit === "usd")) suffix = { ...after, len: after.len + note[0].length };
      }
      if (!suffix) {
        implicit = endsInMultiplier;
        if (isArabic && endsInMultiplier) suffix = { unit: "yuan", len: 0 };
        // "两千万", "百亿": a Chinese amount in 万/亿 is money; "千万不要" (no digit, not 亿) is a word.
        else if (!isArabic && /[万亿]$/.test(numeral) && numeral.length >= 2 && (/亿$/.test(numeral) || CN_DIGIT_CHARS.test(numeral))) suffix = { unit: "yuan", len: 0 };
        else if (isArabic) suffix = { unit: "number", len: 0 };
        else continue;
      }
      if (suffix.scale && suffix.scale !== 1) {
        // Scales are powers of ten (万元) or 10 (成): exact as BigInt.
        value = mul(value, dec(BigInt(suffix.scale)));
      }
      if (suffix.divide10) value = { n: value.n, s: value.s + 1 };
      pos += suffix.len;

      const q: Quantity = { value: 0, unit: suffix.unit, raw: "", start, end: pos };
      if (suffix.measure) q.measure = suffix.measure;
      if (approx) q.approx = true;
      if (implicit) q.implicit = true;

      if (q.unit === "yuan" || q.unit === "usd") {
        value = roundDec(value, 2); // money is exact to the fen
        const ps = perSuffix(t, pos);
        if (ps) {
          q.measure = ps.measure;
          q.perUnit = true;
          pos += ps.len;
        } else {
          const pp = perPrefix(t, start);
          if (pp) {
            q.measure = pp;
            q.perUnit = true;
          }
        }
      }
      if (q.unit === "years" || q.unit === "months" || q.unit === "days") {
        if (WINDOW_BEFORE.test(t.slice(Math.max(0, start - 2), start)) || t[pos] === "内") q.window = true;
      }

      q.value = toNumber(value);
      if (!Number.isFinite(q.value)) continue;
      q.end = pos;
      q.raw = src.slice(start, pos);

      // "5-10万元": the bare first number takes the second's multiplier and unit.
      const prev = out[out.length - 1];
      if (prev && bare.has(prev) && isArabic && q.unit !== "number" && RANGE_SEP.test(t.slice(prev.end, start))) {
        const base = parseDec(numeral.replace(/[十百千万亿]+$/, ""));
        const factor = base && !isZero(base) ? ratioPow10(value, base) : undefined;
        const prevDec = bare.get(prev)!;
        if (factor !== undefined) {
          const scaled = mul(prevDec, dec(pow10(factor)));
          prev.value = toNumber(q.unit === "yuan" ? roundDec(scaled, 2) : scaled);
          prev.unit = q.unit;
          if (q.measure) prev.measure = q.measure;
          if (q.perUnit) prev.perUnit = true;
        }
      }
      // "200万-500万美元", "1000万（含）至2000万美元": the unwritten unit is the partner's.
      if (prev?.implicit && (q.unit === "usd" || q.unit === "yuan") && !q.implicit && UNIT_RANGE_SEP.test(t.slice(prev.end, start))) {
        prev.unit = q.unit;
        delete prev.implicit;
      }
      if (q.unit === "number" && !/[十百千万亿]/.test(numeral) && value.n >= 0n) bare.set(q, value);
      out.push(q);
      re.lastIndex = Math.max(re.lastIndex, pos);
    }
  } catch {
    // Defensive: a quantity finder must never take the request down.
  }
  return out;
}
