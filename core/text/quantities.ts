import { cmp, dec, isZero, mul, pow10, roundDec, toNumber, type Dec } from "./decimal.js";
import { CN_NUMERAL_CHARS, MAX_NUMBER_CHARS, normalizeSameLength, parseDec } from "./numerals.js";

/**
 * Quantities in Chinese text: each number with its unit (万元, 美元, %, ‰, 件, 年…), per-unit
 * prices (每件1000元, 8000元/件), ranges (200万-500万美元) and look-back windows (近3年).
 * Offsets index the original string. Nothing here throws: malformed input is skipped.
 */
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
      // Also inside the unit ("1000 万 元"): the suffix is read with the spaces taken out, its length counted with them.
      // A table cell or a narrow column breaks the line there too ("3000万\n元", "30\n%").
      if ((!suffix || (suffix.unit === "number" && /^[万亿]/.test(t.slice(pos)))) && /^[ \t\r\n]*(?:万|亿|元|美元|%|％)/.test(t.slice(pos, pos + 6)) && /[ \t\r\n]/.test(t.slice(pos, pos + 6))) {
        const raw = /^[ \t\r\n万亿千百元美%％]{1,8}/.exec(t.slice(pos))?.[0] ?? "";
        const spaced = readSuffix(raw.replace(/[ \t\r\n]/g, ""), 0, roughValue, false);
        if (spaced && (spaced.unit === "yuan" || spaced.unit === "usd" || spaced.unit === "percent")) {
          let seen = 0;
          let len = 0;
          while (len < raw.length && seen < spaced.len) if (!/[ \t\r\n]/.test(raw[len++])) seen++;
          suffix = { ...spaced, len };
        }
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

