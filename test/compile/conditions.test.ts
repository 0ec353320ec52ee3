import { describe, expect, it } from "vitest";
import { compileCorpus, type CompileResult } from "../../ingest/compile/index.js";
import type { Clause } from "../../core/corpus/schema.js";
import { FACT_BY_KEY, registerFacts, type Profile } from "../../core/facts/registry.js";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import type { Match } from "../../core/rules/match.js";
import { checkRule } from "../../core/rules/provenance.js";
import type { Rule } from "../../core/rules/schema.js";
import { DOC, HANGZHOU, compileText, evaluate, formula, leavesOf, real } from "./kit.js";

/**
 * Conditions and rules with no amount, one fixture per shape: clause text in, rule out, and the
 * verdict the real engine gives. Real sentences from the seed corpus (checked verbatim by `real`).
 */

const SUZHOU = "seed:suzhou-jiangsu-ip-policies.txt";
const ZIBO = "seed:zibo-ip-city-2022.txt";

interface Part {
  article: string;
  text: string;
  headings?: string[];
  items?: { article: string; text: string }[];
}

/** Clauses with their items (children), as the structure parser gives them: a parent's text holds its items'. */
function compileParts(parts: Part[]): CompileResult & { clauses: Clause[] } {
  const clauses: Clause[] = [];
  for (const p of parts) {
    const id = `${DOC.id}:${p.article}`;
    const items = p.items ?? [];
    const text = [p.text, ...items.map((i) => i.text)].join("\n");
    clauses.push({ id, docId: DOC.id, article: p.article, headings: p.headings ?? [], text, start: 0, end: text.length, childIds: items.map((i) => `${DOC.id}:${i.article}`), depth: 0 });
    for (const i of items) clauses.push({ id: `${DOC.id}:${i.article}`, docId: DOC.id, article: i.article, headings: [...(p.headings ?? []), p.text], text: i.text, start: 0, end: i.text.length, childIds: [], depth: 1, parentId: id });
  }
  const out = compileCorpus([DOC], clauses);
  registerFacts(out.facts);
  expect(out.report.refused).toEqual([]);
  for (const r of out.rules) expect(checkRule(r, clauses.find((c) => c.article === r.article)!.text), r.quote).toEqual([]);
  return { ...out, clauses };
}

const ruleAt = (c: CompileResult, article: string, kind?: Rule["amount"]["kind"]) => {
  const r = c.rules.find((x) => x.article === article && (!kind || x.amount.kind === kind));
  expect(r, `a rule at ${article}`).toBeDefined();
  return r!;
};
const withAll = (c: CompileResult, rule: Rule, profile: Profile): Match => evaluateRule(rule, profile, makeContext(c.rules, [DOC], "2026-01-01"));
const factByLabel = (rule: Rule, label: string) => {
  const l = leavesOf(rule).find((x) => FACT_BY_KEY.get(x.fact)?.label === label || (x as { label?: string }).label === label);
  expect(l, `a condition “${label}” in ${JSON.stringify(rule.conditions)}`).toBeDefined();
  return l!.fact;
};

describe("a clause that states eligibility without money", () => {
  it("申报主体是高校或者科研机构的，应当符合下列基本条件: a qualification rule; who it is for, statements as facts, judgements told", () => {
    const c = compileParts([
      {
        article: "第十条",
        text: "第十条\n申报主体是高校或者科研机构的,应当符合下列基本条件:",
        items: [
          { article: "第十条（二）", text: "(二)研发投入稳定;" },
          { article: "第十条（四）", text: "(四)无严重学术不端等失信行为。" },
        ],
      },
    ]);
    const rule = ruleAt(c, "第十条", "qualification");
    expect(rule.quote).toContain("无严重学术不端等失信行为");
    const kind = leavesOf(rule).find((l) => l.fact === "entityKind")!;
    expect(kind).toMatchObject({ op: "in", value: ["高等院校", "科研机构"] });
    const honest = factByLabel(rule, "无严重学术不端等失信行为");
    expect(FACT_BY_KEY.get(honest)).toMatchObject({ type: "boolean", question: "贵单位是否无严重学术不端等失信行为？" });
    // 研发投入稳定 is the reviewers' judgement: told, never asked.
    expect(leavesOf(rule).some((l) => /稳定/.test(FACT_BY_KEY.get(l.fact)?.label ?? ""))).toBe(false);
    expect(rule.notes.map((n) => n.text).join("")).toContain("研发投入稳定");
    expect(withAll(c, rule, { entityKind: "高等院校", [honest]: true }).status).toBe("eligible");
    expect(withAll(c, rule, { entityKind: "企业", [honest]: true }).status).toBe("ineligible");
    expect(withAll(c, rule, { entityKind: "科研机构", [honest]: false }).status).toBe("ineligible");
    expect(withAll(c, rule, { entityKind: "高等院校" })).toMatchObject({ status: "needs_info", missing: [honest] });
  });

  it("…，或…: routes of figures are any-of, counts keep 以上, and a paragraph with its own subject is another route", () => {
    const text = real(
      SUZHOU,
      "(三)企业拥有有效发明专利50件以上且在国(境)外申请发明专利5件以上,或拥有有效发明专利20件以上且拥有在国(境)外获得授权的发明专利2件以上,拥有注册商标及其他知识产权,参与制定国际、国家或行业标准。",
    );
    const talent = real(SUZHOU, "创新创业人才类企业设立三年以上,创新能力强,经营状况良好,知识产权制度较为完善、管理规范并通过第三方认证,拥有有效发明专利20件以上且在国(境)外累计申请发明专利5件以上,或拥有有效发明专利10件以上且拥有在国(境)外获得授权的发明专利1件以上,拥有注册商标及其他知识产权。");
    const c = compileParts([{ article: "三、", text: "三、申报条件\n申报项目的企业需同时具备以下基本条件:", items: [{ article: "三、（三）", text: `${text}\n${talent}` }] }]);
    const rule = ruleAt(c, "三、（三）", "qualification");
    const fact = (phrase: string, unit: string) => `c:${phrase}:${unit}`;
    const patents = fact("有效发明专利", "件");
    const applied = fact("国外申请发明专利", "件");
    const granted = fact("国外获得授权的发明专利", "件");
    const mark = fact("拥有注册商标及其他知识产权", "是否");
    const standard = fact("参与制定国际、国家或行业标准", "是否");
    const isTalent = fact("创新创业人才类企业", "是否");
    const years = fact("设立年限", "年");
    expect(leavesOf(rule).find((l) => l.fact === patents && l.value === 50)).toMatchObject({ op: "gte", word: "以上" });
    const base = { [mark]: true, [standard]: true, [isTalent]: false };
    expect(withAll(c, rule, { ...base, [patents]: 50, [applied]: 5 }).status).toBe("eligible");
    expect(withAll(c, rule, { ...base, [patents]: 30, [applied]: 0, [granted]: 2 }).status).toBe("eligible");
    expect(withAll(c, rule, { ...base, [patents]: 30, [applied]: 3, [granted]: 1 }).status).toBe("ineligible");
    expect(withAll(c, rule, { ...base, [patents]: 60 }).status).toBe("needs_info");
    // The second paragraph: 创新创业人才类企业, 设立年限 ≥ 3, and its own figures.
    const third = fact("通过第三方认证", "是否");
    const talentProfile = { [isTalent]: true, [years]: 3, [third]: true, [patents]: 10, [granted]: 1, [mark]: true, [standard]: false };
    expect(withAll(c, rule, talentProfile).status).toBe("eligible");
    expect(withAll(c, rule, { ...talentProfile, [years]: 2 }).status).toBe("ineligible");
    expect(withAll(c, rule, { ...talentProfile, [third]: false }).status).toBe("ineligible");
  });
});

describe("no figure", () => {
  it("对维持5年以上且开展对外许可的专利(群)给予支持 → unspecified, with the threshold and the statement", () => {
    const c = compileText(real(ZIBO, "实施专利(群)收储计划,对维持5年以上且开展对外许可的专利(群)给予支持,推动专利技术许可转化。"));
    const rule = c.rules.find((r) => r.amount.kind === "unspecified")!;
    expect(rule).toBeDefined();
    const years = factByLabel(rule, "维持5年以上");
    expect(FACT_BY_KEY.get(years)).toMatchObject({ type: "years", label: "维持年限" });
    const licensed = factByLabel(rule, "开展对外许可");
    expect(evaluate(rule, { [years]: 5, [licensed]: true }).status).toBe("eligible");
    expect(evaluate(rule, { [years]: 4, [licensed]: true }).status).toBe("ineligible");
    expect(evaluate(rule, { [years]: 6 })).toMatchObject({ status: "needs_info", missing: [licensed] });
  });
});

describe("conditions in the award sentence", () => {
  it("对进入…Top10的符合条件的新电商企业 / 鼓励邮政快递企业…: category statements and whom it is for, as yes/no facts", () => {
    const top = compileText(real(HANGZHOU, "对进入天猫、京东、抖音、快手或其他电商平台销售排行榜Top10的符合条件的新电商企业(以下简称Top10企业),给予100万元的一次性奖励。"));
    const rule = top.rules[0];
    expect(formula(rule, "fixed").amount).toBe(1_000_000);
    const inTop = factByLabel(rule, "进入天猫、京东、抖音、快手或其他电商平台销售排行榜Top10");
    const who = factByLabel(rule, "新电商企业");
    expect(evaluate(rule, { [inTop]: true, [who]: true }).amount?.yuan).toBe(1_000_000);
    expect(evaluate(rule, { [inTop]: false, [who]: true }).status).toBe("ineligible");
    const device = compileText(real(HANGZHOU, "鼓励邮政快递企业采取人证对比系统加强人员管理,对购买人证对比设备的,给予5000元/台的补贴。")).rules[0];
    const postal = factByLabel(device, "邮政快递企业");
    const count = formula(device, "perUnit").count;
    expect(evaluate(device, { [postal]: true, [count]: 4 }).amount?.yuan).toBe(20_000);
    expect(evaluate(device, { [postal]: false, [count]: 4 }).status).toBe("ineligible");
  });

  it("…成效显著的省份给予1亿元: a kind the vocabulary knows is entityKind", () => {
    const c = compileText("对方案完善、措施得当、工作推进有力,专利技术转化运用成效显著的省份给予1亿元的奖补资金。");
    const rule = c.rules[0];
    expect(leavesOf(rule).find((l) => l.fact === "entityKind")).toMatchObject({ op: "in", value: ["省级主管部门"] });
    expect(evaluate(rule, { entityKind: "省级主管部门" }).amount?.yuan).toBe(100_000_000);
    expect(evaluate(rule, { entityKind: "企业" }).status).toBe("ineligible");
    expect(evaluate(rule, {}).missing).toContain("entityKind");
  });

  it("对满足以下两类要求之一的…: the items below are the award's conditions, any of them", () => {
    const c = compileParts([
      {
        article: "二、（八）",
        text: "对满足以下两类要求之一的新电商服务企业,给予不超过50万元的一次性奖励。",
        items: [
          { article: "二、（八）1.", text: real(HANGZHOU, "1.帮助企业开展数字化改造建成新零售企业,或帮助园区打造建设新一代电子商务园区,或帮助建成品牌馆、供应链、产业带的;") },
          { article: "二、（八）2.", text: real(HANGZHOU, "2.服务电商企业50家以上,电商专业服务业务收入额不低于1000万元且近2年平均增速不低于20%的。") },
        ],
      },
    ]);
    const rule = ruleAt(c, "二、（八）", "upTo");
    const who = factByLabel(rule, "新电商服务企业");
    const helped = factByLabel(rule, "帮助企业开展数字化改造建成新零售企业");
    const served = "c:服务电商企业:家";
    expect(withAll(c, rule, { [who]: true, [helped]: true }).amount?.yuan).toBe(500_000);
    expect(withAll(c, rule, { [who]: true, [helped]: false, [served]: 30 }).status).toBe("needs_info");
    expect(withAll(c, rule, { [who]: true, [helped]: false, [served]: 60 }).status).toBe("needs_info");
    expect(withAll(c, rule, { [who]: true, [helped]: false, [served]: 60, "c:电商专业服务业务收入额:元": 10_000_000, "c:近2年平均增速:%": 20 }).status).toBe("eligible");
  });

  it("对设立50个以上…的，每年给予…10万元，对…增长20%以上的…，最高不超过10万元: two subjects, two provisions", () => {
    const c = compileText(real(HANGZHOU, "鼓励各区县(市)、行业协会、机构设立新电商统计监测点,对设立50个以上新电商统计监测点的,根据其运行实绩每年给予监测点所属协会、机构10万元的资金扶持,对监测企业数量增长20%以上的运行监测点,给予协会、机构同比例递增的资金扶持,最高不超过10万元。"));
    expect(c.report).toMatchObject({ provisions: 2, compiled: 2, quoteOnly: 0 });
    const [points, growth] = c.rules;
    const n = leavesOf(points)[0];
    expect(n).toMatchObject({ op: "gte", value: 50 });
    expect(evaluate(points, { [n.fact]: 50 }).amount?.yuan).toBe(100_000);
    expect(evaluate(points, { [n.fact]: 49 }).status).toBe("ineligible");
    expect(formula(growth, "upTo").cap).toBe(100_000);
    const g = leavesOf(growth)[0];
    expect(g).toMatchObject({ op: "gte", value: 20 });
    expect(evaluate(growth, { [g.fact]: 15 }).status).toBe("ineligible");
  });
});

describe("general conditions and who pays", () => {
  const award = { article: "一、（五）", headings: ["一、壮大新电商产业生态"], text: real(HANGZHOU, "对符合条件的新电商示范企业,给予不超过50万元的一次性奖励。") };
  const general = {
    article: "四、（十八）",
    headings: ["四、附则"],
    text: "(十八)申请本意见扶持政策的企业须同时符合以下条件:",
    items: [
      { article: "四、（十八）1.", text: "1.依法登记注册的独立法人;" },
      { article: "四、（十八）4.", text: "4.一年内没有因重大违规经营问题受过处罚。" },
    ],
  };

  it("申请本意见扶持政策的企业须同时符合以下条件 (附则): general conditions of every award of the document", () => {
    const c = compileParts([award, general]);
    const rule = ruleAt(c, "一、（五）", "upTo");
    const g = ruleAt(c, "四、（十八）", "qualification");
    expect(rule.general).toContain(g.id);
    const demo = factByLabel(rule, "新电商示范企业");
    const clean = factByLabel(g, "一年内没有因重大违规经营问题受过处罚");
    // Unknown general conditions are confirmed at application; a stated failure rules the award out.
    const unknown = withAll(c, rule, { [demo]: true });
    expect(unknown).toMatchObject({ status: "eligible", amount: { yuan: 500_000 } });
    expect(unknown.general).toContain("一年内没有因重大违规经营问题受过处罚");
    expect(withAll(c, rule, { [demo]: true, [clean]: false }).status).toBe("ineligible");
  });

  it("X区及各县(市)资金由属地财政承担75%、市财政承担25%,其他区…各承担50% → costShare, not counted as a provision", () => {
    const c = compileText(real(HANGZHOU, "(二十)本意见所涉资金均由市财政及有关区、县(市)财政共同承担。其中萧山区、余杭区、临安区及各县(市)资金由属地财政承担75%、市财政承担25%,其他区资金由市与区财政各承担50%。"));
    const share = formula(c.rules.find((r) => r.amount.kind === "costShare"), "costShare");
    expect(share).toEqual({ kind: "costShare", shares: [{ districts: ["萧山区", "余杭区", "临安区"], counties: true, local: 75, upper: 25 }], otherwise: { local: 50, upper: 50 } });
    expect(c.report.provisions).toBe(0);
    const rule = c.rules.find((r) => r.amount.kind === "costShare")!;
    expect(evaluate(rule, { district: "桐庐县" }).amount?.text).toContain("属地财政承担75%");
    expect(evaluate(rule, { district: "西湖区" }).amount?.text).toContain("属地财政承担50%");
    expect(evaluate(rule, {}).status).toBe("needs_info");
  });
});
