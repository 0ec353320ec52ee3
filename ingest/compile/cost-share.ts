import type { Formula } from "../../core/rules/schema.js";
import { parts, type Span } from "./segments.js";

/**
 * 分担比例: "萧山区、余杭区及各县(市)资金由属地财政承担75%、市财政承担25%,其他区资金由市与区财政各承担50%"
 * — who pays an award, by district. Pure; a sentence that does not name both a district group and
 * the rest gives `undefined` (the mechanism needs both).
 */
type Share = { local: number; upper: number };

const num = (s: string) => Number(s);

function shareIn(t: string): Share | undefined {
  const each = /(?:市与区|区与市|市、区|市和区|市区)(?:两级)?(?:财政)?各(?:自)?(?:承担|负担|分担)(\d+(?:\.\d+)?)%/.exec(t);
  if (each) return { local: num(each[1]), upper: num(each[1]) };
  const ratio = /(?:市、区|市与区|市区)两级(?:财政)?按(?:照)?(\d+(?:\.\d+)?)\s*[:：比]\s*(\d+(?:\.\d+)?)/.exec(t);
  if (ratio) return { upper: num(ratio[1]), local: num(ratio[2]) };
  const local = /(?:属地|区|县|区县)(?:级)?财政(?:承担|负担|分担)(\d+(?:\.\d+)?)%/.exec(t);
  const upper = /市(?:级)?财政(?:承担|负担|分担)(\d+(?:\.\d+)?)%/.exec(t);
  if (local && upper && num(local[1]) + num(upper[1]) === 100) return { local: num(local[1]), upper: num(upper[1]) };
  return undefined;
}

export function costShareOf(n: string, span: Span): Extract<Formula, { kind: "costShare" }> | undefined {
  const shares: { districts: string[]; counties: boolean; local: number; upper: number }[] = [];
  let otherwise: Share | undefined;
  const ps = parts(n, span);
  for (let i = 0; i < ps.length; i++) {
    let t = n.slice(ps[i].start, ps[i].end).replace(/^(?:其中|此外|另外)/, "");
    // "属地财政承担75%、市财政承担25%" may run over a comma.
    if (!shareIn(t) && i + 1 < ps.length) t += `，${n.slice(ps[i + 1].start, ps[i + 1].end)}`;
    const s = shareIn(t);
    if (!s) continue;
    const who = /^(.*?)(?:的)?(?:资金|奖补资金|扶持资金|补助资金)?由/.exec(t)?.[1] ?? "";
    if (/^其他(?:区|区县|县区|地区)?$/.test(who.replace(/资金$/, ""))) {
      otherwise = s;
      continue;
    }
    const items = who.split(/[、及和与]/).map((x) => x.trim()).filter(Boolean);
    if (!items.length) continue;
    const counties = items.some((x) => /^各县[(（]?(?:市|区)?[)）]?$|^各县(?:市|区)$/.test(x));
    const districts = items.filter((x) => !/^各县/.test(x));
    if (!districts.every((d) => /^\p{Script=Han}{1,8}[区县市]$/u.test(d))) return undefined;
    shares.push({ districts, counties, ...s });
  }
  if (!shares.length || !otherwise) return undefined;
  return { kind: "costShare", shares, otherwise };
}
