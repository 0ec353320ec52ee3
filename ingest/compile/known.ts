import { FACTS, type FactDef } from "../../core/facts/registry.js";
import type { FactSpec } from "./facts.js";

/**
 * Phrases of the hand-written facts (`phrases` in corpus/vocab/facts.yaml): a clause that says
 * 实际投资额 means the fact the curated rules call `investment`, so both kinds of rule share it.
 */
export type Resolve = (s: FactSpec) => string | undefined;

const strip = (s: string) => s.normalize("NFKC").replace(/[\s（）()“”"]/g, "");

export function knownFacts(defs: readonly FactDef[] = FACTS): Resolve {
  const byPhrase = new Map<string, FactDef>();
  for (const d of defs) for (const p of d.phrases ?? []) byPhrase.set(strip(p), d);
  return (s) => {
    const d = byPhrase.get(strip(s.phrase));
    return d && d.type === s.type ? d.key : undefined;
  };
}
