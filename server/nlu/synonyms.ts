import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { VOCAB_DIR } from "../../core/vocab.js";

export { VOCAB_DIR };

export type Canon = (text: string) => string;

/** Replace every word of a synonym group by the group's first word, longest words first. */
export function canonicalizer(groups: readonly string[][]): Canon {
  // Heads map to themselves, so "研发投入" stays whole instead of losing its "投入" to another group.
  const pairs = groups.flatMap((g) => g.map((w) => [w, g[0]] as const)).sort((a, b) => b[0].length - a[0].length);
  if (!pairs.length) return (t) => t;
  const re = new RegExp(pairs.map(([w]) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  const to = new Map(pairs);
  return (t) => t.replace(re, (m) => to.get(m) ?? m);
}

let cached: Canon | undefined;

/** The project's synonym vocabulary (corpus/vocab/synonyms.yaml), read once per process. */
export function synonyms(): Canon {
  if (cached) return cached;
  let groups: string[][] = [];
  try {
    const doc = parseYaml(readFileSync(`${VOCAB_DIR}synonyms.yaml`, "utf8")) as { groups?: unknown };
    if (Array.isArray(doc?.groups)) groups = doc.groups.filter((g): g is string[] => Array.isArray(g) && g.every((w) => typeof w === "string" && w.length > 0));
  } catch {
    // No vocabulary file: phrases are compared as written.
  }
  return (cached = canonicalizer(groups));
}
