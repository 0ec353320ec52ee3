/**
 * Regenerates ingest/loaders/pdf-glyphs.json: which code points a PDF printed
 * by Chromium with the Noto CJK fonts reports for glyphs it shares between
 * code points (⼀ U+2F00 for 一, ⼾ for 户 …). Every GB2312 and GBK character is
 * printed with headless Chromium, read back with pdf.js, and compared.
 * Run: npx tsx scripts/pdf-glyph-table.ts (needs /usr/bin/chromium, fonts-noto-cjk).
 */
import iconv from "iconv-lite";
import { writeFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { printToPdf } from "../test/helpers/formats.js";
function charsOf(enc: "gb2312" | "gbk"): string[] {
  const out: string[] = [];
  const [his, los] = enc === "gb2312" ? [[0xa1, 0xf7], [0xa1, 0xfe]] : [[0x81, 0xfe], [0x40, 0xfe]];
  for (let hi = his[0]; hi <= his[1]; hi++) for (let lo = los[0]; lo <= los[1]; lo++) {
    if (lo === 0x7f) continue;
    const c = iconv.decode(Buffer.from([hi, lo]), enc);
    if (c.length === 1 && c !== "\ufffd" && c.trim() && c.charCodeAt(0) > 0x7f && !(c.charCodeAt(0) >= 0xe000 && c.charCodeAt(0) <= 0xf8ff)) out.push(c);
  }
  return out;
}
async function table(fam: string, chars: string[]): Promise<Map<string, string>> {
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += 30) lines.push(chars.slice(i, i + 30).join(""));
  const html = `<!doctype html><meta charset=utf-8><style>body{font-family:"${fam}";font-size:12pt}p{margin:0}</style>${lines.map((l) => `<p>${l.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`).join("")}`;
  const pdf = await printToPdf(html);
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pageLines: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const tc = await (await doc.getPage(n)).getTextContent();
    const items = (tc.items as any[]).filter((i) => "str" in i && i.transform[3] > 10);
    // group by y
    const byY = new Map<number, any[]>();
    for (const it of items) { const y = Math.round(it.transform[5]); byY.set(y, [...(byY.get(y) ?? []), it]); }
    for (const y of [...byY.keys()].sort((a, b) => b - a)) pageLines.push(byY.get(y)!.sort((a, b) => a.transform[4] - b.transform[4]).map((i) => i.str).join("").replace(/\s/g, ""));
  }
  const map = new Map<string, string>();
  if (pageLines.length !== lines.length) console.error(fam, "line count", pageLines.length, lines.length);
  lines.forEach((l, k) => {
    const w = [...l], g = [...(pageLines[k] ?? "")];
    if (w.length !== g.length) { console.error("len mismatch line", k, l, pageLines[k]); return; }
    w.forEach((c, i) => { if (c !== g[i] && !map.has(g[i])) map.set(g[i], c); });
  });
  return map;
}
const gb = charsOf("gb2312");
const gbSet = new Set(gb);
const extra = charsOf("gbk").filter((c) => !gbSet.has(c));
const all = new Map<string, string>();
for (const fam of ["Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans Mono CJK SC"]) {
  for (const set of [gb, extra]) for (const [k, v] of await table(fam, set)) if (!all.has(k)) all.set(k, v);
}
console.log(all.size);
writeFileSync(new URL("../ingest/loaders/pdf-glyphs.json", import.meta.url), JSON.stringify(Object.fromEntries([...all].sort()), null, 0).replace(/,"/g, ",\n\"") + "\n");
