import type { FactDef } from "../../core/facts/registry.js";
import { factNameProblem } from "../../core/facts/wellformed.js";
import { findQuantities } from "../../core/text/numbers.js";
import { factPhrase } from "./phrase.js";

/**
 * The other names a document gives one of its figures. A clause pays on "首台套产品销售价格" and the
 * document's conditions say "成交价不低于500万元"; the asker, who read the conditions, says 成交价. Mined
 * from the corpus itself, per document:
 * - definitions: "X（以下简称Y）" makes X and Y one name;
 * - the same kind of sum named otherwise before a figure of the same document ("…成交价500万元以上"),
 *   when the document has only one fact of that kind: its head (价, 收入, 投资, 租金…) says the kind.
 * Pure; the names found join the fact's `phrases`, which binding compares as it does the label.
 */

/** Kinds of sum, by the head noun that ends their name. Two heads of one kind name the same sort of figure. */
export const SUM_KINDS: readonly (readonly [string, RegExp])[] = [
  ["price", /(?:价|价格|价款|售价)$/],
  ["revenue", /(?:收入|营收|营业额|销售额|零售额)$/],
  ["investment", /(?:投资|投入|投资额|投入额|投资总额)$/],
  ["rent", /(?:租金|房租|租赁费用?)$/],
  ["capital", /(?:注册资本|注册资金|实缴资本)$/],
  ["interest", /利息$/],
];

export const kindOf = (name: string): string | undefined => SUM_KINDS.find(([, re]) => re.test(name))?.[0];

/** "X（以下简称Y）" / "X(以下简称“Y”)": pairs of names the document declares the same. */
export function definitions(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of text.matchAll(/([^，,。；;（(“”\s]{2,24})[（(]以下简称[“"]?([^）)”"]{2,12})[”"]?[)）]/g)) out.push([m[1], m[2]]);
  return out;
}

/** Names the document gives sums before their figures ("成交价不低于500万元" → 成交价). */
export function sumNames(text: string): Set<string> {
  const out = new Set<string>();
  for (const q of findQuantities(text)) {
    if (q.unit !== "yuan") continue;
    const p = factPhrase(text.slice(Math.max(0, q.start - 24), q.start).replace(/(?:不低于|不少于|达到|超过|在|为|是|合计|累计)$/, ""));
    // A name a person says: short, and a noun phrase.
    if (p && p.length <= 10 && !factNameProblem(p, "money")) out.add(p);
  }
  return out;
}

/**
 * For each money fact, the other names its documents give it. `docsOf` says which documents' rules
 * read each fact; `textOf` gives a document's text.
 */
export function documentAliases(facts: readonly FactDef[], docsOf: (key: string) => Iterable<string>, textOf: (docId: string) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, name: string, label: string) => {
    if (name === label) return;
    const names = out.get(key) ?? [];
    if (!names.includes(name) && names.length < 5) out.set(key, [...names, name]);
  };
  const byDoc = new Map<string, FactDef[]>();
  for (const f of facts) for (const d of docsOf(f.key)) byDoc.set(d, [...(byDoc.get(d) ?? []), f]);
  const names = new Map<string, Set<string>>();
  for (const [doc, defs] of byDoc) {
    const text = textOf(doc);
    for (const [x, y] of definitions(text))
      for (const f of defs) {
        if (f.label === x || f.label.endsWith(x) || x.endsWith(f.label)) add(f.key, y, f.label);
        else if (f.label === y) add(f.key, x, f.label);
      }
    const money = defs.filter((f) => f.type === "money" && kindOf(f.label));
    let found = names.get(doc);
    if (!found) names.set(doc, (found = sumNames(text)));
    const labels = new Set(defs.map((f) => f.label));
    for (const f of money) {
      const kind = kindOf(f.label);
      // Only one fact of the kind in the document: another name of that kind can only be this one.
      if (money.filter((g) => kindOf(g.label) === kind).length !== 1) continue;
      for (const n of found) if (!labels.has(n) && kindOf(n) === kind && !f.label.includes(n) && !n.includes(f.label)) add(f.key, n, f.label);
    }
  }
  return out;
}

/** Acts a provision pays a share of what was spent on: the asker names the sum by the act. */
const SPENDING_ACT = /(?:购买|租用|租赁|采购|发行|购置|引进|建设|改造|开展)/;

/**
 * "对发行公司债券、企业债券的，按实际融资额的2‰给予补助": the asker says "发行公司债券3亿元", not
 * 实际融资额. The act a rate provision pays on (the words after 对 that end in 的, holding a spending
 * verb) is another name of its money base. Pure.
 */
export function triggerName(quote: string, baseLabel: string): string | undefined {
  const at = quote.indexOf(baseLabel);
  if (at < 0) return undefined;
  const lead = quote.slice(0, at);
  const m = /(?:^|[，,。；;：:\s])(?:对于|对|凡)([^，,。；;：:]{2,24}?)的?[，,][^，,。；;]{0,14}$|(?:^|[，,。；;：:\s])(?:对于|对|凡)([^，,。；;：:]{2,24}?)的[^，,。；;]{0,12}$/.exec(lead);
  const said = m?.[1] ?? m?.[2];
  if (!said || !SPENDING_ACT.test(said)) return undefined;
  const act = said.slice(said.search(SPENDING_ACT));
  return act.length >= 3 && act.length <= 16 && !/\d/.test(act) ? act : undefined;
}

/** The compiled facts of a corpus, each with the other names its documents give it added to its phrases. */
export function withDocumentAliases(facts: Map<string, FactDef>, rules: readonly { docId: string; amount: unknown; conditions?: unknown; quote?: string }[], clauses: readonly { docId: string; parentId?: string | undefined; text: string }[]): void {
  const docs = new Map<string, Set<string>>();
  const keysIn = (v: unknown, out: Set<string>): Set<string> => {
    if (typeof v === "string") {
      if (facts.has(v)) out.add(v);
    } else if (Array.isArray(v)) for (const x of v) keysIn(x, out);
    else if (v && typeof v === "object") for (const x of Object.values(v)) keysIn(x, out);
    return out;
  };
  for (const r of rules) for (const key of keysIn([r.amount, r.conditions], new Set())) docs.set(key, (docs.get(key) ?? new Set()).add(r.docId));
  const texts = new Map<string, string>();
  for (const c of clauses) if (!c.parentId) texts.set(c.docId, `${texts.get(c.docId) ?? ""}\n${c.text}`);
  const aliases = documentAliases([...facts.values()], (k) => docs.get(k) ?? [], (d) => texts.get(d) ?? "");
  for (const r of rules) {
    const base = (r.amount as { base?: unknown; rateBase?: unknown }).rateBase ?? (r.amount as { base?: unknown }).base;
    const f = typeof base === "string" ? facts.get(base) : undefined;
    if (!f || f.type !== "money" || !r.quote || !f.compiled) continue;
    // Only a provision with this one sum to state: the act then names nothing else.
    const money = [...keysIn(r.amount, new Set())].filter((k) => facts.get(k)?.type === "money");
    if (money.length !== 1) continue;
    const act = triggerName(r.quote.normalize("NFKC"), f.label);
    if (act) aliases.set(f.key, [...(aliases.get(f.key) ?? []), act].filter((n, i, all) => all.indexOf(n) === i).slice(0, 6));
  }
  for (const [key, names] of aliases) {
    const f = facts.get(key);
    if (f) facts.set(key, { ...f, phrases: [...(f.phrases ?? [f.label]), ...names.filter((n) => !(f.phrases ?? []).includes(n))] });
  }
}
