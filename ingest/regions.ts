import type { RegionResolver } from "./meta.js";

/** Temporary resolver until the division dataset lands: recognises names with an explicit suffix. */
export function defaultRegionResolver(): RegionResolver {
  const known: Record<string, { province: string; city?: string; district?: string }> = {
    杭州: { province: "浙江省", city: "杭州市" },
    苏州: { province: "江苏省", city: "苏州市" },
    江苏: { province: "江苏省" },
    淄博: { province: "山东省", city: "淄博市" },
    东丽: { province: "天津市", city: "天津市", district: "东丽区" },
    中山: { province: "广东省", city: "中山市" },
  };
  return (text) => {
    for (const [k, v] of Object.entries(known)) if (text.includes(k)) return v;
    return undefined;
  };
}
