import type { Profile } from "../facts/registry.js";
import type { Region } from "../corpus/schema.js";
import { TRUE, type CondResult } from "./conditions.js";
import { sameName } from "../places/contain.js";

/**
 * Every provision implicitly requires the enterprise to be registered in its
 * document's region. An unstated place is unknown (a follow-up question), a
 * different one is a failed condition.
 */

const same = sameName;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** Optional lookup so a stated city can settle a province-level document. */
export type ProvinceOfCity = (city: string) => string | undefined;

export function checkRegion(region: Region | undefined, profile: Profile, provinceOf?: ProvinceOfCity): CondResult {
  if (!region || region.level === "national") return TRUE;
  const city = text(profile.city);
  let province = text(profile.province);
  if (!province && city) province = provinceOf?.(city);
  const where = city ?? province;
  const fail = (own: string, place: string): CondResult => ({ value: false, met: [], failed: [`所在地${own}，不属于${place}`], missing: [] });
  const ok = (place: string): CondResult => ({ value: true, met: [`注册地在${place}`], failed: [], missing: [] });

  if (region.province && province && !same(province, region.province)) return fail(where!, region.city ?? region.province);
  // Where the document applies is unknown: no place can be ruled in or out beyond what is known of it.
  if (region.level === "unknown") {
    if (region.city && city && !same(city, region.city)) return fail(city, region.city);
    return TRUE;
  }
  if (region.level === "province") {
    if (region.province && province) return ok(region.province);
    return { value: undefined, met: [], failed: [], missing: ["province"] };
  }
  if (region.city) {
    if (!city) return { value: undefined, met: [], failed: [], missing: ["city"] };
    if (!same(city, region.city)) return fail(city, region.city);
  }
  if (region.level === "district" && region.district) {
    const district = text(profile.district);
    if (!district) return { value: undefined, met: [], failed: [], missing: ["district"] };
    if (!same(district, region.district)) return fail(district, region.district);
    return ok(region.district);
  }
  return ok(region.city ?? region.province ?? "");
}
