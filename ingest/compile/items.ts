import type { Clause } from "../../core/corpus/schema.js";
import { checkRule } from "../../core/rules/provenance.js";
import { Rule, type Leaf } from "../../core/rules/schema.js";
import { hash } from "./ids.js";

/**
 * A provision spread over numbered items: "按照企业上一年度在我区的纳税总额给予落户奖励。
 * 1.…超过1000万元(含)的，奖励300万元; 2.…超过2000万元(含)的，奖励600万元; …" is one award
 * whose items are its tiers. Read one item at a time, each is a rule of its own that the lead's
 * words (落户奖励, 纳税总额) never reach, and an asker who reaches the third tier also "reaches"
 * the first two. Read as the list it is, it is one tier table on the parent clause, quoting the
 * lead and every item. Pure.
 */

interface Band {
  rule: Rule;
  fact: string;
  from: number;
  fromIncl: boolean;
  to?: number;
  toIncl?: boolean;
}

/** An item that pays a fixed sum from a threshold of one fact (up to a bound of it), and asks nothing else. */
function bandOf(r: Rule): Band | undefined {
  if (r.amount.kind !== "fixed" || r.exclusiveGroup || r.payment || !r.conditions) return undefined;
  const leaves: Leaf[] = "fact" in r.conditions ? [r.conditions] : "all" in r.conditions && r.conditions.all.every((c) => "fact" in c) ? (r.conditions.all as Leaf[]) : [];
  const lower = leaves.filter((l) => (l.op === "gte" || l.op === "gt") && typeof l.value === "number");
  const upper = leaves.filter((l) => (l.op === "lt" || l.op === "lte") && typeof l.value === "number");
  if (lower.length !== 1 || upper.length > 1 || lower.length + upper.length !== leaves.length) return undefined;
  const [lo, hi] = [lower[0], upper[0]];
  if (hi && (hi.fact !== lo.fact || (hi.value as number) <= (lo.value as number))) return undefined;
  return { rule: r, fact: lo.fact, from: lo.value as number, fromIncl: lo.op === "gte", ...(hi ? { to: hi.value as number, toIncl: hi.op === "lte" } : {}) };
}

/** The tier table of one parent's items, or undefined when they are no scale of one fact rising item by item. */
function tableOf(parent: Clause, bands: Band[], title: string): Rule | undefined {
  if (bands.length < 2 || bands.some((b) => b.fact !== bands[0].fact)) return undefined;
  for (let i = 1; i < bands.length; i++) if (bands[i].from <= bands[i - 1].from) return undefined;
  const last = bands.at(-1)!.rule.quote;
  const lastAt = parent.text.lastIndexOf(last);
  if (lastAt < 0 || bands.some((b) => !parent.text.includes(b.rule.quote))) return undefined;
  const quote = parent.text.slice(0, lastAt + last.length).trim();
  const tiers = bands.map((b, i) => {
    const next = bands[i + 1];
    // An item that states no upper bound runs up to the next item's threshold.
    const to = b.to ?? next?.from;
    const toIncl = b.to !== undefined ? b.toIncl : next ? !next.fromIncl : undefined;
    return { from: b.from, fromIncl: b.fromIncl, ...(to !== undefined ? { to, toIncl: !!toIncl } : {}), amount: (b.rule.amount as { amount: number }).amount };
  });
  const first = bands[0].rule;
  const parsed = Rule.safeParse({
    id: `c-${hash(`${parent.id}#items#${bands[0].fact}`)}`,
    docId: first.docId,
    article: parent.article,
    title,
    quote,
    target: first.target,
    amount: { kind: "tiers", base: bands[0].fact, tiers },
    notes: bands.flatMap((b) => b.rule.notes).filter((n, i, all) => all.findIndex((x) => x.text === n.text) === i),
    origin: "compiled",
  });
  if (!parsed.success || checkRule(parsed.data, parent.text).length) return undefined;
  return parsed.data;
}

/**
 * Rules with every parent's scale of items joined into one tier table; items that are no
 * such scale but still pay fixed sums above thresholds of one fact keep their rules, told
 * apart as one scale (就高) by `scaleGroup`.
 */
export function joinItemScales(rules: readonly Rule[], byId: ReadonlyMap<string, Clause>, titleOf: (c: Clause) => string): { rules: Rule[]; joined: Map<Rule, Rule> } {
  const perClause = new Map<string, Rule[]>();
  for (const r of rules) if (r.amount.kind !== "qualification") perClause.set(`${r.docId}:${r.article}`, [...(perClause.get(`${r.docId}:${r.article}`) ?? []), r]);
  const joined = new Map<Rule, Rule>();
  const tables = new Map<Rule, Rule>();
  const seen = new Set<string>();
  for (const r of rules) {
    const parentId = byId.get(`${r.docId}:${r.article}`)?.parentId;
    if (!parentId || seen.has(parentId)) continue;
    seen.add(parentId);
    const parent = byId.get(parentId)!;
    // Every item of the list pays one band, in order: a list with one other kind of item is no scale.
    const bands: Band[] = [];
    let ok = true;
    for (const id of parent.childIds) {
      const own = perClause.get(id) ?? [];
      const b = own.length === 1 ? bandOf(own[0]) : undefined;
      if (own.length === 0) continue;
      if (!b) ok = false;
      else bands.push(b);
    }
    // The parent's own award, if any, is another provision: the items are then its details.
    if (!ok || (perClause.get(parentId) ?? []).length) continue;
    const table = tableOf(parent, bands, titleOf(parent));
    if (!table) continue;
    tables.set(bands[0].rule, table);
    for (const b of bands) joined.set(b.rule, table);
  }
  const out: Rule[] = [];
  for (const r of rules) {
    if (tables.has(r)) out.push(tables.get(r)!);
    else if (!joined.has(r)) out.push(r);
  }
  return { rules: out, joined };
}
