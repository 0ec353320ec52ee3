import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const CORPUS = fileURLToPath(new URL("../../corpus/", import.meta.url));

/** A scratch corpus for admin tests: the Hangzhou policy with its rules, and the dictionaries. */
export function scratchCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), "zct-admin-"));
  const corpus = join(dir, "corpus");
  mkdirSync(join(corpus, "docs"), { recursive: true });
  mkdirSync(join(corpus, "rules"));
  cpSync(join(CORPUS, "docs", "hangzhou-new-ecommerce-2022.txt"), join(corpus, "docs", "hangzhou-new-ecommerce-2022.txt"));
  cpSync(join(CORPUS, "rules", "hangzhou-new-ecommerce-2022.yaml"), join(corpus, "rules", "hangzhou-new-ecommerce-2022.yaml"));
  for (const f of ["userdict.txt", "stopwords.txt"]) cpSync(join(CORPUS, f), join(corpus, f));
  return dir;
}

/** Every file under `dir` with its bytes, to show that a refused call changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p).toString("base64");
    }
  };
  walk(dir);
  return out;
}
