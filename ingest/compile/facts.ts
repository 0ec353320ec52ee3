import { COMPILED_PREFIX, type FactDef, type FactType } from "../../core/facts/registry.js";
import { factNameProblem, LEADING_VERB } from "../../core/facts/wellformed.js";
import { condLabel, leaves } from "../../core/rules/conditions.js";
import type { Cond } from "../../core/rules/schema.js";

/** A fact as a clause names it: its phrase and the unit its numbers are written in. */
export interface FactSpec {
  phrase: string;
  type: FactType;
  /** Measure word of a count ("件", "人", "平方米"). */
  measure?: string;
  /** The values a category fact can take (国家级、省级、市级). */
  options?: string[];
}

const unitTag = (s: FactSpec): string =>
  s.type === "money" ? "元" : s.type === "usd" ? "美元" : s.type === "percent" ? "%" : s.type === "boolean" ? "是否" : s.type === "text" ? "类别" : s.type === "years" ? "年" : s.type === "months" ? "月" : (s.measure ?? "个");

/** The fact's key: the same phrase and unit in any document is the same fact. */
export const keyOf = (s: FactSpec): string => `${COMPILED_PREFIX}${s.phrase}:${unitTag(s)}`;

const STATEMENT = /^(?:无|没有|未|不|已|正在|拥有|具有|具备|属于|获得|取得|通过|进入|纳入|列入|入选|开展|设立|建立|参与|被|在|落户|应用|开发|维持|帮助|服务)/;

/** Follow-up questions are generated from the phrase and the unit, as the document words them. */
function question(s: FactSpec): string {
  switch (s.type) {
    case "money":
      return `${s.phrase}是多少（万元）？`;
    case "usd":
      return `${s.phrase}是多少（万美元）？`;
    case "percent":
      return `${s.phrase}是多少（%）？`;
    case "boolean":
      // A statement of what the applicant has or did reads as a question of its own: 贵单位是否拥有…？
      return STATEMENT.test(s.phrase) ? `贵单位是否${s.phrase.replace(/^是/, "")}？` : `贵单位是否属于“${s.phrase}”？`;
    case "text":
      return `${s.phrase}属于哪一类（${(s.options ?? []).join("、")}）？`;
    case "years":
      return `${s.phrase}是几年？`;
    case "months":
      return `${s.phrase}是几个月？`;
    default:
      return `${s.phrase}有多少${s.measure ?? "个"}？`;
  }
}

export function defOf(s: FactSpec): FactDef {
  const q = question(s);
  return {
    key: keyOf(s),
    type: s.type,
    label: s.phrase,
    question: q,
    group: "条款事实",
    phrases: [s.phrase, ...(s.options ?? [])],
    compiled: true,
    ...(s.measure ? { unit: s.measure } : {}),
  };
}

/** Nouns a bare head ("利息", "房租") is said of, in the words before it: 贷款基准利率计算的利息 → 贷款利息. */
export const OBJECT_NOUNS = /贷款|融资|项目|设备|研发|场地|厂房|房屋|办公用房|产品|软件|技术|服务|合同|人才|员工|培训|专利|平台|算力/g;

/** Cuts that leave a noun phrase, tried in turn, each on the result of the one before. */
const CUTS: ((s: string) => string)[] = [
  // A closing bracket with no opening one, and what a cut left before it: "以上(科研机构…" → "科研机构…".
  (s) => s.replace(/^[^（(]*[)）]/, "").replace(/^[^（()）]*[（(](?=[^）)]*$)/, ""),
  // A boundary and a conjunction left from the figure before: "以上或年纳税额" → "年纳税额".
  (s) => s.replace(/^(?:及以上|以上|以下|以内)?(?:或者?|和|及|且|并(?!购)|、)/, ""),
  // Words left hanging at the end: "…金额给予不" → "…金额", "…年销售额首次" → "…年销售额".
  (s) => s.replace(/(?:给予|予以|按|的|不|各|已|之|首次)+$/, ""),
  // A place the applicant is registered in, before what it did: "在我市依法注册并获得…认定" → "获得…认定".
  (s) => s.replace(/^在[^，,]{1,16}?(?:注册|登记|设立|落户)[^，,并且]{0,12}(?:并|且|，|,)/, ""),
  // A place or field before what was done there: "在杭州市开展…" → "开展…", "在研发技术领域已取得…" → "已取得…".
  (s) => s.replace(/^在[^，,在]{1,12}?(?:省|市|区|县|境内|国内|领域|方面)(?=(?:开展|从事|进行|经营|已|拥有|具有|取得|获得)\p{Script=Han}{2})/u, ""),
  // The grant and its cap before the base: "规定给予不超过总投入" → "总投入".
  (s) => s.replace(/^(?:规定|给予|予以|按照?|不超过|不高于|最高|最多|可|的)+/, ""),
  // A leading verb: "带动指定低收入农户年增收" → "指定低收入农户年增收".
  (s) => s.replace(LEADING_VERB, ""),
  // A long modifier ending in 的: the noun after the last 的, with the object it is said of when short.
  (s) => {
    const k = s.lastIndexOf("的");
    if (k < 0) return s;
    const head = s.slice(k + 1);
    if ((head.match(/\p{Script=Han}/gu)?.length ?? 0) >= 3) return head;
    const objects = [...s.slice(0, k).matchAll(OBJECT_NOUNS)];
    return objects.length ? `${objects.at(-1)![0]}${head}` : head;
  },
];

/**
 * A fact named by a fragment gets a noun phrase cut from its own words, or none: the provision then
 * goes quote-only rather than ask nonsense. A well-formed name is kept as it is.
 */
export function wellNamed(s: FactSpec, quote = ""): { spec: FactSpec } | { problem: string } {
  const problem = factNameProblem(s.phrase, s.type);
  if (!problem) return { spec: s };
  // A count named by its verb ("设立50个以上新电商统计监测点的"): the things counted, named after the figure.
  if (s.type === "count" && quote) {
    const esc = s.phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = new RegExp(`${esc}\\s*[\\d.]+\\s*${s.measure ?? ""}(?:及以上|以上)?(\\p{Script=Han}{3,16}?)(?=的|[，,。；;]|$)`, "u").exec(quote);
    if (m && !factNameProblem(m[1], s.type)) return { spec: { ...s, phrase: m[1] } };
  }
  // A count named only by what it counts ("户数" of 每户1万元): the units the applicant applies for.
  if (s.type === "count" && s.measure && s.phrase === `${s.measure}数`) return { spec: { ...s, phrase: `申报${s.phrase}` } };
  // So is a span named only by its unit ("每月给予10万元": the months applied for).
  if ((s.type === "months" && s.phrase === "月数") || (s.type === "years" && s.phrase === "年数")) return { spec: { ...s, phrase: `申报${s.phrase}` } };
  let p = s.phrase;
  // Statements keep the words before their last 的: "…拥有…的所有权" is not "所有权".
  const cuts = s.type === "boolean" || s.type === "text" ? CUTS.slice(0, -1) : CUTS;
  for (const cut of cuts) {
    const next = cut(p);
    if (next === p || !next) continue;
    p = next;
    if (!factNameProblem(p, s.type)) return { spec: { ...s, phrase: p } };
  }
  return { problem: `事实名称“${s.phrase}”${problem}，条款只引原文` };
}

/**
 * Every fact a rule names, well named: renamed in the rule where a better name was cut from its own
 * words. A statement that cannot be named is not asked: its condition is told as a note instead
 * (an alternative it belongs to with it, so no alternative is lost). A figure that cannot be named
 * leaves the reasons the rule cannot ask for it. `known` facts (hand-written) keep their names.
 */
export function nameFacts<T extends { conditions?: Cond | undefined; notes?: { text: string }[]; quote?: string }>(
  input: T,
  specs: readonly FactSpec[],
  known: (s: FactSpec) => string | undefined = () => undefined,
): { value: T; specs: FactSpec[]; problems: string[] } {
  const rename = new Map<string, string>();
  const out: FactSpec[] = [];
  const problems: string[] = [];
  const unnamed = new Map<string, string>();
  for (const f of specs) {
    if (known(f)) {
      out.push(f);
      continue;
    }
    const r = wellNamed(f, typeof (input as { quote?: unknown }).quote === "string" ? (input as { quote: string }).quote : "");
    if ("problem" in r) {
      unnamed.set(keyOf(f), r.problem);
      continue;
    }
    if (r.spec.phrase !== f.phrase) rename.set(keyOf(f), keyOf(r.spec));
    if (!out.some((x) => keyOf(x) === keyOf(r.spec))) out.push(r.spec);
  }
  let value = input;
  if (unnamed.size && input.conditions) {
    const told: string[] = [];
    const conditions = prune(input.conditions, (k) => unnamed.has(k), told);
    value = { ...input, conditions, notes: [...(input.notes ?? []), ...told.map((text) => ({ text: `申请时须满足（未计入测算）：${text}` }))] };
  }
  // A fact the rule still reads (its formula, or a condition that could not be told apart) it cannot ask for.
  const left = JSON.stringify({ ...value, notes: undefined, quote: undefined });
  for (const [key, problem] of unnamed) if (left.includes(JSON.stringify(key))) problems.push(problem);
  if (!rename.size) return { value, specs: out, problems };
  return { value: JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === "string" && rename.has(v) ? rename.get(v) : v)) as T, specs: out, problems };
}

/** The condition without the leaves `drop` names (an `any` that holds one goes whole); what was taken, as words, into `told`. */
function prune(c: Cond, drop: (key: string) => boolean, told: string[]): Cond | undefined {
  if ("fact" in c) {
    if (!drop(c.fact)) return c;
    told.push(c.label ?? condLabel(c));
    return undefined;
  }
  if ("any" in c) {
    if (!leaves(c).some((l) => drop(l.fact))) return c;
    told.push(c.label ?? condLabel(c));
    return undefined;
  }
  const kept = c.all.map((x) => prune(x, drop, told)).filter((x): x is Cond => !!x);
  return kept.length === 0 ? undefined : kept.length === 1 && !c.label ? kept[0] : { ...c, all: kept };
}

const TYPE_OF_TAG: Record<string, FactType> = { 元: "money", 美元: "usd", "%": "percent", 是否: "boolean", 类别: "text", 年: "years", 月: "months" };

/** The spec a compiled key was made from ("c:设备购置额:元" → 设备购置额, money): keyOf read backwards. */
export function specOfKey(key: string): FactSpec | undefined {
  if (!key.startsWith(COMPILED_PREFIX)) return undefined;
  const at = key.lastIndexOf(":");
  const phrase = key.slice(COMPILED_PREFIX.length, at);
  const tag = key.slice(at + 1);
  if (at <= COMPILED_PREFIX.length || !phrase || !tag) return undefined;
  const type = TYPE_OF_TAG[tag] ?? "count";
  return { phrase, type, ...(type === "count" ? { measure: tag } : {}) };
}

/**
 * Definitions for clause-named facts ("c:…") that rules of corpus/rules use and the compiler did not
 * mint (a reviewed rule's new fact, named on /admin by a phrase of its clause and a unit).
 */
export function defsForKeys(keys: Iterable<string>, known: (key: string) => boolean): FactDef[] {
  const out = new Map<string, FactDef>();
  for (const k of keys) {
    if (known(k) || out.has(k)) continue;
    const spec = specOfKey(k);
    if (spec) out.set(k, defOf(spec));
  }
  return [...out.values()];
}
