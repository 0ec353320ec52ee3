import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { compileCorpus, type CompileResult } from "../../ingest/compile/index.js";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { registerFacts, type Profile } from "../../core/facts/registry.js";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import type { Match } from "../../core/rules/match.js";
import { checkRule } from "../../core/rules/provenance.js";
import type { Formula, Rule } from "../../core/rules/schema.js";

/**
 * Compiling one clause of text, as ingest does, and evaluating what came out
 * with the real engine. The document is national so that no region condition
 * stands between a profile and its amount.
 */

export const DOC: DocMeta = {
  id: "shape-doc",
  title: "条款形态测试文件",
  region: { level: "national" },
  kind: "办法",
  sourceFile: "shape-doc.txt",
  sourceStart: 0,
  sourceEnd: 0,
};

export function clauseOf(text: string, article = "第一条", docId = DOC.id): Clause {
  return { id: `${docId}:${article}`, docId, article, headings: [], text, start: 0, end: text.length, childIds: [], depth: 0 };
}

export interface Compiled extends CompileResult {
  clause: Clause;
}

/**
 * One clause through the compiler. Whatever it compiles must already hold what
 * ingest holds every rule to: origin compiled, quote verbatim, every number in the quote.
 */
export function compileText(text: string): Compiled {
  const clause = clauseOf(text);
  const out = compileCorpus([DOC], [clause]);
  registerFacts(out.facts);
  for (const r of out.rules) {
    expect(r.origin).toBe("compiled");
    expect(checkRule(r, clause.text), r.quote).toEqual([]);
  }
  expect(out.report.refused).toEqual([]);
  return { ...out, clause };
}

export const moneyRules = (c: CompileResult): Rule[] => c.rules.filter((r) => r.amount.kind !== "qualification");

export function evaluate(rule: Rule, profile: Profile): Match {
  return evaluateRule(rule, profile, makeContext([rule], [DOC], "2026-01-01"));
}

/** The amount a citizen with this profile is told they can get; the rule must hold for them. */
export function yuanFor(rule: Rule, profile: Profile): number | undefined {
  const m = evaluate(rule, profile);
  expect(m.status, `${JSON.stringify(profile)} → ${m.failed.join("；")}${m.missing.join("、")}`).toBe("eligible");
  return m.amount?.yuan;
}

export const statusFor = (rule: Rule, profile: Profile): Match["status"] => evaluate(rule, profile).status;

/** The rule's formula, narrowed to the kind the test expects. */
export function formula<K extends Formula["kind"]>(rule: Rule | undefined, kind: K): Extract<Formula, { kind: K }> {
  expect(rule, "a compiled rule").toBeDefined();
  expect(rule!.amount.kind).toBe(kind);
  return rule!.amount as Extract<Formula, { kind: K }>;
}

/** The leaves of a rule's own conditions. */
export function leavesOf(rule: Rule): { fact: string; op: string; value: unknown }[] {
  const out: { fact: string; op: string; value: unknown }[] = [];
  const walk = (c: NonNullable<Rule["conditions"]>): void => {
    if ("all" in c) c.all.forEach(walk);
    else if ("any" in c) c.any.forEach(walk);
    else out.push(c);
  };
  if (rule.conditions) walk(rule.conditions);
  return out;
}

/** Yes/no statements the rule asks for ("经认定为…的"): the profile of someone who meets them. */
export const statements = (rule: Rule): Profile => Object.fromEntries(leavesOf(rule).filter((l) => typeof l.value === "boolean").map((l) => [l.fact, l.value as boolean]));

const FIXTURES = fileURLToPath(new URL("../fixtures/dev-corpus/", import.meta.url));
const SEEDS = fileURLToPath(new URL("../../corpus/docs/", import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, "");
const sources = new Map<string, string>();

/**
 * A sentence quoted from a real document (test/fixtures/dev-corpus or the seed corpus):
 * the fixture must hold it verbatim, so a fixture cannot drift into invented wording.
 */
export function real(file: string, sentence: string): string {
  const path = file.startsWith("seed:") ? `${SEEDS}${file.slice(5)}` : `${FIXTURES}${file}`;
  let text = sources.get(path);
  if (text === undefined) {
    text = squash(readFileSync(path, "utf8"));
    sources.set(path, text);
  }
  if (!text.includes(squash(sentence))) throw new Error(`${file} does not contain: ${sentence}`);
  return sentence;
}

/** The documents `real` quotes from, by their number in test/fixtures/dev-corpus (and the seed 杭州 document). */
export const DEV01 = "01_ganjingzi_yingyong_jishu_yanfa_zijin.txt";
export const DEV02 = "02_ganjingzi_rongzi_zulin_fuchi.txt";
export const DEV03 = "03_ganjingzi_waimao_kuajing_dianshang.txt";
export const DEV04 = "04_dalian_shoutaitao_tuiguang_zijin.txt";
export const DEV05 = "05_dalian_liyong_waizi_zhengce.txt";
export const DEV06 = "06_dalian_shengtai_kejichuangxincheng.txt";
export const DEV10 = "10_nansha_keji_chuangxin_fuchi.txt";
export const DEV11 = "11_nansha_zongbu_jingji_fuchi.txt";
export const DEV12 = "12_dongguan_zhuanli_shenqing_zizhu_tongzhi.txt";
export const DEV13 = "13_lucheng_kaifangxing_jingji.txt";
export const DEV14 = "14_lucheng_gongye_jingji_gaozhiliang.txt";
export const DEV15 = "15_lucheng_xiandai_fuwuye.txt";
export const HANGZHOU = "seed:hangzhou-new-ecommerce-2022.txt";

/** A shape the compiler must leave to the quote: nothing computed, and the report says so. */
export function quoteOnly(text: string, unread: string): void {
  const c = compileText(text);
  expect(moneyRules(c)).toEqual([]);
  expect(c.report.provisions).toBeGreaterThanOrEqual(1);
  expect(c.report.quoteOnly).toBe(c.report.provisions);
  expect(c.report.unread.map((u) => u.text)).toContain(unread);
}
