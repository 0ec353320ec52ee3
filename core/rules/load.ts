import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { RuleFile, type Rule } from "./schema.js";

/** corpus/rules of this checkout, independent of the working directory. */
export const DEFAULT_RULES_DIR = fileURLToPath(new URL("../../corpus/rules/", import.meta.url));

export class RuleLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`规则加载失败 / rule load failed:\n  - ${problems.join("\n  - ")}`);
  }
}

/** Name the rule a zod issue is about, so an author can find it in a long file. */
function describeIssue(doc: unknown, path: PropertyKey[], message: string): string {
  const rules = (doc as { rules?: unknown[] } | null)?.rules;
  let where = path.map(String).join(".");
  if (path[0] === "rules" && typeof path[1] === "number" && Array.isArray(rules)) {
    const id = (rules[path[1]] as { id?: unknown } | undefined)?.id;
    where = `规则 ${typeof id === "string" ? id : `#${path[1]}`}：${path.slice(2).map(String).join(".") || "(rule)"}`;
  }
  return `${where}：${message}`;
}

/** Parse and validate one YAML file's text; `name` is used in error messages. */
export function parseRuleFile(text: string, name: string): Rule[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new RuleLoadError([`${name}：YAML 解析错误 / YAML syntax error: ${(e as Error).message}`]);
  }
  const parsed = RuleFile.safeParse(doc);
  if (!parsed.success) {
    throw new RuleLoadError(parsed.error.issues.map((i) => `${name}：${describeIssue(doc, i.path, i.message)}`));
  }
  return parsed.data.rules;
}

/** Every rule in `dir/*.yaml`, validated; duplicate ids and dangling references are refused. */
export function loadRules(dir: string = DEFAULT_RULES_DIR): Rule[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const problems: string[] = [];
  const rules: Rule[] = [];
  const fileOf = new Map<string, string>();
  for (const f of files) {
    let fileRules: Rule[];
    try {
      fileRules = parseRuleFile(readFileSync(join(dir, f), "utf8"), basename(f));
    } catch (e) {
      if (e instanceof RuleLoadError) {
        problems.push(...e.problems);
        continue;
      }
      throw e;
    }
    for (const r of fileRules) {
      const prior = fileOf.get(r.id);
      if (prior) problems.push(`${f}：规则 ${r.id}：编号重复（已见于 ${prior}）/ duplicate rule id`);
      else fileOf.set(r.id, f);
      rules.push(r);
    }
  }
  for (const r of rules) {
    for (const ref of [...r.general, ...r.requires]) {
      if (!fileOf.has(ref)) problems.push(`${fileOf.get(r.id)}：规则 ${r.id}：引用的规则 ${ref} 不存在 / unknown referenced rule`);
    }
  }
  if (problems.length) throw new RuleLoadError(problems);
  return rules;
}
