import { z } from "zod";

/** A place as far as it is known: a province, a city in it, a district in that. */
export const Place = z.object({
  province: z.string().optional(),
  city: z.string().optional(),
  district: z.string().optional(),
});
export type Place = z.infer<typeof Place>;

const LEVELS = ["province", "city", "district"] as const;

/** A name without its administrative suffix, so that 杭州 and 杭州市 are the same place. */
export const bareName = (s: string): string => s.trim().replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, "");
// Place checks run per mention against every other mention: the common cases (equal, or plainly
// different) must not cost a regular expression.
const bareMemo = new Map<string, string>();
const bareOf = (s: string): string => {
  let b = bareMemo.get(s);
  if (b === undefined) {
    if (bareMemo.size > 50_000) bareMemo.clear(); // names come from user text too: keep the memo bounded
    bareMemo.set(s, (b = bareName(s)));
  }
  return b;
};
export const sameName = (a: string, b: string): boolean => a === b || bareOf(a) === bareOf(b);

const levelWithin = (child: string | undefined, parent: string | undefined) => parent === undefined || (child !== undefined && sameName(child, parent));
const levelAgrees = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || sameName(a, b);

/** Whether `child` lies inside `parent` or is it: every level the parent names, the child names the same. */
export function within(child: Place, parent: Place): boolean {
  return levelWithin(child.province, parent.province) && levelWithin(child.city, parent.city) && levelWithin(child.district, parent.district);
}

/** Whether one place contains the other: no level both name differs. */
export function overlaps(a: Place, b: Place): boolean {
  return levelAgrees(a.province, b.province) && levelAgrees(a.city, b.city) && levelAgrees(a.district, b.district);
}

/** Whether the place, at any of its levels, is the one named. */
export const named = (p: Place, name: string): boolean => LEVELS.some((l) => p[l] !== undefined && sameName(p[l]!, name));
