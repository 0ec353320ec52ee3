import { createHash } from "node:crypto";

/** A compiled rule's id part: stable across builds for the same clause and reading, short enough to read. */
export const hash = (s: string): string => createHash("sha1").update(s).digest("hex").slice(0, 10);
