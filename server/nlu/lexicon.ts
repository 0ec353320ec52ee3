import { z } from "zod";
import { FACT_BY_KEY } from "../../core/facts/registry.js";
import { parseChineseNumber, type Quantity } from "../../core/text/numbers.js";
import { PatternSchema as Pattern, readVocab } from "../../core/vocab.js";

/**
 * The words users echo from the policies, mapped to fact keys, compiled from corpus/vocab/lexicon.yaml
 * once per process. Two kinds: statements (a phrase sets boolean or text facts) and cues (a phrase
 * names the fact a nearby number measures). Patterns are checked bounded (no nested quantifiers) on
 * load, so matching stays linear on any input whatever the data says.
 */

export interface Statement {
  /** Matched on its own, beside the others: a self-description ("我们是…企业") spans other phrases. */
  independent?: boolean;
  /** Facts set when the phrase is affirmed; a `false` entry sets the opposite. */
  sets: Record<string, boolean | string>;
  pattern: RegExp;
  /** The phrase carries its own polarity ("没有受过处罚"): do not look for negators. */
  fixed?: boolean;
}

export type Accept = (q: Quantity) => boolean;

export interface CueFact {
  key: string;
  accepts: Accept;
  /** The price of one item: a total ("一共3万元") is not it. */
  perItem?: boolean;
}

export interface Cue {
  pattern: RegExp;
  /** Facts the cue may name; the quantity's unit picks one. `key` may depend on the matched text. */
  facts: (m: RegExpExecArray) => CueFact[];
}

/** Facts whose number can be recognised by topic alone when no cue sits next to it. */
export interface TopicRule {
  key: string;
  topic: RegExp;
  accepts: Accept;
}

/** A money amount that is the subsidy asked about, not a fact about the enterprise. */
export const REWARD = "_reward";

// ---------------------------------------------------------------------------
// Unit predicates, named in the data: money, rate(台、个), count(件、项), years… joined by "|".

const ACCEPTS: Record<string, (measures: string[]) => Accept | undefined> = {
  // "每年实际投入400万元" is the year's figure, as 年营业收入 and 当年投入 are: a sum, not a price per item.
  money: () => (q) => q.unit === "yuan" && (!q.perUnit || q.measure === "年"),
  /** A price per item, per one of the measures if any are named. */
  rate: (ms) => (q) => q.unit === "yuan" && q.perUnit === true && (ms.length === 0 || ms.includes(q.measure ?? "")),
  yuan: () => (q) => q.unit === "yuan",
  percent: () => (q) => q.unit === "percent",
  years: () => (q) => q.unit === "years" && !q.window,
  months: () => (q) => q.unit === "months" && !q.window,
  /** A count in one of the measure words, or a bare number right next to its cue ("有效发明专利55"). */
  count: (ms) => (q) => (q.unit === "count" && (!q.measure || ms.length === 0 || ms.includes(q.measure))) || (q.unit === "number" && Number.isInteger(q.value)),
  /** Only a count written in one of these measure words ("40学时"). */
  measure: (ms) => (ms.length ? (q) => q.unit === "count" && ms.includes(q.measure ?? "") : undefined),
};

export function parseAccepts(spec: string): Accept | undefined {
  const parts = spec.split("|").map((s) => /^\s*([a-z]+)\s*(?:\(([^()]*)\))?\s*$/.exec(s));
  const preds = parts.map((m) => (m ? ACCEPTS[m[1]]?.(m[2] ? m[2].split(/[,，、]/).map((w) => w.trim()).filter(Boolean) : []) : undefined));
  if (!preds.length || preds.some((p) => !p)) return undefined;
  const all = preds as Accept[];
  return all.length === 1 ? all[0] : (q) => all.some((p) => p(q));
}

const Accepts = z.string({ error: "accepts 应为单位名，如 money、rate(台、个)、count(件、个)" }).transform((s, ctx) => {
  const a = parseAccepts(s);
  if (!a) ctx.addIssue({ code: "custom", message: `无法识别的 accepts：${s}（可用 ${Object.keys(ACCEPTS).join("、")}，用 | 连接）` });
  return a ?? z.NEVER;
});

const FactKey = (extra: readonly string[] = []) =>
  z.string().refine((k) => FACT_BY_KEY.has(k) || extra.includes(k), { error: (iss) => `未知的事实 ${String(iss.input)}（不在 corpus/vocab/facts.yaml 中）` });

// ---------------------------------------------------------------------------
// The file.

const LexiconFile = z
  .object({
    statements: z.array(
      z
        .object({
          sets: z.record(FactKey(), z.union([z.boolean(), z.string().min(1)])),
          pattern: Pattern,
          fixed: z.boolean().optional(),
          independent: z.boolean().optional(),
        })
        .strict(),
    ),
    cues: z.array(
      z
        .object({
          pattern: Pattern,
          facts: z
            .array(
              z
                .object({
                  key: FactKey([REWARD]),
                  accepts: Accepts,
                  perItem: z.boolean().optional(),
                  /** Only when the pattern's first group reads this number ("近3年" / "近三年"). */
                  years: z.number().int().positive().optional(),
                })
                .strict(),
            )
            .min(1),
        })
        .strict(),
    ),
    topics: z.array(z.object({ key: FactKey(), accepts: Accepts, topic: Pattern }).strict()),
  })
  .strict();

function cueOf(c: z.infer<typeof LexiconFile>["cues"][number]): Cue {
  const facts = c.facts.map(({ key, accepts, perItem }): CueFact => ({ key, accepts, ...(perItem ? { perItem } : {}) }));
  if (c.facts.every((f) => f.years === undefined)) return { pattern: c.pattern, facts: () => facts };
  return {
    pattern: c.pattern,
    facts: (m) => {
      const n = parseChineseNumber(m[1] ?? "");
      return facts.filter((_, i) => c.facts[i].years === undefined || c.facts[i].years === n);
    },
  };
}

/** The statements, cues and topic rules of a lexicon file (corpus/vocab/lexicon.yaml by default). */
export function readLexicon(name = "lexicon.yaml"): { statements: Statement[]; cues: Cue[]; topics: TopicRule[] } {
  const lex = readVocab(name, LexiconFile);
  return {
    statements: lex.statements.map((s) => ({ sets: s.sets, pattern: s.pattern, fixed: s.fixed ?? false, ...(s.independent ? { independent: true } : {}) })),
    cues: lex.cues.map(cueOf),
    topics: lex.topics,
  };
}

const lexicon = readLexicon();
export const STATEMENTS: readonly Statement[] = lexicon.statements;
export const CUES: readonly Cue[] = lexicon.cues;
export const TOPIC_RULES: readonly TopicRule[] = lexicon.topics;
