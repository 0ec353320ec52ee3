import type { Profile } from "../facts/registry.js";
import { describeValue, factLabel } from "./describe.js";
import type { Cond, Leaf } from "./schema.js";

/**
 * Three-valued evaluation of a rule's conditions: a fact the enterprise has
 * not stated is unknown, never 0 or false. `all` is false as soon as one part
 * is false, `any` true as soon as one part is true; otherwise unknown.
 */

export type Tri = boolean | undefined;

export interface CondResult {
  value: Tri;
  /** Conditions met, in Chinese. */
  met: string[];
  /** Conditions failed, with the enterprise's value beside the threshold. */
  failed: string[];
  /** Facts whose absence keeps the result unknown. */
  missing: string[];
}

export const TRUE: CondResult = { value: true, met: [], failed: [], missing: [] };

const isLeaf = (c: Cond): c is Leaf => "fact" in c;

/** A condition as it reads to a citizen. */
export function condLabel(c: Cond): string {
  if (isLeaf(c)) return c.label;
  if (c.label) return c.label;
  return "all" in c ? c.all.map(condLabel).join("，且") : c.any.map(condLabel).join("；或");
}

const norm = (s: string) => s.trim();

function compare(leaf: Leaf, actual: boolean | number | string): Tri {
  const v = leaf.value;
  switch (leaf.op) {
    case "eq":
      if (typeof v !== typeof actual) return undefined;
      return typeof v === "string" ? norm(v) === norm(actual as string) : v === actual;
    case "in":
    case "notIn": {
      if (typeof actual !== "string") return undefined;
      const list = (Array.isArray(v) ? v : [String(v)]).map(norm);
      const hit = list.includes(norm(actual));
      return leaf.op === "in" ? hit : !hit;
    }
    default: {
      if (typeof v !== "number" || typeof actual !== "number") return undefined;
      if (leaf.op === "gte") return actual >= v;
      if (leaf.op === "gt") return actual > v;
      if (leaf.op === "lte") return actual <= v;
      return actual < v;
    }
  }
}

/** The document's boundary word decides how a shortfall reads: 未突破 / 少于 / 低于. */
function shortfall(leaf: Leaf): string {
  const w = leaf.word ?? "";
  switch (leaf.op) {
    case "gte":
      return w.includes("达到") ? "未达到" : w.includes("不少于") ? "少于" : "低于";
    case "gt":
      return w.includes("突破") ? "未突破" : "未超过";
    case "lte":
      return "超过";
    default:
      return "不低于";
  }
}

function failText(leaf: Leaf, actual: boolean | number | string): string {
  const label = factLabel(leaf.fact);
  if (typeof actual === "boolean") return `未满足“${leaf.label}”`;
  if (leaf.op === "in" || leaf.op === "eq") return `${label}为${actual}，不属于${describeValue(leaf.fact, leaf.value as string | string[])}（需${leaf.label}）`;
  if (leaf.op === "notIn") return `${label}为${actual}，不在适用范围内（需${leaf.label}）`;
  return `${label}${describeValue(leaf.fact, actual)}，${shortfall(leaf)}${describeValue(leaf.fact, leaf.value as number)}（需${leaf.label}）`;
}

export function evalLeaf(leaf: Leaf, profile: Profile): CondResult {
  const actual = profile[leaf.fact];
  if (actual === undefined || actual === null) return { value: undefined, met: [], failed: [], missing: [leaf.fact] };
  const value = compare(leaf, actual);
  if (value === undefined) return { value: undefined, met: [], failed: [], missing: [leaf.fact] };
  if (!value) return { value: false, met: [], failed: [failText(leaf, actual)], missing: [] };
  const met = typeof actual === "boolean" ? leaf.label : `${leaf.label}（${factLabel(leaf.fact)}${describeValue(leaf.fact, actual)}）`;
  return { value: true, met: [met], failed: [], missing: [] };
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function allOf(parts: CondResult[]): CondResult {
  const value: Tri = parts.some((p) => p.value === false) ? false : parts.every((p) => p.value === true) ? true : undefined;
  return {
    value,
    met: parts.flatMap((p) => p.met),
    failed: parts.flatMap((p) => p.failed),
    missing: value === undefined ? uniq(parts.filter((p) => p.value === undefined).flatMap((p) => p.missing)) : [],
  };
}

/** `header` introduces the failures when every route fails ("须满足其一：…"). */
export function anyOf(parts: CondResult[], header?: string): CondResult {
  if (parts.some((p) => p.value === true)) {
    return { value: true, met: parts.filter((p) => p.value === true)[0].met, failed: [], missing: [] };
  }
  if (parts.every((p) => p.value === false)) {
    return { value: false, met: [], failed: [...(header ? [header] : []), ...parts.flatMap((p) => p.failed)], missing: [] };
  }
  return { value: undefined, met: [], failed: [], missing: uniq(parts.filter((p) => p.value === undefined).flatMap((p) => p.missing)) };
}

export function evalCond(cond: Cond, profile: Profile): CondResult {
  if (isLeaf(cond)) return evalLeaf(cond, profile);
  if ("all" in cond) return allOf(cond.all.map((c) => evalCond(c, profile)));
  return anyOf(
    cond.any.map((c) => evalCond(c, profile)),
    `${cond.label ? `${cond.label}：` : ""}以下条件须满足其一，均未满足：${cond.any.map(condLabel).join("；或")}`,
  );
}

/** Every leaf of a condition tree, in order. */
export function leaves(cond: Cond): Leaf[] {
  if (isLeaf(cond)) return [cond];
  return ("all" in cond ? cond.all : cond.any).flatMap(leaves);
}
