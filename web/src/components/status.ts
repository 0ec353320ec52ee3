import { h } from "../lib/dom.js";
import type { MatchStatus } from "../lib/types.js";

export const STATUS_TEXT: Record<MatchStatus, string> = {
  eligible: "符合",
  needs_info: "待补充信息",
  ineligible: "不符合",
  expired: "已失效",
  not_yet: "尚未生效",
};

export const statusBadge = (status: MatchStatus): HTMLElement =>
  h("span", { class: `badge badge--${status}` }, STATUS_TEXT[status] ?? status);

/** Policies out of force come after every policy in force, refusals included. */
const ORDER: Record<MatchStatus, number> = { eligible: 0, needs_info: 1, ineligible: 2, not_yet: 3, expired: 4 };

export const isOutOfForce = (status: MatchStatus): boolean => status === "expired" || status === "not_yet";

/** Eligible first, then the ones that need facts, then the rest, then policies out of force; larger sums first within each. */
export function sortMatches<T extends { status: MatchStatus; amount?: { yuan?: number } }>(matches: T[]): T[] {
  return [...matches].sort(
    (a, b) => (ORDER[a.status] ?? 5) - (ORDER[b.status] ?? 5) || (b.amount?.yuan ?? 0) - (a.amount?.yuan ?? 0),
  );
}
