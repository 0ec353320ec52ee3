/**
 * npm run vocab:check [-- --list] [-- --max N]: how many code lines in server/ and core/ name a specific place,
 * policy or programme (the words of corpus/vocab/policy-words.yaml), comments and tests beside the
 * code (*.test.ts) excluded.
 * Prints the count as the last line; exits 1 when it exceeds --max.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { namingLines } from "./vocab-lines.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const maxAt = args.indexOf("--max");
const max = maxAt >= 0 ? Number(args[maxAt + 1]) : Infinity;

const doc = parseYaml(readFileSync(join(root, "corpus/vocab/policy-words.yaml"), "utf8")) as Record<string, unknown>;
const words = [...new Set(Object.values(doc ?? {}).flatMap((v) => (Array.isArray(v) ? v.filter((w): w is string => typeof w === "string" && w.length > 0) : [])))];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.(?:ts|mts|mjs|js)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []));

let total = 0;
const perFile: [string, number][] = [];
// core/ holds the rules, facts and text utilities the server runs on, so it is held to the same bar.
for (const f of [...files(join(root, "core")), ...files(join(root, "server"))].sort()) {
  const hits = namingLines(readFileSync(f, "utf8"), words, f);
  if (!hits.length) continue;
  const rel = relative(root, f);
  total += hits.length;
  perFile.push([rel, hits.length]);
  if (args.includes("--list")) for (const h of hits) console.log(`${rel}:${h.line}  [${h.words.join(",")}]  ${h.text.slice(0, 100)}`);
}
for (const [f, n] of perFile) console.log(`${String(n).padStart(4)}  ${f}`);
console.log(`server/ 与 core/ 中点名具体地区、政策或项目的代码行：${total}`);
if (total > max) {
  console.error(`超过上限 ${max}`);
  process.exit(1);
}
