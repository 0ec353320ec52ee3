import { z } from "zod";
import { Place } from "../places/contain.js";

/** ISO calendar date, "2025-12-31". */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const DocKind = z.enum(["办法", "意见", "方案", "规划", "通知", "工作报告", "计划", "其他"]);

export const Region = Place.extend({
  /**
   * "national" | "province" | "city" | "district": the level the issuer governs. "unknown": the
   * document's signals disagree or say nothing (never read as national); a province or city all
   * signals agree on may still be set.
   */
  level: z.enum(["national", "province", "city", "district", "unknown"]),
}).strict();
export type Region = z.infer<typeof Region>;

/** Where a metadata field was read, with the words it was read from, verbatim. */
export const Evidence = z
  .object({
    /** title, issuer, signature, interpretation, docNumber, body, frontMatter, listing, fileName, text, heading. */
    source: z.string(),
    quote: z.string(),
    /** Region evidence: the place the quote names, and its role (title, issuer, registered-in, organ, mention, scope). */
    place: z.string().optional(),
    role: z.string().optional(),
  })
  .strict();
export type Evidence = z.infer<typeof Evidence>;

/** What ingest is unsure of in a document: shown in the ingest summary and the admin preview. */
export const Doubt = z.enum(["region_unknown", "no_period", "title_from_file_name", "duplicate_labels"]);
export type Doubt = z.infer<typeof Doubt>;

export const DocMeta = z
  .object({
    id: z.string(),
    title: z.string(),
    issuer: z.string().optional(),
    docNumber: z.string().optional(),
    region: Region,
    published: IsoDate.optional(),
    validFrom: IsoDate.optional(),
    validTo: IsoDate.optional(),
    /** The sentence the validity was read from, verbatim. */
    validityQuote: z.string().optional(),
    /** Every sentence the validity was read from (start and end may sit in different articles), verbatim. */
    validityQuotes: z.array(z.string()).optional(),
    /** Takes effect on its publication date ("自发布之日起施行"); validFrom is that date when it is known. */
    effectiveOnPublication: z.boolean().optional(),
    /** The period is the title's ("(2021~2023年)", "“十四五”"), not a stated effective date. */
    validityFromTitle: z.boolean().optional(),
    /** The period is the window of the campaign or application round the notice announces (活动时间/申报时间/受理时间). */
    validityFromCampaign: z.boolean().optional(),
    /** Earlier documents this one repeals ("同时废止《…》"), as the text names them. */
    repeals: z.array(z.string()).optional(),
    /** The corpus document that repeals this one, and the day that one takes effect (unknown: repealed already). */
    supersededBy: z.string().optional(),
    supersededFrom: IsoDate.optional(),
    kind: DocKind,
    /** Each field's evidence: the quote it came from. */
    evidence: z
      .object({
        title: Evidence,
        issuer: Evidence,
        docNumber: Evidence,
        published: Evidence,
        region: z.array(Evidence),
        validity: z.array(Evidence),
      })
      .partial()
      .strict()
      .optional(),
    doubts: z.array(Doubt).optional(),
    sourceFile: z.string(),
    /** Character range of this document inside the source file. */
    sourceStart: z.number().int().nonnegative(),
    sourceEnd: z.number().int().nonnegative(),
  })
  .strict();
export type DocMeta = z.infer<typeof DocMeta>;

export const Clause = z
  .object({
    id: z.string(),
    docId: z.string(),
    /** As a citizen cites it: "一、（一）", "第十二条", "专栏2 第2项". */
    article: z.string(),
    /** Headings above this clause, outermost first ("一、壮大新电商产业生态"). */
    headings: z.array(z.string()),
    /** Whole clause including its sub-items, verbatim from the source (whitespace normalised). */
    text: z.string(),
    /** Offsets into the source file (of the whole clause). */
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    parentId: z.string().optional(),
    childIds: z.array(z.string()),
    depth: z.number().int().nonnegative(),
    /** PDF sources: the page the clause starts on (1-based). */
    page: z.number().int().positive().optional(),
    /** A period of this clause's own (a card's 有效期, a measure's window), not the document's; verbatim quote. */
    period: z.object({ validFrom: IsoDate.optional(), validTo: IsoDate.optional(), quote: z.string() }).strict().optional(),
  })
  .strict();
export type Clause = z.infer<typeof Clause>;

/** Whether a document is in force on a date; unknown bounds are open. A repealed document is not. */
export function inForce(doc: Pick<DocMeta, "validFrom" | "validTo" | "supersededBy" | "supersededFrom">, asOf: string): boolean {
  if (doc.supersededBy && (!doc.supersededFrom || asOf >= doc.supersededFrom)) return false;
  if (doc.validFrom && asOf < doc.validFrom) return false;
  if (doc.validTo && asOf > doc.validTo) return false;
  return true;
}

/** The retrieval unit: a clause's own text, or a sentence-bounded piece of a long one. */
export interface Chunk {
  id: string;
  clauseId: string;
  docId: string;
  article: string;
  text: string;
  /** The heading right above, indexed with the chunk so "招引" finds "(一)加大新电商招引力度" items. */
  context: string;
}
