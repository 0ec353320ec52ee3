/**
 * npx tsx scripts/check-meta.ts [DIR…]: reads every document of the development corpora with the
 * project's own pipeline (loadFile → parseFile with the default region resolver) and prints, per
 * document: region (with its level), validity, title, and how many clause labels are used more than
 * once. The expected regions come from the corpora's README tables (a careful reader's answer);
 * the last lines count regions right, local documents marked national, and duplicate labels.
 *
 * Defaults to /work/shared/dev-corpus and /work/shared/dev-corpus-2 (development data only: no
 * test reads them). `--json` prints one JSON object per document instead of the table.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { loadFile } from "../ingest/load.js";
import { parseFile } from "../ingest/pipeline.js";
import { defaultRegionResolver } from "../ingest/regions.js";
import type { Region } from "../core/corpus/schema.js";

interface Expected {
  province?: string;
  city?: string;
  district?: string;
  national?: boolean;
  /** A district a reader would also accept (a park inside it, a city-level document for it). */
  alsoDistrict?: string;
}

const LN = "辽宁省";
const GD = "广东省";
const ZJ = "浙江省";
const SD = "山东省";
/** From the README tables of the two corpora, keyed by the file's number and corpus. */
const EXPECTED: Record<string, Expected> = {
  "dev-corpus/01": { province: LN, city: "大连市", district: "甘井子区" },
  "dev-corpus/02": { province: LN, city: "大连市", district: "甘井子区" },
  "dev-corpus/03": { province: LN, city: "大连市", district: "甘井子区" },
  "dev-corpus/04": { province: LN, city: "大连市" },
  "dev-corpus/05": { province: LN, city: "大连市" },
  "dev-corpus/06": { province: LN, city: "大连市" },
  "dev-corpus/07": { province: LN, city: "大连市" },
  "dev-corpus/08": { province: LN },
  "dev-corpus/09": { province: LN },
  "dev-corpus/10": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus/11": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus/12": { province: GD, city: "东莞市" },
  "dev-corpus/13": { province: ZJ, city: "温州市", district: "鹿城区" },
  "dev-corpus/14": { province: ZJ, city: "温州市", district: "鹿城区" },
  "dev-corpus/15": { province: ZJ, city: "温州市", district: "鹿城区" },
  "dev-corpus-2/02": { national: true },
  // 山西转型综合改革示范区: a development zone of the province (around 太原), named by no division.
  "dev-corpus-2/04": { province: "山西省" },
  "dev-corpus-2/06": { province: "山西省" },
  "dev-corpus-2/07": { province: "海南省" },
  "dev-corpus-2/08": { province: GD, city: "广州市", district: "天河区" },
  "dev-corpus-2/09": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus-2/10": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus-2/11": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus-2/12": { province: GD, city: "广州市", district: "南沙区" },
  "dev-corpus-2/14": { province: GD, city: "东莞市" },
  "dev-corpus-2/17": { province: ZJ, city: "温州市", district: "鹿城区" },
  "dev-corpus-2/19": { province: "上海市", city: "上海市", district: "徐汇区" },
  "dev-corpus-2/20": { province: "上海市", city: "上海市", district: "徐汇区" },
  "dev-corpus-2/22": { province: "上海市", city: "上海市", district: "徐汇区" },
  "dev-corpus-2/23": { province: SD, city: "济南市" },
  "dev-corpus-2/25": { province: SD, city: "济南市" },
  "dev-corpus-2/26": { province: SD, city: "济南市" },
  "dev-corpus-2/27": { province: SD, city: "青岛市", alsoDistrict: "崂山区" },
  "dev-corpus-2/28": { province: SD, city: "青岛市", alsoDistrict: "崂山区" },
  "dev-corpus-2/29": { province: SD, city: "青岛市" },
  "dev-corpus-2/31": { province: "江西省" },
};

function regionRight(r: Region, e: Expected | undefined): boolean | undefined {
  if (!e) return undefined;
  if (e.national) return r.level === "national";
  if (r.level === "national" || r.level === ("unknown" as Region["level"])) return false;
  if (r.province !== e.province) return false;
  if ((r.city ?? undefined) !== (e.city ?? (r.city === e.province ? r.city : undefined))) return false;
  if (e.district) return r.district === e.district;
  return !r.district || r.district === e.alsoDistrict;
}

const showRegion = (r: Region) => `${r.level}:${[r.province, r.city !== r.province ? r.city : undefined, r.district].filter(Boolean).join("/") || "-"}`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const dirs = args.filter((a) => !a.startsWith("--"));
  const roots = dirs.length ? dirs : ["/work/shared/dev-corpus", "/work/shared/dev-corpus-2"];
  const resolve = defaultRegionResolver();
  let docs = 0;
  let right = 0;
  let scored = 0;
  let nationalWrongly = 0;
  let dupTotal = 0;
  let docsWithDup = 0;
  let noPeriod = 0;
  for (const dir of roots) {
    if (!existsSync(dir)) {
      console.error(`没有目录 ${dir}`);
      continue;
    }
    const corpus = basename(dir);
    const files = readdirSync(dir).filter((f) => /\.(txt|md|html?|pdf|docx)$/i.test(f) && !/^README/i.test(f)).sort();
    for (const f of files) {
      const source = await loadFile(dir, join(dir, f));
      const parsed = parseFile(source, resolve);
      const exp = EXPECTED[`${corpus}/${f.slice(0, 2)}`];
      for (const d of parsed.docs) {
        docs++;
        const labels = new Map<string, number>();
        for (const c of parsed.clauses) if (c.docId === d.id) labels.set(c.article, (labels.get(c.article) ?? 0) + 1);
        const dups = [...labels.values()].reduce((s, n) => s + (n > 1 ? n - 1 : 0), 0);
        const dupLabels = [...labels].filter(([, n]) => n > 1).map(([l, n]) => `${l}×${n}`);
        const ok = parsed.docs.length === 1 ? regionRight(d.region, exp) : undefined;
        if (ok !== undefined) {
          scored++;
          if (ok) right++;
        }
        if (exp && !exp.national && d.region.level === "national") nationalWrongly++;
        dupTotal += dups;
        if (dups) docsWithDup++;
        if (!d.validFrom && !d.validTo) noPeriod++;
        const row = {
          file: `${corpus}/${f}`,
          region: showRegion(d.region),
          ok,
          validity: `${d.validFrom ?? "?"}~${d.validTo ?? "?"}`,
          title: d.title,
          dups,
          ...(dupLabels.length ? { dupLabels: dupLabels.slice(0, 8) } : {}),
        };
        if (json) console.log(JSON.stringify({ ...row, meta: d }));
        else
          console.log(
            `${ok === undefined ? " " : ok ? "✓" : "✗"} ${row.file.slice(0, 40).padEnd(40)} ${row.region.padEnd(24)} ${row.validity.padEnd(23)} dup=${String(dups).padEnd(3)} ${d.title.slice(0, 40)}${dupLabels.length ? `  [${dupLabels.slice(0, 6).join(" ")}]` : ""}`,
          );
      }
    }
  }
  console.log(`documents ${docs}; no period ${noPeriod}; documents with duplicate labels ${docsWithDup}`);
  console.log(`region right ${right}/${scored}; national wrongly ${nationalWrongly}; duplicate labels ${dupTotal}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
