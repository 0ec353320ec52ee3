import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";

/**
 * corpus/vocab of this checkout: the reviewed vocabulary ships with the code, whatever CORPUS_DIR
 * is (a government's own corpus has documents, not our word lists).
 */
export const VOCAB_DIR = fileURLToPath(new URL("../corpus/vocab/", import.meta.url));

/** A malformed vocabulary file stops the process at start-up with a message that says where. */
export class VocabError extends Error {}

const where = (path: readonly PropertyKey[]) => (path.length ? path.map((p) => (typeof p === "number" ? `第${p + 1}项` : String(p))).join(" → ") : "文件顶层");

function message(i: z.core.$ZodIssue): string {
  if (i.code === "unrecognized_keys") return `未知的字段 ${i.keys.join("、")}（拼写有误？）`;
  // A bad record key carries its own issues: say what the key should look like.
  if (i.code === "invalid_key") return i.issues[0]?.message ?? "键不合法";
  return i.message;
}

/** Read and validate one vocabulary file (`name` inside VOCAB_DIR, or an absolute path). */
export function readVocab<S extends z.ZodType>(name: string, schema: S): z.infer<S> {
  const file = name.startsWith("/") ? name : `${VOCAB_DIR}${name}`;
  const shown = name.startsWith("/") ? name : `corpus/vocab/${name}`;
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (e) {
    throw new VocabError(`词表文件 ${shown} 无法读取或不是合法的 YAML：${(e as Error).message}`);
  }
  const r = schema.safeParse(doc);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => `${where(i.path)}：${message(i)}`);
  throw new VocabError(`词表文件 ${shown} 有误（${r.error.issues.length} 处）：\n  ${issues.join("\n  ")}`);
}
