import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { FACT_BY_KEY } from "../../server/facts/registry.js";
import { VOCAB_DIR } from "../../server/nlu/synonyms.js";
import type { FactSpec } from "./facts.js";

/**
 * Phrases of the hand-written facts (corpus/vocab/facts.yaml): a clause that says 实际投资额 means
 * the fact the curated rules call `investment`, so both kinds of rule share it.
 */
export type Resolve = (s: FactSpec) => string | undefined;

const strip = (s: string) => s.normalize("NFKC").replace(/[\s（）()“”"]/g, "");

export function knownFacts(file = `${VOCAB_DIR}facts.yaml`): Resolve {
  const byPhrase = new Map<string, string>();
  try {
    const doc = parseYaml(readFileSync(file, "utf8")) as { facts?: Record<string, unknown> };
    for (const [key, list] of Object.entries(doc?.facts ?? {})) {
      if (!FACT_BY_KEY.has(key) || !Array.isArray(list)) continue;
      for (const p of list) if (typeof p === "string" && p) byPhrase.set(strip(p), key);
    }
  } catch {
    // No vocabulary: every phrase is a fact of its own.
  }
  return (s) => {
    const key = byPhrase.get(strip(s.phrase));
    return key && FACT_BY_KEY.get(key)?.type === s.type ? key : undefined;
  };
}
