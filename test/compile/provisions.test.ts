import { describe, expect, it } from "vitest";
import { compileCorpus, type CompileResult } from "../../ingest/compile/index.js";
import type { Clause } from "../../core/corpus/schema.js";
import { FACT_BY_KEY, registerFacts, type Profile } from "../../core/facts/registry.js";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import type { Match } from "../../core/rules/match.js";
import { checkRule } from "../../core/rules/provenance.js";
import type { Rule } from "../../core/rules/schema.js";
import { parseStructure } from "../../ingest/structure.js";
import { DOC, formula, leavesOf, real } from "./kit.js";

/**
 * One provision spread over a document's numbered items and sentences: document text in (parsed
 * by the real structure parser), rules out, and the amount or verdict the real engine gives with
 * every rule of the document in scope (general conditions included).
 */

const NANSHA = "11_nansha_zongbu_jingji_fuchi.txt";
const DALIAN = "04_dalian_shoutaitao_tuiguang_zijin.txt";
const LIAONING = "08_liaoning_qiye_jishu_chuangxin_zijin.txt";
const LUCHENG = "15_lucheng_xiandai_fuwuye.txt";

interface Doc extends CompileResult {
  clauses: Clause[];
}

function compileDoc(lines: string[]): Doc {
  const text = lines.join("\n");
  const clauses = parseStructure(DOC.id, text, 0, text.length);
  const out = compileCorpus([DOC], clauses);
  registerFacts(out.facts);
  expect(out.report.refused).toEqual([]);
  for (const r of out.rules) expect(checkRule(r, clauses.find((c) => c.article === r.article)!.text), r.quote).toEqual([]);
  return { ...out, clauses };
}

const money = (d: Doc) => d.rules.filter((r) => r.amount.kind !== "qualification");
const at = (d: Doc, article: string) => money(d).filter((r) => r.article === article);
const run = (d: Doc, rule: Rule, profile: Profile): Match => evaluateRule(rule, profile, makeContext(d.rules, [DOC], "2026-01-01"));
const yuan = (d: Doc, rule: Rule, profile: Profile) => {
  const m = run(d, rule, profile);
  expect(m.status, `${JSON.stringify(profile)} → ${m.failed.join("；")}`).toBe("eligible");
  return m.amount?.yuan;
};
/** The fact a rule asks about, by the words of its condition or formula. */
const factNamed = (rules: Rule[], words: string): string => {
  const keys = rules.flatMap((r) => [...leavesOf(r).map((l) => l.fact), ...("base" in r.amount ? [r.amount.base as string] : [])]);
  const k = keys.find((x) => (FACT_BY_KEY.get(x)?.label ?? x).includes(words));
  expect(k, `a fact “${words}” in ${keys.join(", ")}`).toBeDefined();
  return k!;
};

describe("bands spread over numbered items", () => {
  const lead = real(NANSHA, "(二)对符合办法第一条第(一)款第二项条件新落户及认定的总部型企业，按照企业上一年度在我区的纳税总额给予落户奖励。");
  const items = [
    real(NANSHA, "1.在我区纳税总额超过1000万元(含)的，奖励300万元;"),
    real(NANSHA, "2.在我区纳税总额超过2000万元(含)的，奖励600万元;"),
    real(NANSHA, "3.在我区纳税总额超过4000万元(含)的，奖励1000万元;"),
    real(NANSHA, "4.在我区纳税总额超过8000万元(含)的，奖励1500万元;"),
    real(NANSHA, "5.在我区纳税总额超过1亿元(含)的，奖励2000万元。"),
  ];

  it("items that are the tiers of one award (纳税总额超过4000万元(含)的，奖励1000万元) are one tier table on the list, quoting the lead", () => {
    const d = compileDoc(["第二条 【落户奖】", lead, ...items]);
    const rules = money(d);
    expect(rules).toHaveLength(1);
    const [table] = rules;
    expect(table.article).toBe("第二条（二）");
    expect(table.quote.startsWith("(二)对符合")).toBe(true);
    expect(table.quote).toContain("3.在我区纳税总额超过4000万元(含)的，奖励1000万元");
    const f = formula(table, "tiers");
    const tax = f.base;
    expect(yuan(d, table, { [tax]: 45_000_000 })).toBe(10_000_000);
    expect(yuan(d, table, { [tax]: 80_000_000 })).toBe(15_000_000);
    expect(yuan(d, table, { [tax]: 150_000_000 })).toBe(20_000_000);
    expect(yuan(d, table, { [tax]: 10_000_000 })).toBe(3_000_000);
    expect(run(d, table, { [tax]: 9_000_000 }).amount?.yuan ?? 0).toBe(0);
  });

  it("items on different facts, or one that pays a rate, stay items of their own", () => {
    const mixed = compileDoc(["第二条 【落户奖】", lead, items[0], "2.在我区营业收入超过2000万元(含)的，奖励600万元;", items[2]]);
    expect(money(mixed).filter((r) => r.amount.kind === "tiers")).toEqual([]);
    expect(money(mixed).length).toBe(3);
    const rate = compileDoc(["第二条 【落户奖】", lead, items[0], "2.在我区纳税总额超过2000万元(含)的，按纳税总额的5%给予奖励;", items[2]]);
    expect(money(rate).filter((r) => r.amount.kind === "tiers")).toEqual([]);
  });
});

describe("a ceiling that depends on a band of another fact", () => {
  const article = [
    `第五条 ${real(DALIAN, "对列入生产资助计划的项目，给予推广资金生产资助。属第二条第（一）类的项目，资助标准原则上不高于产品订货合同的20%。对单价在10亿元（含）以上的，资助金额最高不超过1000万元，其余项目资助金额最高不超过500万元；")}`,
    real(DALIAN, "项目资金计划下达后，市财政按项目生产进度及合同完成情况分期预拨资金，预拨总额不超过资助金额的80%，项目通过验收后，再拨付剩余的20%。"),
  ];

  it("对单价在10亿元（含）以上的，最高不超过1000万元，其余项目最高不超过500万元: the rate above once per side of the band, each paid 80%/20%", () => {
    const d = compileDoc(article);
    const rules = at(d, "第五条");
    expect(rules).toHaveLength(2);
    const price = factNamed(rules, "单价");
    const contract = (formula(rules[0], "rate") as { base: string }).base;
    const pay = (p: Profile) => rules.map((r) => run(d, r, p)).filter((m) => m.status === "eligible");
    // 4000万 × 20% = 800万 > 500万 (单价 < 10亿).
    const small = pay({ [price]: 40_000_000, [contract]: 40_000_000 });
    expect(small.map((m) => m.amount?.yuan)).toEqual([5_000_000]);
    // 12亿 × 20% = 2.4亿 > 1000万.
    const large = pay({ [price]: 1_200_000_000, [contract]: 1_200_000_000 });
    expect(large.map((m) => m.amount?.yuan)).toEqual([10_000_000]);
    for (const r of rules) {
      expect(r.payment?.map((p) => p.percent)).toEqual([80, 20]);
      // The sentence that names the award starts the quote.
      expect(r.quote.startsWith("第五条 对列入生产资助计划的项目")).toBe(true);
    }
  });

  it("a band with no ceiling for the rest (no 其余…) is not read as one", () => {
    const d = compileDoc([`第五条 属第二条第（一）类的项目，资助标准原则上不高于产品订货合同的20%。对单价在10亿元（含）以上的，资助金额最高不超过1000万元。`]);
    // The rate is not split by the band: it keeps no 单价 condition and gets no ceiling of another side.
    const rates = at(d, "第五条").filter((r) => r.amount.kind === "rate");
    expect(rates).toHaveLength(1);
    expect(leavesOf(rates[0]).some((l) => l.value === 1_000_000_000)).toBe(false);
  });
});

describe("conditions read from the structure around the award", () => {
  it("a chapter whose number a copy lost (总则 / a lone heading) holds its articles; its award takes its own chapter's conditions only", () => {
    const d = compileDoc([
      "总则",
      "第一条 为加强和规范财政资金管理，制定本办法。",
      "第二章 支持企业并购",
      "第七条 实施企业并购的企业应符合以下条件：",
      "1.与并购的目标企业没有产权关联关系。",
      "2.并购金额不低于5000万元。",
      "第九条 并购海外科技型企业的项目，按核定后并购金额的20%给予支持，单项补助支持额度不超过3000万元。",
      "支持引进海外先进适用技术",
      real(LIAONING, "第十六条 专项资金的补助比例和额度按核定后引进技术支付金额的20%给予补助，单项补助金额不超过1000万元。"),
      "第十八条 申请专项资金的项目应符合以下的条件：",
      real(LIAONING, "4.海外技术让与方与省内受让方没有关联;"),
      real(LIAONING, "5.引进技术支付总额不低于200万元人民币;"),
      "第四章 附则",
      "第五十四条 本办法自发布之日起施行。",
    ]);
    expect(d.clauses.find((c) => c.article === "第一条")!.parentId).toBe(`${DOC.id}:第一章`);
    expect(d.clauses.find((c) => c.article === "第二章")!.parentId).toBeUndefined();
    expect(d.clauses.find((c) => c.article === "第十六条")!.parentId).toBe(`${DOC.id}:第三章`);
    const [award] = at(d, "第十六条");
    const general = award.general.map((id) => d.rules.find((r) => r.id === id)!.article);
    expect(general).toContain("第十八条");
    expect(general).not.toContain("第七条");
    const paid = factNamed(d.rules, "引进技术支付总额");
    const base = (formula(award, "rate") as { base: string }).base;
    // 150万 < 200万: the award is ruled out; 300万 meets it.
    expect(run(d, award, { [paid]: 1_500_000, [base]: 1_500_000 }).status).toBe("ineligible");
    expect(yuan(d, award, { [paid]: 3_000_000, [base]: 3_000_000 })).toBe(600_000);
  });

  it("a lone line is no chapter where the numbers leave no room for it (第一章 … 第二章)", () => {
    const d = compileDoc(["第一章 总则", "第一条 目的。", "一般规定", "第二条 内容。", "第二章 附则", "第三条 施行。"]);
    expect(d.clauses.map((c) => c.article)).toEqual(["第一章", "第一条", "第二条", "第二章", "第三条"]);
  });

  const lucheng =
    real(LUCHENG, "6.促进投资基金类企业集聚。对在鹿城区注册并在鹿城区金融办备案市区两级年地方综合贡献超过100万元的各类股权投资企业、混合型投资企业及其管理企业可享受：（1）办公用房补助。") +
    real(LUCHENG, "在鹿城区租赁自用办公用房的，可按30元/平方米•月且每年总额不超过15万元的标准，给予租房补助，补助期限不超过3年。");

  it("对…年地方综合贡献超过100万元的各类股权投资企业…可享受：（1）…: whom the awards after the lead are for, and on what", () => {
    const d = compileDoc(["二、创新发展现代金融业", lucheng]);
    const [rent] = at(d, "二、6.");
    expect(rent.quote.startsWith("对在鹿城区注册")).toBe(true);
    const contribution = factNamed([rent], "地方综合贡献");
    const kind = leavesOf(rent).find((l) => typeof l.value === "boolean" && (FACT_BY_KEY.get(l.fact)?.label ?? l.fact).includes("股权投资企业"));
    expect(kind, JSON.stringify(rent.conditions)).toBeDefined();
    // The registration place is the document's region, not a fact asked.
    expect(leavesOf(rent).some((l) => l.fact.includes("在鹿城区注册"))).toBe(false);
    expect(run(d, rent, { [contribution]: 450_000 }).status).toBe("ineligible");
    expect(run(d, rent, { [contribution]: 1_500_000, [kind!.fact]: true }).status).not.toBe("ineligible");
  });

  it("a lead that lists no awards after it (no 可享受：) conditions nothing", () => {
    const d = compileDoc([
      "二、创新发展现代金融业",
      "6.促进投资基金类企业集聚。对在鹿城区注册的年地方综合贡献超过100万元的股权投资企业，鼓励做大做强。在鹿城区租赁自用办公用房的，可按30元/平方米•月且每年总额不超过15万元的标准，给予租房补助，补助期限不超过3年。",
    ]);
    const [rent] = at(d, "二、6.");
    expect(leavesOf(rent).some((l) => l.value === 1_000_000)).toBe(false);
  });

  const conditions = (line: string) => [
    "第一条 本办法所指的总部型企业，应当满足以下条件：",
    "(一)满足下列行业营业收入及纳税总额条件。",
    real(NANSHA, "①现代物流业：上一年度纳入我区统计核算的营业收入6000万元以上;上一年度在我区纳税总额不低于1000万元。"),
    line,
    "第二条 对新落户的总部型企业，给予一次性落户奖励300万元。",
  ];

  it("①现代物流业：…纳税总额不低于1000万元 / ②其他先进制造业：…不低于7000万元: each kind's conditions are a route, not every award's condition", () => {
    const d = compileDoc(conditions(real(NANSHA, "②其他先进制造业：上一年度纳入我区统计核算的营业收入5亿元以上;上一年度在我区纳税总额不低于7000万元。")));
    const [award] = at(d, "第二条");
    const tax = factNamed(d.rules, "纳税总额");
    const revenue = factNamed(d.rules, "营业收入");
    // A logistics company with 8000万 revenue and 4500万 tax is not ruled out by the manufacturers' 7000万.
    expect(run(d, award, { [tax]: 45_000_000, [revenue]: 80_000_000 }).status).not.toBe("ineligible");
  });

  it("a condition line labelled as a condition (申报条件：…不低于7000万元) still holds for every award", () => {
    const d = compileDoc(conditions("申报条件：上一年度在我区纳税总额不低于7000万元。"));
    const [award] = at(d, "第二条");
    const tax = factNamed(d.rules, "纳税总额");
    expect(run(d, award, { [tax]: 45_000_000 }).status).toBe("ineligible");
  });
});

describe("whom each award of a sentence is for", () => {
  const GANJINGZI = "03_ganjingzi_waimao_kuajing_dianshang.txt";
  it("（四）年度荣获国家级表彰的…企业，一次性给予10万元，年度荣获省级表彰的…企业一次性给予5万元…: each award asks its own level", () => {
    const d = compileDoc([
      "第七条 对跨境电子商务企业给予以下奖励：",
      real(GANJINGZI, "（四）年度荣获国家级表彰的优秀跨境电子商务企业，一次性给予人民币10万元奖励，年度荣获省级表彰的优秀跨境电子商务企业一次性给予人民币5万元奖励，年度荣获市级表彰的优秀跨境电子商务企业一次性给予人民币3万元奖励。"),
    ]);
    const rules = at(d, "第七条（四）");
    expect(rules.map((r) => (formula(r, "fixed") as { amount: number }).amount)).toEqual([100_000, 50_000, 30_000]);
    const province = factNamed(rules, "荣获省级表彰");
    const national = factNamed(rules, "荣获国家级表彰");
    expect(national).not.toBe(province);
    const [nat, prov] = rules;
    expect(yuan(d, prov, { [province]: true, ...Object.fromEntries(leavesOf(prov).map((l) => [l.fact, true])) })).toBe(50_000);
    expect(run(d, nat, { [national]: false }).status).toBe("ineligible");
    expect(nat.quote.startsWith("（四）年度荣获国家级表彰")).toBe(true);
  });

  it("an award part that names no kind of applicant before 给予 (按实际投入给予…) takes no condition from it", () => {
    const d = compileDoc(["第七条 对跨境电子商务企业给予以下奖励：", "（一）举办展会的，按实际投入给予主办方不超过50万元的奖励。"]);
    for (const r of at(d, "第七条（一）")) expect(leavesOf(r).filter((l) => typeof l.value === "boolean").map((l) => l.fact).join()).not.toContain("实际投入");
  });
});

describe("a sentence that introduces the figures after it", () => {
  const DALIAN_FDI = "05_dalian_liyong_waizi_zhengce.txt";
  const ladder = real(DALIAN_FDI, "单笔投资额不超过500万元（含）的，按投资额的4%给予奖励。单笔投资额不超过1000万元（含）的，500万元（含）以下的部分按投资额的4%给予奖励；超过500万元不超过1000万元（含）的部分按投资额的2%给予奖励。");

  it("…根据投资额分级对其管理机构给予奖励。单笔投资额…: the ladder's quote starts at the words that name it", () => {
    const d = compileDoc([`五、外商投资股权投资企业支持政策`, real(DALIAN_FDI, "18.外资股权投资企业投资我市科技创新企业的，根据投资额分级对其管理机构给予奖励。") + ladder]);
    const [rule] = at(d, "五、18.");
    expect(rule.quote.startsWith("18.外资股权投资企业投资我市科技创新企业的")).toBe(true);
    const f = formula(rule, "marginal");
    expect(yuan(d, rule, { [f.base]: 8_000_000 })).toBe(260_000);
  });

  it("a bare award of its own before the figures (对…活动给予资助。) does not take their quote", () => {
    const d = compileDoc([`五、外商投资股权投资企业支持政策`, "18.对有影响力的峰会、论坛等活动给予资助。" + ladder]);
    for (const r of at(d, "五、18.")) expect(r.quote.startsWith("18.对有影响力的峰会")).toBe(false);
  });
});

describe("a list of conditions led by 具备的条件：", () => {
  const chapter = (lead: string) => [
    "第五章 支持企业技术中心及新产品(新技术）研制",
    real(LIAONING, "第二十九条 结合专项资金年度预算、专家评审结果和企业项目投资规模，单个项目的补助上限原则上不超过200万元。"),
    lead,
    "1.依法在工商行政管理部门登记注册，具有独立法人资格。",
    "2.上年度研发投入不低于300万元。",
    "第六章 附则",
    "第五十四条 本办法自发布之日起施行。",
  ];

  it("申请企业具备的条件：1.…2.…: the chapter's award takes them as its conditions", () => {
    const d = compileDoc(chapter("第三十条 申请企业具备的条件："));
    const [award] = at(d, "第二十九条");
    expect(award.general.map((id) => d.rules.find((r) => r.id === id)!.article)).toContain("第三十条");
    const rd = factNamed(d.rules, "研发投入");
    expect(run(d, award, { [rd]: 1_000_000 }).status).toBe("ineligible");
  });

  it("申请企业提交的材料：1.…: a list of materials is no condition", () => {
    const d = compileDoc(chapter("第三十条 申请企业提交的材料："));
    const [award] = at(d, "第二十九条");
    expect(award.general.map((id) => d.rules.find((r) => r.id === id)!.article)).not.toContain("第三十条");
  });
});
