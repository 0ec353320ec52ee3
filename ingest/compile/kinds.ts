import { z } from "zod";
import { readVocab } from "../../core/vocab.js";

/**
 * Who a provision is for, as the value of the `entityKind` fact: corpus/vocab/entity-kinds.yaml
 * maps the document's words (高校, 科研院所, 省份) to the values the understanding layer sets.
 */
const KindsFile = z.object({ kinds: z.record(z.string(), z.array(z.string()).min(1)) }).strict();

export const ENTITY_KIND = "entityKind";

export interface Kinds {
  /** Every word, longest first, with the value it names. */
  words: { word: string; kind: string }[];
}

export function readKinds(name = "entity-kinds.yaml"): Kinds {
  const file = readVocab(name, KindsFile);
  const words = Object.entries(file.kinds).flatMap(([kind, ws]) => ws.map((word) => ({ word, kind })));
  return { words: words.sort((a, b) => b.word.length - a.word.length) };
}

let cached: Kinds | undefined;
export const kinds = (): Kinds => (cached ??= readKinds());

/** The kinds a phrase names, in order, without repeats: "高校或者科研机构" → [高等院校, 科研机构]. */
export function kindsIn(phrase: string, k: Kinds = kinds()): string[] {
  const found: { at: number; kind: string }[] = [];
  let rest = phrase;
  for (const { word, kind } of k.words) {
    const at = rest.indexOf(word);
    if (at < 0) continue;
    rest = rest.split(word).join("\u0000".repeat(word.length));
    found.push({ at, kind });
  }
  return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.kind))];
}

/** The kind a phrase ends with ("…的省份" → 省级主管部门), with the word that named it. */
export function kindAtEnd(phrase: string, k: Kinds = kinds()): { kind: string; word: string } | undefined {
  for (const { word, kind } of k.words) if (phrase.endsWith(word)) return { kind, word };
  return undefined;
}
