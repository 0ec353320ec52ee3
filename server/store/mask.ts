/**
 * Personal data out of recorded questions: what the policy office reads in
 * /admin never holds a caller's phone number, 身份证号, 统一社会信用代码 or
 * e-mail. Each is replaced by a fixed label, so two people asking the same
 * question with different numbers count as one question.
 *
 * Pure: text in, text out. Full-width digits and letters (１３８…) are read
 * as their ASCII forms, one character for one, so the replacement lands on
 * the same characters of the original text.
 */

export const MASKS = {
  idCard: "[身份证号]",
  creditCode: "[统一社会信用代码]",
  mobile: "[手机号]",
  landline: "[电话]",
  email: "[邮箱]",
} as const;

/** Full-width ASCII (U+FF01–FF5E) → ASCII, one UTF-16 unit each, so indices stay aligned. */
const halfWidth = (s: string) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

// No letter or digit may touch a match: 123456789012345678901 is not an ID number.
const L = "(?<![0-9A-Za-z])";
const R = "(?![0-9A-Za-z])";
/** An amount is not a phone number: 13000000000元. */
const NOT_AMOUNT = "(?!\\s*(?:\\.\\d|元|万|亿|千|百|美元|%|‰|平方|人|件|台|个|家|吨|亩|年|月|日))";

const PATTERNS: { re: RegExp; label: string }[] = [
  { re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, label: MASKS.email },
  // 18-digit (birth date inside, last character a check digit or X) and the old 15-digit form.
  { re: new RegExp(`${L}[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]${R}`, "g"), label: MASKS.idCard },
  { re: new RegExp(`${L}[1-9]\\d{5}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${R}${NOT_AMOUNT}`, "g"), label: MASKS.idCard },
  // GB 32100: 18 characters of the code's alphabet (no I, O, Z, S, V), starting with the registering authority's code.
  { re: new RegExp(`${L}[1-9AGJNY][1-9]\\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]${R}`, "gi"), label: MASKS.creditCode },
  // Mobile numbers, with or without +86 and spaces or hyphens between the groups.
  { re: new RegExp(`${L}(?:\\+?86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${R}${NOT_AMOUNT}`, "g"), label: MASKS.mobile },
  // Landlines with an area code: 0571-88888888, (0571)8888 8888, 010 12345678.
  { re: new RegExp(`${L}(?:[(（]0\\d{2,3}[)）]\\s?|0\\d{2,3}[\\s-])\\d{3,4}[\\s-]?\\d{4}${R}${NOT_AMOUNT}`, "g"), label: MASKS.landline },
];

/** The text with every phone number, 身份证号, 统一社会信用代码 and e-mail address replaced by its label. */
export function maskPersonal(text: string): string {
  let out = text;
  for (const { re, label } of PATTERNS) {
    const probe = halfWidth(out);
    let next = "";
    let last = 0;
    for (const m of probe.matchAll(re)) {
      next += out.slice(last, m.index) + label;
      last = m.index + m[0].length;
    }
    out = next + out.slice(last);
  }
  return out;
}

/** A question as it is stored: masked, whitespace collapsed, at most `max` characters. */
export function storedQuestion(text: string, max = 500): string {
  return maskPersonal(text).replace(/\s+/g, " ").trim().slice(0, max);
}
