import { findRegions, primaryRegion } from "../core/places/regions.js";
import type { RegionResolver } from "./meta.js";

/** A document's region from its title or issuer, resolved against the national division dataset. */
export function defaultRegionResolver(): RegionResolver {
  return (text) => {
    const r = primaryRegion(findRegions(text));
    if (!r) return undefined;
    return { ...(r.province ? { province: r.province } : {}), ...(r.city ? { city: r.city } : {}), ...(r.district ? { district: r.district } : {}) };
  };
}
