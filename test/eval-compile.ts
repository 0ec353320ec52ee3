/**
 * npm run eval:compile — how far the clause compiler gets on its own: every case written beside
 * the curated rules (corpus/rules) is run against the compiled rule of the same clause, and the
 * two verdicts (status, and amount where the case names one) are compared. Prints every
 * disagreement; the last line is `agreement N/M (P%)`.
 */
import { compileCorpus } from "../ingest/compile/index.js";
import { listCorpusFiles, loadFile } from "../ingest/load.js";
import { parseFile } from "../ingest/pipeline.js";
import { defaultRegionResolver } from "../ingest/regions.js";
import type { Clause, DocMeta } from "../core/corpus/schema.js";
import { FACT_BY_KEY, registerFacts, type Profile } from "../core/facts/registry.js";
import { ruleFacts } from "../server/chat/select.js";
import { evaluateRule, makeContext } from "../core/rules/engine.js";
import { inForce } from "../core/corpus/schema.js";
import { DEFAULT_RULES_DIR, loadRules } from "../core/rules/load.js";
import type { Rule } from "../core/rules/schema.js";
import { fileURLToPath } from "node:url";
import { TODAY } from "./rules/fixtures/docs.js";

const corpusDir = fileURLToPath(new URL("../corpus/", import.meta.url));
const rr = defaultRegionResolver();
const docs: DocMeta[] = [];
const clauses: Clause[] = [];
for (const f of listCorpusFiles(corpusDir)) {
  const p = parseFile(await loadFile(corpusDir, f), rr);
  docs.push(...p.docs);
  clauses.push(...p.clauses);
}
const compiled = compileCorpus(docs, clauses);
registerFacts(compiled.facts);
const curated = loadRules(DEFAULT_RULES_DIR);

const pairs = (s: string) => {
  const t = s.replace(/[^\p{Script=Han}\d]/gu, "");
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
};
const jaccard = (a: Set<string>, b: Set<string>) => {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / Math.max(1, a.size + b.size - n);
};

/** The compiled rule that implements the same provision: same clause, most similar quote, same kind first. */
function counterpart(r: Rule): Rule | undefined {
  const same = compiled.rules.filter((c) => c.docId === r.docId && c.article === r.article && (c.amount.kind === "qualification") === (r.amount.kind === "qualification"));
  const q = pairs(r.quote);
  return same.map((c) => ({ c, s: jaccard(q, pairs(c.quote)) + (c.amount.kind === r.amount.kind ? 0.2 : 0) })).sort((a, b) => b.s - a.s)[0]?.c;
}

/**
 * A case states facts in the curated vocabulary; the compiled rule may name them by the clause's
 * own phrase. Each compiled fact takes the value of the case's fact of the same type whose label
 * shares the most words with it — as a user stating the figure in the clause's words would.
 */
function translate(profile: Profile, rule: Rule): Profile {
  const out: Profile = { ...profile };
  // The case states facts for the whole evaluation: those of the rule's prerequisites and general
  // conditions too (the curated rule's are in the same vocabulary, the compiled one's are not).
  const byId = new Map(compiled.rules.map((r) => [r.id, r]));
  const keys = new Set(ruleFacts(rule));
  for (const id of [...rule.requires, ...rule.general]) {
    const other = byId.get(id);
    if (other) for (const k of ruleFacts(other)) keys.add(k);
  }
  for (const key of keys) {
    if (out[key] !== undefined) continue;
    const def = FACT_BY_KEY.get(key);
    if (!def) continue;
    let best: { k: string; s: number } | undefined;
    for (const [k, v] of Object.entries(profile)) {
      const d = FACT_BY_KEY.get(k);
      if (!d || v === undefined || d.type !== def.type) continue;
      const s = jaccard(pairs(d.label), pairs(def.label));
      if (!best || s > best.s) best = { k, s };
    }
    if (best && best.s > 0) out[key] = profile[best.k];
  }
  return out;
}

/** TODAY if the document is in force then, else a day of its period (its first, or its last). */
function inForceDay(docId: string): string {
  const doc = docs.find((d) => d.id === docId);
  if (!doc || inForce(doc, TODAY)) return TODAY;
  return doc.validFrom ?? (doc.validTo && doc.validTo < TODAY ? doc.validTo : TODAY);
}

let agree = 0;
let total = 0;
const lines: string[] = [];
const ctxCurated = (asOf: string) => makeContext(curated, docs, asOf);
const ctxCompiled = (asOf: string) => makeContext(compiled.rules, docs, asOf);
for (const r of curated) {
  for (const c of r.cases) {
    total++;
    // A case without a date is about the provision's terms: judged on a day its document is in force.
    const asOf = c.asOf ?? inForceDay(r.docId);
    const mine = counterpart(r);
    if (!mine) {
      lines.push(`✗ ${r.id} › ${c.name}: 该条款没有编译出规则（${r.amount.kind}）`);
      continue;
    }
    const want = evaluateRule(r, c.profile, ctxCurated(asOf));
    const got = evaluateRule(mine, translate(c.profile, mine), ctxCompiled(asOf));
    const sameStatus = got.status === c.status;
    const sameAmount = c.amount === undefined || got.amount?.yuan === c.amount;
    if (sameStatus && sameAmount) agree++;
    else lines.push(`✗ ${r.id} › ${c.name}: 期望 ${c.status}${c.amount !== undefined ? ` ${c.amount}元` : ""}，编译规则 ${mine.amount.kind} 得 ${got.status}${got.amount?.yuan !== undefined ? ` ${got.amount.yuan}元` : ""}${want.status !== c.status ? "（人工规则本身与用例不符）" : ""}`);
  }
}
for (const l of lines) console.log(l);
console.log(`compiled rules ${compiled.rules.length}; provisions ${compiled.report.provisions}, compiled ${compiled.report.compiled}, quote-only ${compiled.report.quoteOnly}`);
console.log(`agreement ${agree}/${total} (${((agree / Math.max(1, total)) * 100).toFixed(1)}%)`);
