import type { Api } from "./api.js";
import type { FactDef } from "./types.js";

const cache = new WeakMap<Api, Promise<FactDef[]>>();

/** The fact registry, fetched once per API; an empty list if unavailable (labels fall back to keys). */
export function loadFacts(api: Api): Promise<FactDef[]> {
  let p = cache.get(api);
  if (!p) {
    p = api.facts().then(
      (r) => r.facts,
      () => {
        cache.delete(api);
        return [];
      },
    );
    cache.set(api, p);
  }
  return p;
}

export const byKey = (facts: FactDef[]): Map<string, FactDef> => new Map(facts.map((f) => [f.key, f]));
