import type { Profile } from "../../core/facts/registry.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Rule } from "../../core/rules/schema.js";
import { formulaFacts, ruleFacts } from "../../core/rules/facts-of.js";

export { formulaFacts, ruleFacts };

// Rules are immutable once loaded: what is derived from them is computed once (chat's hot path).
interface KeywordTable {
  share: Map<string, number>;
  all: string[];
  lastQuestion?: string;
  lastSaid?: ReadonlySet<string>;
}
const keywordTables = new WeakMap<readonly Rule[], KeywordTable>();

function keywordTable(rules: readonly Rule[]): KeywordTable {
  let t = keywordTables.get(rules);
  if (!t) {
    const share = new Map<string, number>();
    for (const r of rules) for (const k of new Set(r.keywords.map((x) => x.normalize("NFKC").toLowerCase()))) share.set(k, (share.get(k) ?? 0) + 1);
    const all = [...new Set(rules.flatMap((r) => r.keywords.map((k) => k.normalize("NFKC").toLowerCase())))].sort((a, b) => b.length - a.length);
    keywordTables.set(rules, (t = { share, all }));
  }
  return t;
}

const keywordsOf = new WeakMap<Rule, string[]>();
/** A rule's keywords as the question is compared: NFKC, lower case (in the rule's order). */
function loweredKeywords(rule: Rule): string[] {
  let k = keywordsOf.get(rule);
  if (!k) keywordsOf.set(rule, (k = rule.keywords.map((x) => x.normalize("NFKC").toLowerCase())));
  return k;
}
export interface Scored {
  rule: Rule;
  score: number;
  /** Why it was picked, for debugging and tests. */
  signals: { keywords: string[]; retrieval: number; facts: string[]; subject: boolean; lead?: number };
}

/** Rules that only support others (general conditions, who pays) are shown when asked for, not as awards. */
export const isSupporting = (r: Rule) => r.amount.kind === "costShare" || (r.amount.kind === "qualification" && r.keywords.length === 0);

/**
 * Which provisions a question is about. A rule scores for the words of its
 * provision the user wrote (keywords), for its clause ranking high in
 * retrieval, for facts the user stated that it reads, and for its subject
 * being true of the enterprise. No single signal decides: "投资1000万元"
 * alone fits five rules, "落户" plus the figure fits one.
 */
export function scoreRules(
  rules: readonly Rule[],
  question: string,
  hits: readonly SearchHit[],
  stated: ReadonlySet<string>,
  profile: Profile,
  inScope: (docId: string) => boolean,
  /** The whole rule base, for how specific a keyword is (the pool scored may be a retrieved subset). */
  base: readonly Rule[] = rules,
): Scored[] {
  const q = question.normalize("NFKC").toLowerCase();
  const rank = new Map<string, number>();
  hits.forEach((h, i) => {
    if (!rank.has(h.clauseId)) rank.set(h.clauseId, i);
  });
  // A keyword many provisions share ("落户", "登峰") says less about which one is meant than one only a single provision uses.
  const { share } = keywordTable(base);
  const said = keywordsSaid(q, base);
  // The latest turn, with the one before when the latest only answers a follow-up ("2亿元").
  const turns = q.split("\n");
  const last = turns.at(-1) ?? q;
  const qPairs = charPairs(/[\p{Script=Han}]{4,}/u.test(last.replace(/[\d.]+\s*(?:万|亿)?(?:元|美元|件|人|个|台|平方米)?/g, "")) ? last : turns.slice(-2).join(""));
  const out: Scored[] = [];
  for (const rule of rules) {
    if (!inScope(rule.docId)) continue;
    const clauseId = `${rule.docId}:${rule.article}`;
    const lowered = loweredKeywords(rule);
    const keywords = rule.keywords.filter((_, i) => said.has(lowered[i]));
    // A hit on the rule's clause, or on a sub-item of it, counts; earlier ranks count more.
    let best = Infinity;
    for (const [id, r] of rank) if (id === clauseId || (id.startsWith(clauseId) && !/^\d/.test(id.slice(clauseId.length)))) best = Math.min(best, r);
    // A compiled rule sits on a sub-item; a hit on the item that holds it is a hit on its text too.
    if (!Number.isFinite(best) && readsOwnWords(rule)) for (const [id, r] of rank) if (clauseId.startsWith(id) && clauseId.length > id.length) best = Math.min(best, r + 1);
    const retrieval = Number.isFinite(best) ? 1 / (1 + best) : 0;
    const facts = [...ruleFacts(rule)].filter((f) => stated.has(f) && !["province", "city", "district"].includes(f));
    const subject = rule.subject.some((f) => profile[f] === true);
    let specificity = 0;
    rule.keywords.forEach((_, i) => {
      if (said.has(lowered[i])) specificity += 1 / Math.sqrt(share.get(lowered[i]) ?? 1);
    });
    // A compiled rule has no hand-picked keywords: the words of its own provision stand in for them.
    const lead = readsOwnWords(rule) ? leadCoverage(rule, qPairs) : 0;
    const score = 2 * Math.min(specificity, 3) + 2 * retrieval + 0.75 * Math.min(facts.length, 4) + (subject ? 1 : 0) + 3 * lead;
    out.push({ rule, score, signals: { keywords, retrieval, facts, subject, ...(lead ? { lead } : {}) } });
  }
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Keywords the question says, longest first: "外卖柜" is said, so the "外卖"
 * inside it is not (it would otherwise pull in the 外卖平台 provision).
 */
export function keywordsSaid(question: string, rules: readonly Rule[]): ReadonlySet<string> {
  // The pool and the scoring ask the same question of the same rules within one request.
  const t = keywordTable(rules);
  if (t.lastQuestion !== question || !t.lastSaid) {
    t.lastSaid = findKeywords(question, t.all);
    t.lastQuestion = question;
  }
  return t.lastSaid;
}

function findKeywords(question: string, all: readonly string[]): Set<string> {
  let rest = question;
  const said = new Set<string>();
  for (const k of all) {
    if (!k || !rest.includes(k)) continue;
    said.add(k);
    rest = rest.split(k).join("\u0000".repeat(k.length));
  }
  return said;
}

/**
 * A rule with no hand-picked keywords is found by the words of its own provision: a compiled rule,
 * or one the policy office wrote on /admin without keywords.
 */
export const readsOwnWords = (r: Rule): boolean => r.origin === "compiled" || (r.origin === "reviewed" && r.keywords.length === 0);

/** The rules worth showing: strong enough on their own and close to the best. */
export function pickRules(scored: readonly Scored[], max = 4): Scored[] {
  const top = scored[0]?.score ?? 0;
  if (top < 2) return [];
  // A compiled rule has no reviewed keywords: its clause ranking high is not enough, the question
  // must also say what the provision is about or give a figure it reads.
  const about = (s: Scored) => !readsOwnWords(s.rule) || (s.signals.lead ?? 0) >= 0.3 || s.signals.facts.length >= 1;
  // A question can ask two things ("省级优秀企业…；另外海外仓…，分别能给多少"): a provision whose own lead
  // the question says almost word for word, its clause retrieved, is not crowded out by the other's figures.
  const named = (s: Scored) => (s.signals.lead ?? 0) >= 0.8 && s.signals.retrieval > 0 && s.score >= 2;
  return scored
    .filter((s) => (s.score >= Math.max(2, top * 0.6) || named(s)) && about(s) && (s.signals.keywords.length > 0 || s.signals.retrieval >= 0.25 || named(s) || s.signals.facts.length >= 2 || ((s.signals.lead ?? 0) >= 0.5 && s.signals.facts.length >= 1)))
    .slice(0, max);
}

export const hasMoney = (r: Rule) => !["qualification", "unspecified", "costShare"].includes(r.amount.kind);

/**
 * A programme is usually several provisions: its conditions and its funding.
 * Asked "能申报登峰吗？能拿多少？", the asker needs both, so the other
 * provisions of a picked programme that the question names come along —
 * money first when the question is about amounts, conditions first otherwise.
 */
export function expandProgrammes(picked: readonly Scored[], scored: readonly Scored[], intent: string, max = 5): Rule[] {
  const docs = new Set(picked.filter((p) => p.signals.keywords.length > 0).map((p) => p.rule.docId));
  const wantMoney = intent === "how_much" || intent === "which_subsidies";
  // Only fill the missing half: a question that already hit a funding provision needs no more of them.
  if (wantMoney && picked.some((p) => hasMoney(p.rule))) return picked.slice(0, max).map((p) => p.rule);
  const extra = scored.filter(
    (s) => docs.has(s.rule.docId) && s.signals.keywords.length > 0 && !isSupporting(s.rule) && !picked.includes(s) && (wantMoney ? hasMoney(s.rule) : intent === "conditions" && !hasMoney(s.rule)),
  );
  const all = [...picked, ...extra];
  const first = (s: Scored) => (wantMoney ? (hasMoney(s.rule) ? 0 : 1) : 0);
  return all
    .map((s, i) => ({ s, i }))
    .sort((a, b) => first(a.s) - first(b.s) || a.i - b.i)
    .slice(0, max)
    .map((x) => x.s.rule);
}

function charPairs(s: string): Set<string> {
  const t = s.normalize("NFKC").replace(/[^\p{Script=Han}A-Za-z]/gu, "");
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

const leads = new WeakMap<Rule, Set<string>>();

/**
 * How much of what a provision is about ("并购海外科技型企业的项目", the words before its
 * figures) the question says. Only the lead counts: every provision shares the 按…给予 grammar.
 */
function leadCoverage(rule: Rule, q: Set<string>): number {
  let lead = leads.get(rule);
  if (!lead) {
    const text = rule.quote
      .normalize("NFKC")
      .replace(/^\s*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)\s*/, "")
      // A tier table over items ("1.对内资企业:\n(1)实缴注册资本500万…"): the items' labels are no figures.
      .replace(/(?:^|\n)\s*(?:[(][\d一二三四五六七八九十]+[)]|\d+[.、])/g, "");
    const cut = text.search(/按|给予|\d|奖励|补助|补贴|资助/);
    lead = charPairs(cut > 3 ? text.slice(0, cut) : text.slice(0, 16));
    leads.set(rule, lead);
  }
  if (!lead.size) return 0;
  let hit = 0;
  for (const p of lead) if (q.has(p)) hit++;
  // A short lead ("专项资金的") says little about which provision is meant.
  // A short lead ("专项资金的") says little; a long one is matched on its best dozen pairs.
  // Said whole, a lead of a few words ("关键零部件") is what the provision is about, short or not.
  if (hit === lead.size && lead.size >= 4) return 1;
  return Math.min(1, hit / Math.min(lead.size, 12)) * Math.min(1, lead.size / 6);
}
