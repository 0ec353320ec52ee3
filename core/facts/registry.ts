import { z } from "zod";
import { readVocab } from "../vocab.js";

/**
 * The vocabulary of enterprise facts, read once from corpus/vocab/facts.yaml. Rules name these keys
 * in their conditions and formulas; the understanding layer extracts them from Chinese text; the
 * profile schema (and so /api/openapi.json and the console form) is generated from this one list.
 * Add a fact to the data, never inline in a rule or in code.
 *
 * Units: money in yuan, percentages in percent points (20 = 20%), counts and durations as plain
 * numbers in the unit named by `unit`.
 */
const FACT_TYPES = ["boolean", "money", "usd", "percent", "count", "years", "months", "text"] as const;

const FactTypeSchema = z.enum(FACT_TYPES, { error: `应为 ${FACT_TYPES.join("、")} 之一` });
export type FactType = z.infer<typeof FactTypeSchema>;

const text = (what: string) => z.string({ error: (iss) => (iss.input === undefined ? `缺少 ${what}` : `${what} 应为文字`) }).min(1, { error: `${what} 不能为空` });

export const FactDefSchema = z.object({
  key: z.string(),
  type: FactTypeSchema,
  /** Group for the console form: one of the file's `groups` (compiled facts: "条款事实"). */
  group: text("group"),
  /** Short Chinese label, shown beside the value ("实际投资额"). */
  label: text("label"),
  /** Follow-up question asked when the fact decides a pending rule. */
  question: text("question"),
  /** Unit word for counts ("家", "台", "件", "个"). */
  unit: text("unit").optional(),
  /**
   * The words that name the fact in documents and questions ("实缴注册资本"). Compiled facts are
   * named by their clause's own phrase; binding matches a question's words against these; the
   * clause compiler resolves a hand-written fact's phrases to it.
   */
  phrases: z.array(text("phrases 的每一项")).optional(),
  /** The price of one item ("每台2000元"): a bare reply to its question is a per-item price, not a total. */
  perItem: z.boolean().optional(),
  /** Parts stated separately in one message add up ("实用新型20件，外观设计10件"). */
  additive: z.boolean().optional(),
  /** Minted by the clause compiler (not hand-written). */
  compiled: z.boolean().optional(),
});
export type FactDef = z.infer<typeof FactDefSchema>;

/** Enterprise profile: every fact optional; a missing fact is unknown, never 0 or false. */
export type FactValue = boolean | number | string;
export type Profile = Partial<Record<string, FactValue>>;

/** Compiled facts are named by their phrase and unit, so the same words in two documents are one fact. */
export const COMPILED_PREFIX = "c:";
export const isCompiledKey = (key: string): boolean => key.startsWith(COMPILED_PREFIX);

const Entry = FactDefSchema.omit({ key: true, compiled: true })
  .extend({
    /** What users say → the value the extractor reads from it (test/nlu/fact-examples.test.ts). */
    examples: z.record(z.string().min(1), z.union([z.boolean(), z.number(), z.string()]), { error: (iss) => (iss.code === "invalid_type" ? "examples 应为“用户说法: 取值”的映射" : undefined) }).optional(),
  })
  .strict();
const FactsFile = z
  .object({
    /** The console form's groups; every fact names one. */
    groups: z.array(text("groups 的每一项")).min(1, { error: "groups 不能为空" }),
    facts: z.record(
      // Keys are written in rules and in the API: a short identifier, never the compiler's "c:…".
      z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { error: "事实的键应为字母开头的英文标识符（如 investment）" }),
      Entry,
      { error: (iss) => (iss.code === "invalid_type" ? "facts 应为“键: 定义”的映射" : undefined) },
    ),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const [key, def] of Object.entries(file.facts))
      if (!file.groups.includes(def.group)) ctx.addIssue({ code: "custom", path: ["facts", key, "group"], message: `分组“${def.group}”不在 groups 中` });
  });

/** The hand-written facts of a vocabulary file, and each one's examples (what a user says, the value it states). */
export function readFacts(name = "facts.yaml"): { facts: FactDef[]; examples: Map<string, [string, FactValue][]> } {
  const entries = Object.entries(readVocab(name, FactsFile).facts);
  return {
    facts: entries.map(([key, { examples: _, ...def }]) => ({ key, ...def })),
    examples: new Map(entries.flatMap(([key, e]) => (e.examples ? [[key, Object.entries(e.examples)] as const] : []))),
  };
}

const file = readFacts();
export const FACTS: readonly FactDef[] = file.facts;
export const FACT_EXAMPLES: ReadonlyMap<string, readonly [string, FactValue][]> = file.examples;

const byKey = new Map(FACTS.map((d) => [d.key, d]));
export const FACT_BY_KEY: ReadonlyMap<string, FactDef> = byKey;

/**
 * Facts minted by the clause compiler come with the index; they join the vocabulary when the index
 * loads (and in ingest, before rules are validated). A key already known keeps its first definition.
 */
export function registerFacts(defs: readonly FactDef[]): void {
  for (const d of defs) if (!byKey.has(d.key)) byKey.set(d.key, d);
}

/** Every fact known to this process: the hand-written ones, then the compiled ones. */
export const allFacts = (): FactDef[] => [...byKey.values()];

export const isFactKey = (key: string): boolean => byKey.has(key) || isCompiledKey(key);

// One schema per value type, built once: zod schemas are costly to build and chat checks every extracted value.
const VALUE_SCHEMAS = {
  boolean: z.boolean(),
  text: z.string().max(100),
  percent: z.number().finite().min(-1000).max(100000),
  number: z.number().finite().min(0).max(1e15),
} satisfies Record<string, z.ZodType>;

function zodFor(def: FactDef): z.ZodType {
  switch (def.type) {
    case "boolean":
    case "text":
    case "percent":
      return VALUE_SCHEMAS[def.type];
    default:
      return VALUE_SCHEMAS.number;
  }
}

const Known = z.object(Object.fromEntries(FACTS.map((d) => [d.key, zodFor(d).optional().describe(d.label)]))).strict();

/**
 * Hand-written facts are listed (for OpenAPI and the console form); compiled facts ("c:…") are
 * checked against their definition when the index has registered them.
 */
export const ProfileSchema = z
  .record(z.string(), z.union([z.boolean(), z.number(), z.string()]))
  .superRefine((obj, ctx) => {
    for (const [key, value] of Object.entries(obj)) {
      const def = byKey.get(key);
      if (!def) {
        ctx.addIssue({ code: "custom", path: [key], message: `未知的事实：${key}` });
        continue;
      }
      const r = zodFor(def).safeParse(value);
      if (!r.success) ctx.addIssue({ code: "custom", path: [key], message: `${def.label}：取值不合法` });
    }
  });
/** The listed shape, for documentation. */
export const KnownProfileSchema = Known;

/** One fact's value schema. */
export const valueSchemaOf = (key: string): z.ZodType | undefined => {
  const def = byKey.get(key);
  return def ? zodFor(def) : undefined;
};
