import { condLabel } from "./conditions.js";
import { factLabel } from "./describe.js";
import { computeFormula } from "./mechanisms/index.js";
import { formatYuan } from "./money.js";
import type { Formula, Rule } from "./schema.js";

/**
 * What a rule does, in one plain sentence for the clerk who reviews it: whom it is for, on what
 * condition, and what it pays (对新认定的国家高新技术企业，一次性奖励20万元). Pure; every figure
 * in it is one of the rule's own numbers, so the sentence never says more than the rule computes.
 */
export function summarizeRule(rule: Pick<Rule, "target" | "conditions" | "amount" | "quote">): string {
  // The clause's own "对…的…，" names whom best; else the conditions, else the target.
  const lead = /^(?:[（(][^）)]{1,4}[）)]|[一二三四五六七八九十]+、|\d+[.．、])?\s*对([^，。；,]{2,40}?)[，,]/.exec(rule.quote.trim())?.[1];
  const who = lead ?? (rule.conditions ? condLabel(rule.conditions) : rule.target.trim());
  const pays = amountWords(rule.amount);
  return who ? `对${who.replace(/^对/, "")}，${pays}` : pays;
}

const Y = formatYuan;
/** A clause-named fact before the index registered it reads as its phrase ("c:设备投资额:元" → 设备投资额). */
const label = (key: string): string => {
  const l = factLabel(key);
  return l === key && key.startsWith("c:") ? key.slice(2, key.lastIndexOf(":")) : l;
};

/** The formula in words: the common kinds by hand, the rest as the engine words an unknown amount. */
export function amountWords(f: Formula): string {
  switch (f.kind) {
    case "fixed":
      return `${f.once ? "一次性" : ""}奖励${Y(f.amount)}`;
    case "upTo":
      return f.base ? `按${label(f.base)}给予，最高${Y(f.cap)}` : `给予最高${Y(f.cap)}`;
    case "rate":
      return `按${label(f.base)}的${f.upTo ? "不超过" : ""}${f.rate}%给予${f.cap !== undefined ? `，不超过${Y(f.cap)}` : ""}`;
    case "perPeriod": {
      const unit = f.period === "年" ? "年" : "个月";
      const each = f.rate !== undefined && f.base ? `按${label(f.base)}的${f.rate}%` : f.amount !== undefined ? `每${f.period}${Y(f.amount)}` : "按期给予";
      const parts = [
        f.maxPeriods !== undefined ? `${each}，每${f.period}最多${f.maxPeriods}${unit}`.replace(`每${f.period}${Y(f.amount ?? 0)}，每${f.period}`, `每${f.period}${Y(f.amount ?? 0)}，`) : each,
        f.periodCap !== undefined ? `每${f.period}不超过${Y(f.periodCap)}` : "",
        f.totalCap !== undefined ? `累计不超过${Y(f.totalCap)}` : "",
      ];
      return parts.filter(Boolean).join("，");
    }
    case "qualification":
      return `符合条件的${f.outcome}`;
    case "unspecified":
      return `给予支持，金额未定（${f.note}）`;
    default: {
      // Every other mechanism words its own formula when no fact is known ("按…的20%，不超过…").
      const out = computeFormula(f, {});
      return out.amount?.text ?? "按条款计算";
    }
  }
}
