import { z } from "zod";
import { FactKey } from "./fact-key.js";
import { MECHANISM_SCHEMAS } from "./mechanisms/index.js";

/**
 * Rules are data (corpus/rules/*.yaml). Every number a rule uses must be
 * written in its `quote`, and the quote must be verbatim in the clause the rule
 * names: ingest refuses the rule otherwise (see provenance.ts).
 */


/**
 * Boundary words decide the comparison, so the rule keeps the word the document
 * used: 以上(含)/不少于/不低于/达到 → ≥; 突破/超过 → >; 不超过/以下 → ≤; 低于/不足 → <.
 */
export const Op = z.enum(["eq", "gte", "gt", "lte", "lt", "in", "notIn"]);

export const Leaf = z
  .object({
    fact: FactKey,
    op: Op,
    value: z.union([z.number(), z.boolean(), z.string(), z.array(z.string())]),
    /** The document's own boundary word, e.g. "以上(含)", "突破", "不少于". */
    word: z.string().optional(),
    /** How the condition reads to a citizen: "年营业收入突破2000万元". */
    label: z.string(),
  })
  .strict();
export type Leaf = z.infer<typeof Leaf>;

export type Cond = Leaf | { all: Cond[]; label?: string } | { any: Cond[]; label?: string };
export const Cond: z.ZodType<Cond> = z.lazy(() =>
  z.union([
    Leaf,
    z.object({ all: z.array(Cond).min(1), label: z.string().optional() }).strict(),
    z.object({ any: z.array(Cond).min(1), label: z.string().optional() }).strict(),
  ]),
);

/** Money is in yuan in the data; the engine computes in integer fen. Rates in percent points. */
const Yuan = z.number().nonnegative();
const Percent = z.number().positive().max(100);

export const Formula = z.discriminatedUnion("kind", [
  /** 给予100万元的一次性奖励 */
  z.object({ kind: z.literal("fixed"), amount: Yuan, once: z.boolean().default(true) }).strict(),
  /** 给予不超过100万元的一次性奖励 — a ceiling with no base to compute from. */
  z.object({ kind: z.literal("upTo"), cap: Yuan, base: FactKey.optional() }).strict(),
  /** 按其实际投资额的20%给予不超过500万元的一次性资助 */
  z
    .object({
      kind: z.literal("rate"),
      base: FactKey,
      rate: Percent,
      cap: Yuan.optional(),
      /** 按不超过…的30%: the rate is a ceiling, so the amount is one too. */
      upTo: z.boolean().optional(),
      /** 按实到外资（美元）的4‰折合人民币: the base is in 美元 and this fact is the exchange rate. */
      fx: FactKey.optional(),
    })
    .strict(),
  /** 每年按实际投资额的20%，最长不超过3年，累计不超过500万元 / 每月10万元 */
  z
    .object({
      kind: z.literal("perPeriod"),
      period: z.enum(["年", "月"]),
      base: FactKey.optional(),
      rate: Percent.optional(),
      amount: Yuan.optional(),
      periods: FactKey.optional(),
      maxPeriods: z.number().int().positive().optional(),
      periodCap: Yuan.optional(),
      totalCap: Yuan.optional(),
    })
    .strict(),
  /** 每台按购买价30%，最高不超过500元/台 / 5000元/台 / 每个10万元 / 1元/件，每年不超过20万元 */
  z
    .object({
      kind: z.literal("perUnit"),
      count: FactKey,
      unit: z.string(),
      amount: Yuan.optional(),
      rate: Percent.optional(),
      price: FactKey.optional(),
      unitCap: Yuan.optional(),
      yearlyCap: Yuan.optional(),
      totalCap: Yuan.optional(),
      maxYears: z.number().int().positive().optional(),
      /** Caps apply per each of these ("每个网点每年最多补贴3万元"): the total is multiplied by this count when known. */
      perEach: FactKey.optional(),
      eachUnit: z.string().optional(),
    })
    .strict(),
  /** 一次性补助5万元，每运营满1年再给予补助2万元，最长不超过3年 (per outlet) */
  z
    .object({
      kind: z.literal("onceplusRecurring"),
      once: Yuan,
      recurring: Yuan,
      years: FactKey,
      maxYears: z.number().int().positive(),
      count: FactKey.optional(),
      unit: z.string().optional(),
    })
    .strict(),
  /** 最高按展位费的70%，不超过6个标准展位 */
  z
    .object({ kind: z.literal("feeShare"), rate: Percent, fee: FactKey, units: FactKey, maxUnits: z.number().int().positive(), unit: z.string() })
    .strict(),
  /** 按合同实际成交额的5%左右 → "约" */
  z.object({ kind: z.literal("approx"), base: FactKey, rate: Percent }).strict(),
  /** 立项后30万元，验收合格后不超过70万元，每项不超过100万元 */
  z
    .object({
      kind: z.literal("staged"),
      stages: z.array(z.object({ label: z.string(), amount: Yuan, upTo: z.boolean().default(false) }).strict()).min(1),
      totalCap: Yuan,
      /** 企业知识产权投入不少于政府财政投入的200% */
      matchPercent: z.number().positive().optional(),
    })
    .strict(),
  /** 择优给予奖励 — the document names no figure; never invent one. */
  z.object({ kind: z.literal("unspecified"), note: z.string() }).strict(),
  /** 萧山区、余杭区、临安区及各县(市)属地75%、市25%，其他区各50% — who pays, by district. */
  z
    .object({
      kind: z.literal("costShare"),
      shares: z
        .array(z.object({ districts: z.array(z.string()), counties: z.boolean().default(false), local: Percent, upper: Percent }).strict())
        .min(1),
      otherwise: z.object({ local: Percent, upper: Percent }).strict(),
    })
    .strict(),
  /** A threshold-only provision (e.g. 入库条件): no money, an outcome. */
  z.object({ kind: z.literal("qualification"), outcome: z.string() }).strict(),
  ...MECHANISM_SCHEMAS,
]);
export type Formula = z.infer<typeof Formula>;

export const RuleCase = z
  .object({
    name: z.string(),
    profile: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
    asOf: z.string().optional(),
    status: z.enum(["eligible", "ineligible", "needs_info"]),
    /** Expected computed amount in yuan (the headline figure), when there is one. */
    amount: z.number().optional(),
    /** Expected missing facts (subset) for needs_info. */
    missing: z.array(z.string()).optional(),
    /** Expected bounds of the amount range (needs_info). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** Substrings expected in the match's texts: failed conditions, notices, amount text, amount trace. */
    failedIncludes: z.string().optional(),
    noticeIncludes: z.string().optional(),
    textIncludes: z.string().optional(),
    traceIncludes: z.string().optional(),
  })
  .strict();

export const Rule = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    docId: z.string(),
    /** Human article label exactly as the structure parser gives it, e.g. "一、（一）". */
    article: z.string(),
    title: z.string(),
    /** Verbatim sentence(s) of the clause this rule implements. */
    quote: z.string().min(4),
    /** Who may apply, in the document's words. */
    target: z.string(),
    /** Words that make a question about this rule ("招引", "落户", "外卖柜"). */
    keywords: z.array(z.string()).default([]),
    /** Facts that make this rule relevant to an asker at all (its subject). */
    subject: z.array(FactKey).default([]),
    conditions: Cond.optional(),
    /** Ids of general-condition rules (e.g. 十八) that also apply; shown as 申请时须确认. */
    general: z.array(z.string()).default([]),
    /**
     * Ids of rules whose conditions are prerequisites (登峰 funding requires the
     * 申报条件; 成长型 requires 入库). Unlike `general`, an unknown prerequisite
     * leaves the rule pending.
     */
    requires: z.array(z.string()).default([]),
    amount: Formula,
    /**
     * Things the document says beside the rule that an applicant should know
     * (可适当放宽申报条件, 不再重复进行奖励), shown as notices when `when` holds
     * (always, without `when`). They never change the status or the amount.
     */
    notes: z.array(z.object({ when: Cond.optional(), text: z.string() }).strict()).default([]),
    /** Rules rewarding the same thing: 从优、就高、不重复. */
    exclusiveGroup: z.string().optional(),
    /** 按40%、30%、30%的比例分三年发放 / 先拨付80%…再拨付剩余的20%: how the award is paid out. */
    payment: z.array(z.object({ label: z.string(), percent: Percent }).strict()).min(2).optional(),
    /** Hand-written and reviewed, or compiled from the clause text by ingest. */
    origin: z.enum(["curated", "compiled"]).default("curated"),
    cases: z.array(RuleCase).default([]),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export type RuleCase = z.infer<typeof RuleCase>;

export const RuleFile = z.object({ rules: z.array(Rule) }).strict();

/** Derived clause id: docId + article label, so rules can be written before ingest runs. */
export const clauseIdOf = (docId: string, article: string): string => `${docId}:${article}`;
