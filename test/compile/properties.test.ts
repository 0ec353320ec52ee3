import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCorpus } from "../../ingest/compile/index.js";
import { checkRule, numbersOf } from "../../core/rules/provenance.js";
import { quoteQuantities } from "../../core/rules/quantities.js";
import { Rule } from "../../core/rules/schema.js";
import { DOC, clauseOf } from "./kit.js";

/**
 * Properties of the compiler over generated provisions: real sentence templates (from the dev
 * corpus and the seeds) with random amounts, rates and caps put in. Whatever it compiles quotes
 * the clause verbatim, writes every number it uses in that quote, and uses the numbers the
 * sentence states (not merely some number of the quote); and nothing it is given makes it throw.
 */

const squash = (s: string) => s.replace(/\s+/g, "");

function compile(text: string) {
  const clause = clauseOf(text);
  return { clause, ...compileCorpus([DOC], [clause]) };
}

/** What ingest trusts a rule for, checked here from scratch as well as with checkRule. */
function assertTrusted(rule: Rule, clauseText: string): void {
  expect(Rule.safeParse(rule).success).toBe(true);
  expect(rule.origin).toBe("compiled");
  expect(squash(clauseText).includes(squash(rule.quote)), rule.quote).toBe(true);
  expect(checkRule(rule, clauseText)).toEqual([]);
  const written = quoteQuantities(rule.quote);
  for (const n of numbersOf(rule)) {
    const found = written.some((q) => q.dim === n.dim && Math.abs(q.value - n.value) < 1e-6);
    expect(found, `${n.where}=${n.value} not written in “${rule.quote}”`).toBe(true);
  }
}

// Figures as documents write them.
const wan = fc.oneof(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 999 }).map((n) => n + 0.5));
const rate = fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 49 }).map((n) => n + 0.5));
const permille = fc.integer({ min: 1, max: 9 });
const yuan = fc.integer({ min: 1, max: 99_999 });
const fmt = (n: number) => String(n);
const W = 10_000;

interface Template {
  name: string;
  arb: fc.Arbitrary<{ text: string; expect: Record<string, unknown>; kind: string }>;
}

const TEMPLATES: Template[] = [
  {
    name: "rate × base with a cap (seed: 供应链项目)",
    arb: fc.tuple(rate, wan).map(([r, cap]) => ({
      text: `对能够整合设计、生产、服务、管理、营销全流程,并形成特色品牌产品的供应链(选品中心)项目,按其实际投资额的${fmt(r)}%给予补助,最高不超过${fmt(cap)}万元。`,
      kind: "rate",
      expect: { rate: r, cap: cap * W },
    })),
  },
  {
    name: "按不超过…的N%比例…不超过M万元 (dev 01)",
    arb: fc.tuple(rate, wan).map(([r, cap]) => ({
      text: `（一）重点研发及成果转化项目及重大协同创新项目，按不超过项目研发投入的${fmt(r)}%比例给予补助，单项补助最高额度原则上不超过${fmt(cap)}万元。`,
      kind: "rate",
      expect: { rate: r, cap: cap * W, upTo: true },
    })),
  },
  {
    name: "‰ of a 美元 base (dev 13)",
    arb: fc.tuple(permille, wan).map(([m, cap]) => ({
      text: `按引进项目实到外资的${m}‰折合人民币给予奖励；单个项目奖励最高不超过${fmt(cap)}万元。`,
      kind: "rate",
      expect: { rate: m / 10, cap: cap * W, fx: "usdRate" },
    })),
  },
  {
    name: "fixed above a threshold (dev 10)",
    arb: fc.tuple(wan, wan).map(([t, a]) => ({
      text: `对年度主营业务收入达到${fmt(t)}万元(含)以上的知识产权服务机构，经认定，给予${fmt(a)}万元一次性奖励。`,
      kind: "fixed",
      expect: { amount: a * W },
    })),
  },
  {
    name: "a range of amounts (dev 06)",
    arb: fc
      .tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }))
      .map(([a, d]) => ({ text: `对引进的高层次人才和科研团队，给予${a}万~${a + d}万元的资金资助。`, kind: "range", expect: { min: a * W, max: (a + d) * W } })),
  },
  {
    name: "per unit (dev 12)",
    arb: yuan.map((p) => ({ text: `国内实用新型专利授权后每件资助${p}元。`, kind: "perUnit", expect: { amount: p, unit: "件" } })),
  },
  {
    name: "per ㎡ with a total cap (dev 10)",
    arb: fc.tuple(yuan, wan).map(([p, cap]) => ({
      text: `新型研发机构在区内新建成或购置自用办公房产的，按每平方米${p}元的标准给予一次性补贴，补贴金额不超过${fmt(cap)}万元。`,
      kind: "perUnit",
      expect: { amount: p, unit: "平方米", totalCap: cap * W },
    })),
  },
  {
    name: "three bands on one fact (dev 05)",
    arb: fc
      .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), wan, wan, wan)
      .map(([a, d1, d2, x, y, z]) => {
        const b = a + d1;
        const c = b + d2;
        return {
          text: `对外资制造业和现代服务业企业，当年营业收入${a}亿（含）至${b}亿元的，给予${fmt(x)}万元的奖励；当年营业收入${b}亿（含）至${c}亿元的，给予${fmt(y)}万元的奖励；当年营业收入${c}亿元（含）以上的，给予${fmt(z)}万元的奖励。`,
          kind: "tiers",
          expect: {
            tiers: [
              { from: a * 1e8, to: b * 1e8, amount: x * W },
              { from: b * 1e8, to: c * 1e8, amount: y * W },
              { from: c * 1e8, amount: z * W },
            ],
          },
        };
      }),
  },
  {
    name: "categories looked up (dev 10)",
    arb: fc.tuple(wan, wan, wan).map(([a, b, c]) => ({
      text: `对有关政府部门认定的创新平台，国家级、省级、市级分别给予${fmt(a)}万元、${fmt(b)}万元、${fmt(c)}万元一次性资金配套。`,
      kind: "lookup",
      expect: { options: [{ value: "国家级", amount: a * W }, { value: "省级", amount: b * W }, { value: "市级", amount: c * W }] },
    })),
  },
  {
    name: "the excess over a threshold (issue wording)",
    arb: fc.tuple(wan, rate, wan).map(([t, r, cap]) => ({
      text: `年产值同比增长超过${fmt(t)}万元的，给予企业超出额${fmt(r)}%的奖励，最高不超过${fmt(cap)}万元。`,
      kind: "excess",
      expect: { threshold: t * W, rate: r, cap: cap * W },
    })),
  },
  {
    name: "a staged payment of a banded award (dev 13)",
    arb: fc
      .tuple(fc.integer({ min: 10, max: 60 }), fc.integer({ min: 10, max: 30 }))
      .map(([p1, p2]) => ({
        text: `新引进的外资先进制造业企业，实到外资1000万-2000万（不含）美元、2000万-5000万（不含）美元、5000万美元以上的，分别给予奖励200万元、300万元、500万元人民币，本条所涉奖励资金在认定投产后分三年按${p1}%、${p2}%、${100 - p1 - p2}%比例拨付。`,
        kind: "tiers",
        expect: {},
        payment: [p1, p2, 100 - p1 - p2],
      })),
  },
];

describe("generated provisions", () => {
  for (const t of TEMPLATES) {
    it(`${t.name}: compiled, trusted, and with the sentence's own numbers`, () => {
      fc.assert(
        fc.property(t.arb, (g) => {
          const { clause, rules, report } = compile(g.text);
          expect(report.refused).toEqual([]);
          expect(report.compiled + report.quoteOnly).toBeLessThanOrEqual(report.provisions);
          for (const r of rules) assertTrusted(r, clause.text);
          const money = rules.filter((r) => r.amount.kind !== "qualification");
          expect(money.map((r) => r.amount.kind), g.text).toEqual([g.kind]);
          expect(money[0].amount).toMatchObject(g.expect);
          const payment = (g as { payment?: number[] }).payment;
          if (payment) expect(money[0].payment?.map((p) => p.percent)).toEqual(payment);
        }),
        { numRuns: 100 },
      );
    });
  }
});

// Policy words and figures in any order: the pieces the recogniser reacts to, so random text reaches its branches.
const PIECES = [
  "给予", "奖励", "补助", "资助", "补贴", "万元", "亿元", "元", "美元", "%", "‰", "倍", "以上", "以下", "（含）", "(含)", "（不含）", "至", "-", "~", "—",
  "每满", "每件", "每平方米", "每人", "每月", "每年", "/件", "分别", "、", "，", ",", "；", "。", "：", "不超过", "最高", "累计", "按", "的", "其", "实际投资额",
  "营业收入", "国家级", "省级", "市级", "3A", "一事一议", "择优", "折合人民币", "分三年", "拨付", "再拨付剩余的", "超出额", "前2年", "后3年", "每增加",
  "1", "20", "0.5", "100", "5000", "1.7", "一万", "二十", "三", "（一）", "第一条", " ", "\n",
];
const policyish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((xs) => xs.join(""));

describe("compileCorpus on arbitrary text", () => {
  it("never throws, and whatever it returns is trusted, on policy-like noise", () => {
    fc.assert(
      fc.property(policyish, (text) => {
        const { clause, rules, report } = compile(text);
        for (const r of rules) assertTrusted(r, clause.text);
        expect(report.compiled).toBeLessThanOrEqual(report.provisions);
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on any Unicode string, nor on several clauses of them", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 200 }), { minLength: 1, maxLength: 4 }), (texts) => {
        const clauses = texts.map((t, i) => clauseOf(t, `第${i + 1}条`));
        const out = compileCorpus([DOC], clauses);
        for (const r of out.rules) assertTrusted(r, clauses.find((c) => c.article === r.article)!.text);
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same clause compiles to the same rules", () => {
    fc.assert(
      fc.property(policyish, (text) => {
        expect(compile(text).rules).toEqual(compile(text).rules);
      }),
      { numRuns: 100 },
    );
  });
});
