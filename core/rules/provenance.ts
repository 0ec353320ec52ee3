import { FACT_BY_KEY } from "../facts/registry.js";
import { stripWhitespace } from "../text/whitespace.js";
import { formatYuan, yuanToFen } from "./money.js";
import { quoteQuantities, type Dimension, type QuoteQuantity } from "./quantities.js";
import { clauseIdOf, type Cond, type Rule } from "./schema.js";
import { dimOfFact } from "./mechanisms/dims.js";
import { formulaNumbers } from "./mechanisms/index.js";

/**
 * A rule is trusted only if its quote is verbatim in the clause it names and
 * every number it computes or compares with is written in that quote. Pure:
 * ingest supplies the clause text.
 */

export type { RuleNumber } from "./mechanisms/kit.js";
import type { RuleNumber } from "./mechanisms/kit.js";

function condNumbers(cond: Cond, out: RuleNumber[]): void {
  if ("all" in cond) return cond.all.forEach((c) => condNumbers(c, out));
  if ("any" in cond) return cond.any.forEach((c) => condNumbers(c, out));
  if (typeof cond.value !== "number") return;
  const def = FACT_BY_KEY.get(cond.fact);
  const dim: Dimension = dimOfFact(cond.fact);
  out.push({ value: cond.value, dim, where: `conditions.${cond.fact}`, ...(def?.unit ? { unit: def.unit } : {}) });
}

/** Every number the rule uses: condition thresholds and formula parameters. */
export function numbersOf(rule: Rule): RuleNumber[] {
  const out: RuleNumber[] = [];
  if (rule.conditions) condNumbers(rule.conditions, out);
  for (const note of rule.notes) if (note.when) condNumbers(note.when, out);
  out.push(...formulaNumbers(rule.amount));
  rule.payment?.forEach((s, i) => out.push({ value: s.percent, dim: "percent", where: `payment[${i}]` }));
  return out;
}

function display(n: RuleNumber): string {
  if (n.dim === "money") return formatYuan(n.value);
  if (n.dim === "percent") return `${n.value}%`;
  if (n.dim === "usd") return `${n.value}美元`;
  return `${n.value}${n.unit ?? ""}`;
}

/** The quote's figure is the rule's number: same dimension, money compared to the fen. */
const sameFigure = (q: QuoteQuantity, n: RuleNumber): boolean =>
  q.dim === n.dim && (n.dim === "money" || n.dim === "usd" ? yuanToFen(q.value) === yuanToFen(n.value) : q.value === n.value);

function written(n: RuleNumber, found: QuoteQuantity[]): boolean {
  return found.some((q) => sameFigure(q, n));
}

/** Errors (Chinese / English), empty when the rule is faithful to its clause. */
export function checkRule(rule: Rule, clauseText: string): string[] {
  const errors: string[] = [];
  if (!stripWhitespace(clauseText).includes(stripWhitespace(rule.quote))) {
    errors.push(`规则 ${rule.id}：引文未逐字出现在条款 ${clauseIdOf(rule.docId, rule.article)} 中 / quote not verbatim in clause`);
  }
  const found = quoteQuantities(rule.quote);
  const seen = new Set<string>();
  for (const n of numbersOf(rule)) {
    const key = `${n.dim}:${n.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!written(n, found)) errors.push(`规则 ${rule.id}：数值 ${n.value}（${display(n)}）未出现在引文中 / number not in quote (${n.where})`);
  }
  return errors;
}

/** The whole base: every rule against its clause, plus references between rules. */
export function checkRuleBase(rules: readonly Rule[], clauseTextById: (clauseId: string) => string | undefined): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id)) errors.push(`规则 ${r.id}：规则编号重复 / duplicate rule id`);
    ids.add(r.id);
  }
  for (const r of rules) {
    const clauseId = clauseIdOf(r.docId, r.article);
    const text = clauseTextById(clauseId);
    if (text === undefined) errors.push(`规则 ${r.id}：条款 ${clauseId} 不存在 / unknown clause`);
    else errors.push(...checkRule(r, text));
    for (const ref of [...r.general, ...r.requires]) {
      if (!ids.has(ref)) errors.push(`规则 ${r.id}：引用的规则 ${ref} 不存在 / unknown referenced rule`);
    }
  }
  return errors;
}

/**
 * Money and percent figures of the quote that the rule neither computes with nor compares with, nor
 * any of `siblings` (the other rules the same sentence gave: one per category, year or alternative).
 * A compiled rule that leaves one over has read the provision only in part (a band, a second
 * payment, a per-item ceiling), so its amount cannot be trusted.
 */
export function unusedFigures(rule: Rule, siblings: readonly Rule[] = []): QuoteQuantity[] {
  const used = [rule, ...siblings].flatMap(numbersOf);
  const ceilings = formulaNumbers(rule.amount).filter((n) => n.dim === "money");
  return quoteQuantities(rule.quote).filter((q) => {
    if (q.dim !== "money" && q.dim !== "percent") return false;
    if (used.some((n) => sameFigure(q, n))) return false;
    const at = rule.quote.indexOf(q.raw);
    const before = at > 0 ? rule.quote.slice(Math.max(0, at - 24), at) : "";
    // "企业投入不少于政府财政投入的200%": a commitment the applicant makes, no amount of the award.
    if (q.dim === "percent" && /(?:不少于|不低于)[^，,。；;]{0,16}$/.test(before)) return false;
    // "…最高100万元，对一家基金每年的奖励金额最高300万元": a wider ceiling above one the rule already
    // applies cannot change its amount.
    return !(q.dim === "money" && WIDER_CAP.test(before.slice(-10)) && ceilings.some((n) => n.value <= q.value));
  });
}

const WIDER_CAP = /(?:最高|不超过|不高于|最多|上限为?|封顶|累计|总额)[^，,。；;]{0,6}$/;
