import { h } from "../lib/dom.js";
import type { MatchStatus } from "../lib/types.js";

export const STATUS_TEXT: Record<MatchStatus, string> = {
  eligible: "符合",
  needs_info: "待补充信息",
  ineligible: "不符合",
};

export const statusBadge = (status: MatchStatus): HTMLElement =>
  h("span", { class: `badge badge--${status}` }, STATUS_TEXT[status] ?? status);

const ORDER: Record<MatchStatus, number> = { eligible: 0, needs_info: 1, ineligible: 2 };

/** Eligible first, then the ones that need facts, then the rest; larger sums first within each. */
export function sortMatches<T extends { status: MatchStatus; amount?: { yuan?: number } }>(matches: T[]): T[] {
  return [...matches].sort(
    (a, b) => (ORDER[a.status] ?? 3) - (ORDER[b.status] ?? 3) || (b.amount?.yuan ?? 0) - (a.amount?.yuan ?? 0),
  );
}
