/**
 * Word's automatic numbering (numbering.xml): the "第一条", "一、", "（一）"
 * a reader sees are not in the paragraph text but computed from a list
 * definition, a level and a running counter. This module holds the
 * definitions and the counters and renders a paragraph's label.
 */

export interface Level {
  start: number;
  numFmt: string;
  lvlText: string;
  /** What follows the label: Word's default is a tab. */
  suff: "tab" | "space" | "nothing";
  /** Legal numbering shows every level in decimal. */
  isLgl: boolean;
  /** Level after which this one restarts (default: any shallower level). */
  restart?: number;
}

export interface NumberingDefs {
  abstract: Map<string, Map<number, Level>>;
  /** numId → abstractNumId and per-level start overrides. */
  nums: Map<string, { abstractId: string; overrides: Map<number, number> }>;
}

const DIGITS = "零一二三四五六七八九";
const LEGAL = "零壹贰叁肆伍陆柒捌玖";

/** 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting). */
export function chineseCounting(n: number, digits = DIGITS, units = ["", "十", "百", "千"], leadingOne = false): string {
  if (n <= 0) return digits[0];
  if (n >= 10000) return String(n);
  const ds = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  ds.forEach((d, i) => {
    const unit = units[ds.length - 1 - i];
    if (d === 0) {
      zero = out !== "";
      return;
    }
    if (zero) out += digits[0];
    zero = false;
    // "十一" not "一十一" when ten leads.
    out += d === 1 && unit === units[1] && i === 0 && !leadingOne ? unit : digits[d] + unit;
  });
  return out;
}

const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
const HEAVENLY = "甲乙丙丁戊己庚辛壬癸";
const BRANCHES = "子丑寅卯辰巳午未申酉戌亥";

function letters(n: number, upper: boolean): string {
  const base = upper ? 65 : 97;
  // Word repeats the letter: a … z, aa … zz.
  return String.fromCharCode(base + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"], [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
  let out = "";
  for (const [v, s] of table) while (n >= v) [out, n] = [out + s, n - v];
  return out;
}

export function formatNumber(n: number, fmt: string): string {
  switch (fmt) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "japaneseCounting":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
    case "koreanCounting":
      return chineseCounting(n);
    case "chineseLegalSimplified":
      return chineseCounting(n, LEGAL, ["", "拾", "佰", "仟"], true);
    case "ideographDigital":
    case "japaneseDigitalTenThousand":
      return String(n).split("").map((d) => "〇一二三四五六七八九"[Number(d)]).join("");
    case "decimalFullWidth":
    case "decimalFullWidth2":
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
    case "ideographEnclosedCircle":
      return CIRCLED[n - 1] ?? String(n);
    case "decimalEnclosedParen":
      return `(${n})`;
    case "decimalEnclosedFullstop":
      return `${n}.`;
    case "ideographTraditional":
      return HEAVENLY[n - 1] ?? String(n);
    case "ideographZodiac":
      return BRANCHES[n - 1] ?? String(n);
    case "decimalZero":
      return n < 10 ? `0${n}` : String(n);
    case "lowerLetter":
      return letters(n, false);
    case "upperLetter":
      return letters(n, true);
    case "lowerRoman":
      return roman(n);
    case "upperRoman":
      return roman(n).toUpperCase();
    case "none":
    case "bullet":
      return "";
    default:
      return String(n);
  }
}

/** Running counters of a document, keyed by abstract list (Word continues a list across its num instances). */
export class Counters {
  private readonly counts = new Map<string, number[]>();
  private readonly overridden = new Set<string>();

  constructor(private readonly defs: NumberingDefs) {}

  /** The label of the next paragraph numbered (numId, ilvl), with its suffix; undefined when not numbered. */
  next(numId: string, ilvl: number): string | undefined {
    const num = this.defs.nums.get(numId);
    if (!num) return undefined;
    const levels = this.defs.abstract.get(num.abstractId);
    const lvl = levels?.get(ilvl);
    if (!levels || !lvl) return undefined;
    let counts = this.counts.get(num.abstractId);
    if (!counts) this.counts.set(num.abstractId, (counts = []));
    // A num instance with a start override restarts the list the first time it is used.
    if (num.overrides.size && !this.overridden.has(numId)) {
      this.overridden.add(numId);
      for (const [l, start] of num.overrides) counts[l] = start - 1;
      for (let l = 0; l < 9; l++) if (!num.overrides.has(l) && l > ilvl) counts[l] = undefined as unknown as number;
    }
    const startOf = (l: number) => levels.get(l)?.start ?? 1;
    counts[ilvl] = (counts[ilvl] ?? startOf(ilvl) - 1) + 1;
    // Deeper levels restart (unless their lvlRestart says otherwise).
    for (let l = ilvl + 1; l < 9; l++) {
      const deeper = levels.get(l);
      if (!deeper || deeper.restart === undefined || deeper.restart > ilvl) counts[l] = undefined as unknown as number;
    }
    const label = lvl.lvlText.replace(/%([1-9])/g, (_, k: string) => {
      const l = Number(k) - 1;
      const def = levels.get(l);
      const value = counts[l] ?? (def?.start ?? 1);
      return formatNumber(value, lvl.isLgl && l !== ilvl ? "decimal" : (def?.numFmt ?? "decimal"));
    });
    if (lvl.numFmt === "bullet" || !label.trim()) return "";
    return label + (lvl.suff === "nothing" ? "" : " ");
  }
}
