/**
 * Amounts on the rule editor are entered and shown in 万元 (how policy documents and clerks say
 * them) and stored in 元 (the rule schema's unit). Rounded to the fen so 0.35万元 is 3500元 exactly.
 */
export const wanToYuan = (wan: number): number => Math.round(wan * 1e6) / 100;
export const yuanToWanNumber = (yuan: number): number => Math.round(yuan) / 1e4;

/** A figure written in a clause, as the editor offers it to click: its value in the field's unit. */
export interface ClauseNumber {
  text: string;
  start: number;
  end: number;
  /** The number as written, times 万/亿. */
  value: number;
  unit: string;
}

const NUMBER = /(\d+(?:\.\d+)?)\s*(万|亿)?\s*(元|美元|%|‰|平方米|个|件|人|家|台|套|年|月|倍|项|次)?/g;

/** Every figure of a clause, left to right. */
export function clauseNumbers(text: string): ClauseNumber[] {
  return [...text.matchAll(NUMBER)].map((m) => {
    const scale = m[2] === "万" ? 1e4 : m[2] === "亿" ? 1e8 : 1;
    return { text: m[0].trim(), start: m.index!, end: m.index! + m[0].trimEnd().length, value: Number(m[1]) * scale, unit: m[3] ?? "" };
  });
}

/** The value a field gets from a clicked figure: money in 万元, anything else as written. */
export function valueForField(n: ClauseNumber, kind: string): number {
  if (kind === "money") return n.unit === "元" || n.unit === "美元" ? yuanToWanNumber(n.value) : n.value / 1e4;
  if (kind === "percent") return n.unit === "‰" ? Number(n.text.replace(/[^\d.]/g, "")) / 10 : Number(n.text.replace(/[^\d.]/g, ""));
  return Number(n.text.replace(/[^\d.]/g, "")) * (/万/.test(n.text) ? 1e4 : /亿/.test(n.text) ? 1e8 : 1);
}
