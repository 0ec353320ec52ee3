import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";

/** Bumped whenever the on-disk layout or the parsing that produced it changes. */
export const INDEX_FORMAT = 7;

export const Manifest = z.object({
  format: z.number().int(),
  corpusHash: z.string(),
  builtAt: z.string(),
  buildMs: z.number(),
  counts: z.object({ files: z.number(), documents: z.number(), clauses: z.number(), chunks: z.number(), tokens: z.number(), rules: z.number(), compiled: z.number().default(0), provisions: z.number().default(0), quoteOnly: z.number().default(0) }),
  embedding: z.object({
    kind: z.enum(["hash", "remote"]),
    dim: z.number().int(),
    model: z.string().optional(),
    /** Optional second dense index from an OpenAI-compatible endpoint, beside the hashed one. */
    remote: z.object({ model: z.string(), dim: z.number().int() }).optional(),
  }),
  versions: z.record(z.string(), z.string()),
  /** sha256 of every artifact file, so a torn or edited index is caught at start. */
  files: z.record(z.string(), z.string()),
  /** Corpus files that could not be read and were left out, each with a Chinese reason naming it. */
  problems: z.array(z.object({ file: z.string(), message: z.string() })).optional(),
});
export type Manifest = z.infer<typeof Manifest>;

export const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

export function fileHash(path: string): string {
  return sha256(readFileSync(path));
}
