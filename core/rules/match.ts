import { z } from "zod";

/**
 * What the engine returns for one rule: the HTTP API sends these objects as
 * they are, so the shape lives here once, as zod, and types derive from it.
 * Money is yuan (numbers) plus the text a policy would write ("200万元").
 */

export const ScheduleItem = z.object({ label: z.string(), yuan: z.number(), upTo: z.boolean().optional() }).strict();
export type ScheduleItem = z.infer<typeof ScheduleItem>;

export const Amount = z
  .object({
    /** Headline figure; absent when the document names none or a fact is missing. */
    yuan: z.number().optional(),
    text: z.string(),
    /** The computation in one line ("1000万元 × 20%") or its nature ("定额", "上限"). */
    basis: z.string(),
    trace: z.array(z.string()),
    schedule: z.array(ScheduleItem).optional(),
    /** Bounds while a fact is missing (upTo → 0..cap). */
    min: z.number().optional(),
    max: z.number().optional(),
    /** 5%左右: the figure is indicative. */
    approximate: z.boolean().optional(),
    /** 不超过/最高: the figure is a ceiling, the award may be lower. */
    upTo: z.boolean().optional(),
  })
  .strict();
export type Amount = z.infer<typeof Amount>;

/** What the conditions alone give, on the document's terms. */
export const TermsStatus = z.enum(["eligible", "ineligible", "needs_info"]);
export type TermsStatus = z.infer<typeof TermsStatus>;

/**
 * A rule's verdict. Validity comes before money: a rule of a document not in force on the date
 * asked is `expired` (its period ended, or a later document repealed it) or `not_yet` (it starts
 * later), never `eligible`, whatever its conditions give.
 */
export const MatchStatus = z.enum([...TermsStatus.options, "expired", "not_yet"]);
export type MatchStatus = z.infer<typeof MatchStatus>;

/** Statuses of a policy out of force. */
export const OUT_OF_FORCE: ReadonlySet<MatchStatus> = new Set(["expired", "not_yet"]);
export const isOutOfForce = (status: MatchStatus): status is "expired" | "not_yet" => OUT_OF_FORCE.has(status);

/**
 * The policy's period as of the date asked. Out of force (`expired`, `not_yet`): why, with the
 * dates, and what its conditions alone would give.
 */
export const MatchValidity = z
  .object({
    inForce: z.boolean(),
    /**
     * One line with the dates: "有效期至2027年12月31日", "未写明有效期", or out of force
     * "该政策已于2023年2月28日失效（有效期…）", "该政策自2027年1月1日起施行，尚未生效".
     */
    text: z.string(),
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    /** The corpus document that repealed it, its title, and from when. */
    supersededBy: z.string().optional(),
    supersededByTitle: z.string().optional(),
    supersededFrom: z.string().optional(),
    /** Out of force: the status on the document's terms alone, for reference (仅供参考). */
    onTerms: TermsStatus.optional(),
  })
  .strict();
export type MatchValidity = z.infer<typeof MatchValidity>;

export const Match = z
  .object({
    ruleId: z.string(),
    docId: z.string(),
    clauseId: z.string(),
    docTitle: z.string(),
    article: z.string(),
    title: z.string(),
    quote: z.string(),
    status: MatchStatus,
    amount: Amount.optional(),
    /** Qualification rules: what meeting the conditions gives (e.g. 可入库培育). */
    outcome: z.string().optional(),
    /** Conditions met, in Chinese. */
    reasons: z.array(z.string()),
    /** Conditions failed, each with the enterprise's value beside the threshold. */
    failed: z.array(z.string()),
    /** Fact keys whose absence keeps the rule pending. */
    missing: z.array(z.string()),
    missingLabels: z.array(z.string()),
    /** General conditions to confirm when applying (unknown ones never make a rule pending). */
    general: z.array(z.string()),
    notices: z.array(z.string()),
    /** Hand-written and reviewed, or compiled from the clause text (an automatic estimate). */
    origin: z.enum(["curated", "compiled", "reviewed"]).optional(),
    /** The day a reviewed rule was vouched for on /admin. */
    reviewedAt: z.string().optional(),
    /** The clauses whose conditions ruled the award out (a document's 申报条件), for citing them. */
    failedRefs: z.array(z.object({ ruleId: z.string(), clauseId: z.string(), quote: z.string() }).strict()).optional(),
    /**
     * The asker's stated year lies outside the policy's period: ineligible for that alone, and
     * `amount` (if any) is what the document provided, for reference only.
     */
    lapsed: z.boolean().optional(),
    /**
     * The policy's period as of the date asked (absent only when the document is unknown). `inForce`
     * is false exactly when status is `expired` or `not_yet`; `amount` is then for reference only.
     */
    validity: MatchValidity.optional(),
    /** 从优、就高、不重复: whether this is the award that counts within its group. */
    exclusive: z.object({ group: z.string(), counts: z.boolean() }).strict().optional(),
  })
  .strict();
export type Match = z.infer<typeof Match>;

export const FollowUp = z
  .object({
    fact: z.string(),
    label: z.string(),
    question: z.string(),
    /** How many pending rules wait on this fact. */
    decides: z.number().int().nonnegative(),
    ruleIds: z.array(z.string()),
  })
  .strict();
export type FollowUp = z.infer<typeof FollowUp>;

export const Evaluation = z.object({ matches: z.array(Match), followUps: z.array(FollowUp), notices: z.array(z.string()) }).strict();
export type Evaluation = z.infer<typeof Evaluation>;
