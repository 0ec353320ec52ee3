/** Dates as Chinese documents write them ("2022年7月1日", "2025-05-29", "二〇二二年十月"), to ISO. */

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, O: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1–99 written in Chinese ("十二", "二十一", "三") or arabic. */
export function smallNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === "两") return 2;
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === "") return undefined;
  if (!m[2]) return m[1] ? CN_DIGIT[m[1]] : undefined;
  return (m[1] ? CN_DIGIT[m[1]] : 1) * 10 + (m[3] ? CN_DIGIT[m[3]] : 0);
}

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDate(y: number, m: number, d: number): string | undefined {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export const DATE_PATTERN = String.raw`(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日`;

/** Parse one Chinese or ISO date. */
export function parseDate(s: string): string | undefined {
  const iso = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(s);
  if (iso) return isoDate(+iso[1], +iso[2], +iso[3]);
  const m = new RegExp(DATE_PATTERN).exec(s);
  if (!m) return undefined;
  const y = /^\d+$/.test(m[1]) ? Number(m[1]) : Number([...m[1]].map((c) => CN_DIGIT[c]).join(""));
  const mo = smallNumber(m[2]);
  const d = smallNumber(m[3]);
  return mo && d ? isoDate(y, mo, d) : undefined;
}

/** The last day of a period of `years` starting on `from` ("自2023年9月8日起施行，有效期3年" → 2026-09-07). */
export function addYearsMinusOneDay(from: string, years: number): string {
  const [y, m, d] = from.split("-").map(Number);
  const dt = new Date(Date.UTC(y + years, m - 1, d));
  dt.setUTCDate(dt.getUTCDate() - 1);
  return dt.toISOString().slice(0, 10);
}

/** The last day of a period of `months` starting on `from` (clamped: 1月31日 + 1个月 ends 2月28/29日). */
export function addMonthsMinusOneDay(from: string, months: number): string {
  const [y, m, d] = from.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const dt = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
  dt.setUTCDate(dt.getUTCDate() - 1);
  return dt.toISOString().slice(0, 10);
}

