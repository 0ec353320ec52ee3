import type { Match, MatchStatus } from "../lib/types.js";
import { SCOPE_KEYS } from "./facts.js";

/**
 * Which rules are aimed at someone else: evaluated on the caller's place and
 * kind alone, a rule that already fails is for another region or another kind
 * of applicant (a province, a university). Three-valued logic makes this exact:
 * with only those facts known, nothing but a scope condition can fail.
 */
export function outOfScope(scopeMatches: Match[]): Set<string> {
  return new Set(scopeMatches.filter((m) => m.status === "ineligible" || m.validity?.onTerms === "ineligible").map((m) => m.ruleId));
}

export const scopeProfile = <T>(profile: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(profile).filter(([k]) => SCOPE_KEYS.includes(k)));

const STATUS_ORDER: Record<MatchStatus, number> = { eligible: 0, needs_info: 1, ineligible: 2, not_yet: 3, expired: 4 };
const inForce = (m: Match): boolean => m.status !== "expired" && m.status !== "not_yet";

/**
 * In force first; then the rules that read what the caller talked about
 * (立项 → the 登峰 funding, not every rule of Jiangsu); then eligible before
 * pending before refused; then rules that name an amount, larger first.
 */
export function rankMatches(matches: Match[], ruleFacts: Map<string, readonly string[]>, said: ReadonlySet<string>): Match[] {
  const relevance = (m: Match): number => (ruleFacts.get(m.ruleId) ?? []).filter((k) => said.has(k)).length;
  const amount = (m: Match): number => m.amount?.yuan ?? m.amount?.max ?? 0;
  return [...matches].sort(
    (a, b) =>
      Number(inForce(b)) - Number(inForce(a)) ||
      relevance(b) - relevance(a) ||
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      Number(amount(b) > 0) - Number(amount(a) > 0) ||
      amount(b) - amount(a),
  );
}
