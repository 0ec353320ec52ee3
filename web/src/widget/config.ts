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
