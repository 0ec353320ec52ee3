import { z } from "zod";
import { DOC_ID } from "../corpus/doc-id.js";
import { FactKey } from "./fact-key.js";
import { MECHANISM_SCHEMAS } from "./mechanisms/index.js";
import { Percent } from "./mechanisms/kit.js";
import { MatchStatus } from "./match.js";

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

/** What a rule pays: one of the formula kinds, each defined in its own module (mechanisms/). */
export const Formula = z.discriminatedUnion("kind", MECHANISM_SCHEMAS);
export type Formula = z.infer<typeof Formula>;

export const RuleCase = z
  .object({
    name: z.string(),
    profile: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
    asOf: z.string().optional(),
    /** `expired`/`not_yet` when `asOf` lies outside the document's period. */
    status: MatchStatus,
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
    docId: z.string().regex(DOC_ID, "文档编号只能含小写字母、数字和连字符"),
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
    /**
     * 本条款与本措施第三条可叠加支持: articles of the same document whose awards add to this one's.
     * The asker eligible for both gets the sum on this rule, each part named.
     */
    stacksWith: z.array(z.string().min(1)).min(1).optional(),
    /** 按40%、30%、30%的比例分三年发放 / 先拨付80%…再拨付剩余的20%: how the award is paid out. */
    payment: z.array(z.object({ label: z.string(), percent: Percent }).strict()).min(2).optional(),
    /**
     * Hand-written by a developer (curated), compiled from the clause text by ingest (compiled), or
     * written or corrected by the policy office on /admin and saved there (reviewed).
     */
    origin: z.enum(["curated", "compiled", "reviewed"]).default("curated"),
    /** Who vouched for a reviewed rule and on which day: answers cite it as 已审核（date）. */
    reviewed: z.object({ at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "审核日期应为 YYYY-MM-DD"), by: z.string().min(1) }).strict().optional(),
    cases: z.array(RuleCase).default([]),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export type RuleCase = z.infer<typeof RuleCase>;

export const RuleFile = z.object({ rules: z.array(Rule) }).strict();

/** Derived clause id: docId + article label, so rules can be written before ingest runs. */
export const clauseIdOf = (docId: string, article: string): string => `${docId}:${article}`;
