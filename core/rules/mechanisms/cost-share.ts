import { z } from "zod";
import { pct, pending, Percent, type Mechanism, type RuleNumber } from "./kit.js";

/** 萧山区、余杭区、临安区及各县(市)属地75%、市25%，其他区各50% — who pays, by district. */
export const schema = z
  .object({
    kind: z.literal("costShare"),
    shares: z.array(z.object({ districts: z.array(z.string()), counties: z.boolean().default(false), local: Percent, upper: Percent }).strict()).min(1),
    otherwise: z.object({ local: Percent, upper: Percent }).strict(),
  })
  .strict();
export type CostShare = z.infer<typeof schema>;

/** Which share applies to a district: named districts, county-level units (县, county-level 市), or the rest. */
export function shareFor(f: CostShare, district: string): { local: number; upper: number } {
  const bare = (s: string) => s.trim().replace(/(区|县|市)$/, "");
  for (const s of f.shares) {
    if (s.districts.some((d) => bare(d) === bare(district))) return s;
    if (s.counties && /[县市]$/.test(district.trim())) return s;
  }
  return f.otherwise;
}

export const costShare: Mechanism<CostShare> = {
  compute(f, p) {
    const district = typeof p.district === "string" && p.district.trim() ? p.district.trim() : undefined;
    const all = [
      ...f.shares.map((s) => `${[...s.districts, ...(s.counties ? ["各县（市）"] : [])].join("、")}：属地财政承担${s.local}%，市财政承担${s.upper}%`),
      `其他区：属地财政承担${f.otherwise.local}%，市财政承担${f.otherwise.upper}%`,
    ];
    if (!district) return pending(["district"], { text: all.join("；"), basis: "资金分担", trace: all });
    const s = shareFor(f, district);
    return { missing: [], amount: { text: `${district}：属地财政承担${s.local}%，市财政承担${s.upper}%`, basis: "资金分担", trace: all } };
  },
  numbers(f) {
    const out: RuleNumber[] = [];
    f.shares.forEach((s, i) => {
      pct(out, `shares[${i}].local`, s.local);
      pct(out, `shares[${i}].upper`, s.upper);
    });
    pct(out, "otherwise.local", f.otherwise.local);
    pct(out, "otherwise.upper", f.otherwise.upper);
    return out;
  },
  // The district is the asker's place, read by region logic, not a fact the formula asks about.
  facts: () => [],
};
