import type { Profile } from "../lib/types.js";

const MUNICIPALITY = /^(北京|上海|天津|重庆)市?$/;
const PROVINCE = /(省|自治区|特别行政区)$/;

/** data-region="杭州市" → {city}; "浙江省" or a municipality → {province}. */
export function regionProfile(region: string | undefined): Profile {
  const r = region?.trim();
  if (!r) return {};
  if (MUNICIPALITY.test(r)) return { province: r.endsWith("市") ? r : `${r}市` };
  return PROVINCE.test(r) ? { province: r } : { city: r };
}

/** Only colours the browser understands reach the stylesheet. */
export function safeColor(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && typeof CSS !== "undefined" && CSS.supports("color", v) ? v : undefined;
}

export interface Placement {
  side: "right" | "left";
  edge: "bottom" | "top";
  /** Distance from the side and from the edge, in CSS pixels. */
  x: number;
  y: number;
}

const MAX_OFFSET = 400;
const px = (s: string | undefined, fallback: number): number => {
  const n = Number.parseFloat(s ?? "");
  return Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_OFFSET) : fallback;
};

/**
 * data-position="bottom-left" (bottom-right, top-right, top-left) and
 * data-offset="20 96" (side, edge; one number for both): where the launcher and
 * panel sit, so they clear the site's own 返回顶部 or 无障碍 buttons.
 */
export function placement(position: string | undefined, offset: string | undefined): Placement {
  const pos = (position ?? "").trim().toLowerCase();
  const [a, b] = (offset ?? "").trim().split(/[\s,，]+/);
  const x = px(a, 20);
  return {
    side: pos.endsWith("left") ? "left" : "right",
    edge: pos.startsWith("top") ? "top" : "bottom",
    x,
    y: px(b, b === undefined && a ? x : 20),
  };
}
