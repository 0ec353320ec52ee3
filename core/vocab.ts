import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

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

// ---------------------------------------------------------------------------
// Pattern syntax: regex source with {W} (one character inside the clause) and {W:n} (up to n, lazy).

/** Not a clause break: stays inside the phrase. */
const W = "[^，,。；;！？!?\\n]";

export const expandPattern = (p: string): string => p.replace(/\{W:(\d+)\}/g, (_, n: string) => `${W}{0,${n}}?`).replace(/\{W\}/g, W);

const QUANTIFIER = /[*+?]|\{(\d+)(?:,(\d*))?\}/y;

/**
 * Why a regex source could backtrack without bound, if it can: a group repeated more than once
 * (`*`, `+`, `{n,m}` with m > 1) that itself contains a quantifier, as in (?:a+)+ or (?:a{0,4})*.
 */

export function unboundedReason(src: string): string | undefined {
  const open: { start: number; quantified: boolean }[] = [];
  // The atom a quantifier would apply to, when it is a group: where it starts and whether it holds a quantifier.
  let group: { start: number; quantified: boolean } | undefined;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inClass) {
      if (c === "\\") i++;
      else if (c === "]") inClass = false;
      continue;
    }
    QUANTIFIER.lastIndex = i;
    const q = QUANTIFIER.exec(src);
    if (q) {
      const many = q[0] === "*" || q[0] === "+" || (q[1] !== undefined && (q[0].includes(",") ? q[2] === "" || Number(q[2]) > 1 : Number(q[1]) > 1));
      if (group?.quantified && many) return `括号内已有量词的组又被重复：${src.slice(group.start, i + q[0].length)}`;
      if (open.length) open[open.length - 1].quantified = true;
      i += q[0].length - 1;
      if (src[i + 1] === "?") i++; // lazy
      group = undefined;
      continue;
    }
    group = undefined;
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "(") {
      open.push({ start: i, quantified: false });
      if (src[i + 1] === "?") i += src[i + 2] === "<" && (src[i + 3] === "=" || src[i + 3] === "!") ? 3 : 2;
    } else if (c === ")") {
      group = open.pop();
      if (group?.quantified && open.length) open[open.length - 1].quantified = true;
    }
  }
  return undefined;
}

/** A pattern in vocabulary data: one regex source or a list of alternatives, placeholders expanded, checked bounded. */
export const PatternSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: "pattern 应为正则文字，或正则文字的列表" }).transform((p, ctx) => {
  const src = (Array.isArray(p) ? p : [p]).map(expandPattern).join("|");
  const why = unboundedReason(src);
  if (why) {
    ctx.addIssue({ code: "custom", message: `模式可能回溯失控：${why}` });
    return z.NEVER;
  }
  try {
    return new RegExp(src);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `正则无法编译：${(e as Error).message}` });
    return z.NEVER;
  }
});
