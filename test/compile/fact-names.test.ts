import { describe, expect, it } from "vitest";
import { factNameProblem, followUpProblem } from "../../core/facts/wellformed.js";
import { defOf, keyOf, nameFacts, wellNamed, type FactSpec } from "../../ingest/compile/facts.js";

describe("a fact's name is a noun phrase a person would write", () => {
  it.each([
    ["项目研发投入", "money"],
    ["实缴注册资本", "money"],
    ["房租", "money"],
    ["第一年实到外资", "usd"],
    ["近3年平均增速", "percent"],
    ["年培训人数", "count"],
    ["获得国家科技主管部门认定", "boolean"],
    ["被认定为高新技术企业", "boolean"],
    ["并购海外资源类", "boolean"],
    ["有效发明专利", "count"],
    ["设立年限", "years"],
    ["无严重失信行为", "boolean"],
  ] as const)("%s (%s) is well formed", (name, type) => expect(factNameProblem(name, type)).toBeUndefined());

  it.each([
    ["户数", "count", "过短"],
    ["三年", "money", "过短"],
    ["五个项目", "count", "数字"],
    ["仓储场所5000平方米以上", "count", "数字"],
    ["年度实际减免金额给予不", "money", "给予"],
    ["使用单位各", "money", "残词"],
    ["按申报单位申请当笔贷款基准利率计算的利息", "money", "介词"],
    ["在我市依法注册并获得国家科技主管部门认定", "boolean", "介词"],
    ["达到下列标准", "boolean", "指代"],
    ["分别有多少家", "count", "指代"],
    ["规定给予不超过总投入", "money", "给予"],
    ["推进人才出入境和停居留便利化", "boolean", "政策措施"],
    ["以上(科研机构年度应纳税工资薪金", "money", "介词"],
    ["国家级", "money", "中心词"],
    ["带动", "count", "过短"],
  ] as const)("%s (%s) is a fragment: %s", (name, type, why) => expect(factNameProblem(name, type)).toContain(why));
});

describe("a follow-up question is a well-formed question with its unit", () => {
  it("the questions the compiler writes for well-named facts pass", () => {
    const specs: FactSpec[] = [
      { phrase: "项目研发投入", type: "money" },
      { phrase: "实到外资", type: "usd" },
      { phrase: "年培训人数", type: "count", measure: "人" },
      { phrase: "实际经营年限", type: "years" },
      { phrase: "获得国家科技主管部门认定", type: "boolean" },
      { phrase: "高新技术企业", type: "boolean" },
      { phrase: "瞪羚企业级别", type: "text", options: ["省级", "市级"] },
    ];
    for (const s of specs) expect(followUpProblem(defOf(s).question, s.type, s.measure ?? "个"), defOf(s).question).toBeUndefined();
  });
  it("questions nobody can answer fail", () => {
    expect(followUpProblem("户数有多少户？", "count", "户")).toBeDefined();
    expect(followUpProblem("三年是多少（万元）？", "money")).toBeDefined();
    expect(followUpProblem("规定给予不超过总投入是多少（万元）？", "money")).toBeDefined();
    expect(followUpProblem("分别有多少家？", "count", "家")).toBeDefined();
    expect(followUpProblem("遴选支持20名有多少人？", "count", "人")).toBeDefined();
    expect(followUpProblem("研发投入是多少？", "money")).toContain("单位");
    expect(followUpProblem("贵单位是否规定给予补贴？", "boolean")).toBeDefined();
    expect(followUpProblem("贵单位是否属于“获得3项专利”？", "boolean")).toBeDefined();
  });
  it("a span or a rank that names a statement is not a stray figure (一年内, 前三年内, Top10)", () => {
    expect(followUpProblem("贵单位是否属于“一年内没有因重大违规经营问题受过处罚”？", "boolean")).toBeUndefined();
    expect(followUpProblem("贵单位是否属于“申请年度前三年内引进的技术并已投入生产”？", "boolean")).toBeUndefined();
    expect(followUpProblem("贵单位是否进入电商平台销售排行榜Top10？", "boolean")).toBeUndefined();
  });
});

describe("a fragment name is renamed from its own words, or the fact is not asked", () => {
  it.each([
    ["年度实际减免金额给予不", "money", "年度实际减免金额"],
    ["按申报单位申请当笔贷款基准利率计算的利息", "money", "贷款利息"],
    ["以上(科研机构年度应纳税工资薪金", "money", "科研机构年度应纳税工资薪金"],
    ["以上或年纳税额", "money", "年纳税额"],
    ["批发企业年销售额首次", "money", "批发企业年销售额"],
    ["带动指定低收入农户年增收", "money", "指定低收入农户年增收"],
    ["在我市依法注册并获得国家科技主管部门认定", "boolean", "获得国家科技主管部门认定"],
    ["在杭州市开展电商相关业务且纳入杭州市电商统计监测体系", "boolean", "开展电商相关业务且纳入杭州市电商统计监测体系"],
    ["新认定为市级孵化器的", "boolean", "新认定为市级孵化器"],
    ["规定给予不超过总投入", "money", "总投入"],
  ] as const)("%s → %s", (phrase, type, renamed) => {
    const r = wellNamed({ phrase, type });
    expect("spec" in r && r.spec.phrase).toBe(renamed);
  });

  it("a count named only by its unit is the number applied for", () => {
    const r = wellNamed({ phrase: "户数", type: "count", measure: "户" });
    expect("spec" in r && defOf(r.spec).question).toBe("申报户数有多少户？");
    const months = wellNamed({ phrase: "月数", type: "months" });
    expect("spec" in months && defOf(months.spec).question).toBe("申报月数是几个月？");
  });

  it.each([
    ["三年", "money"],
    ["使用单位各", "money"],
    ["达到下列标准", "boolean"],
    ["50%连续3年全部奖补给企业", "boolean"],
  ] as const)("%s has no name to cut: a problem", (phrase, type) => expect(wellNamed({ phrase, type })).toHaveProperty("problem"));

  it("renames the fact everywhere in the rule", () => {
    const bad: FactSpec = { phrase: "年度实际减免金额给予不", type: "money" };
    const good: FactSpec = { phrase: "年度实际减免金额", type: "money" };
    const r = nameFacts({ amount: { kind: "rate", base: keyOf(bad), rate: 50 }, notes: [] }, [bad]);
    expect(r.problems).toEqual([]);
    expect(r.value.amount.base).toBe(keyOf(good));
    expect(r.specs).toEqual([good]);
  });

  it("a figure the formula reads that cannot be named: the rule is not made, and the report says why", () => {
    const bad: FactSpec = { phrase: "三年", type: "money" };
    const r = nameFacts({ amount: { kind: "rate", base: keyOf(bad), rate: 100 }, notes: [] }, [bad]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/三年.*条款只引原文/);
  });

  it("a statement that cannot be named is told as a note, not asked; an alternative goes with its siblings", () => {
    const bad: FactSpec = { phrase: "达到下列标准", type: "boolean" };
    const ok: FactSpec = { phrase: "高新技术企业", type: "boolean" };
    const other: FactSpec = { phrase: "瞪羚企业", type: "boolean" };
    const leaf = (s: FactSpec) => ({ fact: keyOf(s), op: "eq" as const, value: true, label: s.phrase });
    const r = nameFacts({ conditions: { all: [leaf(bad), leaf(ok)] }, notes: [] as { text: string }[] }, [bad, ok]);
    expect(r.problems).toEqual([]);
    expect(r.value.conditions).toEqual(leaf(ok));
    expect(r.value.notes.map((n) => n.text)).toEqual(["申请时须满足（未计入测算）：达到下列标准"]);
    const any = nameFacts({ conditions: { all: [{ any: [leaf(bad), leaf(other)] }, leaf(ok)] }, notes: [] as { text: string }[] }, [bad, ok, other]);
    expect(any.value.conditions).toEqual(leaf(ok));
    expect(any.value.notes[0].text).toContain("瞪羚企业");
  });

  it("a hand-written fact's phrase keeps its name", () => {
    const s: FactSpec = { phrase: "三年", type: "money" };
    expect(nameFacts({ notes: [] }, [s], () => "investment").problems).toEqual([]);
  });
});
