import type { Rule } from "../../core/rules/schema.js";

/**
 * A programme's 申报条件 are parts of one answer. When one part rules the programme out, the rule
 * that requires them answers (the engine names and quotes the part that fails), instead of the other
 * parts saying 符合 on their own. While none fails, each part is shown with its own clause.
 */
const parents = new WeakMap<readonly Rule[], Map<string, Rule>>();

function parentOf(all: readonly Rule[]): Map<string, Rule> {
  let m = parents.get(all);
  if (!m) {
    m = new Map();
    for (const r of all) for (const id of r.requires) if (!m.has(id)) m.set(id, r);
    parents.set(all, m);
  }
  return m;
}

export function foldPrerequisites(rules: readonly Rule[], all: readonly Rule[], fails: (ruleId: string) => boolean): Rule[] {
  const parent = parentOf(all);
  // A programme ruled out by a part is itself a failing part of the programme above it, if any.
  const ruledOut = new Set<string>();
  for (const r of rules) {
    if (!fails(r.id)) continue;
    for (let p = parent.get(r.id), depth = 0; p && depth < 3; p = parent.get(p.id), depth++) ruledOut.add(p.id);
  }
  const out: Rule[] = [];
  for (const r of rules) {
    let keep = r;
    for (let depth = 0; depth < 3; depth++) {
      const p = parent.get(keep.id);
      if (!p || p.docId !== keep.docId || !ruledOut.has(p.id)) break;
      keep = p;
    }
    if (!out.includes(keep)) out.push(keep);
  }
  return out;
}
