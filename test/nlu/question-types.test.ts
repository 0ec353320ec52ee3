import { describe, expect, it } from "vitest";
import { asksMoney, classifyQuestion, loadQuestionVocab, parseQuestionVocab } from "../../server/nlu/question-types.js";

const vocab = loadQuestionVocab();
const type = (q: string) => classifyQuestion(q, vocab)?.id;

describe("document question types (corpus/vocab/question-types.yaml)", () => {
  it.each([
    ["杭州新电商政策现在还有效吗？", "validity"],
    ["苏州登峰行动计划到期了吗？", "validity"],
    ["辽宁省企业技术创新专项资金管理办法是什么时候开始施行的？", "effective"],
    ["专利转化专项计划的实施方案要在什么时候之前报送备案？", "deadline"],
    ["东莞专利申请资助的系统审核时间是什么时候？", "deadline"],
    ["甘井子科技项目验收要在合同到期后多久内完成？", "deadline"],
    ["余杭区的企业拿到的新电商奖补资金，由哪级财政承担？", "payer"],
    ["生态科技创新城的奖励资金从哪里出？", "payer"],
    ["甘井子区应用技术研究与开发资金支持的项目，验收不通过会怎么样？", "consequence"],
    ["项目单位如果弄虚作假，会有什么后果？", "consequence"],
    ["同时符合区里其他优惠政策，可以两边都拿吗？", "stacking"],
    ["本政策和市里的同类奖励重合了，怎么享受？", "stacking"],
    ["申报扶持资金要提供哪些材料？", "procedure"],
    ["融资租赁扶持由哪个部门受理？", "procedure"],
    ["登峰行动计划项目是怎么评审立项的？", "procedure"],
    ["总部型企业是指什么？", "definition"],
    ["什么是高价值专利培育示范中心？", "definition"],
    ["每年最多支持几个项目？", "limit"],
    ["东丽区现在还给专利申请资助吗？", "exists"],
    ["政府投入100万元，企业知识产权投入至少要多少？", "ratio"],
  ])("%s → %s", (q, id) => expect(type(q)).toBe(id));

  it("leaves questions about amounts and eligibility to the rules", () => {
    for (const q of ["我们是刚落户杭州的新电商企业，实际投资额1000万元，一年能获得多少资助？", "企业申报江苏省高价值专利培育示范中心需要满足什么条件？", "火炬高新区2024年完成GDP多少？"]) expect(type(q)).toBeUndefined();
  });

  it("a subsidy asked at least (\"最少能拿多少\") is not a ratio question", () => expect(type("投资1000万元最少能拿多少补贴？")).not.toBe("ratio"));

  it("tells a question that also asks an amount", () => {
    expect(asksMoney("一次性配套资金能拿多少？能叠加吗？", vocab)).toBe(true);
    expect(asksMoney("可以两边都拿吗？", vocab)).toBe(false);
  });

  it("rejects a broken vocabulary with a Chinese message naming the problem", () => {
    expect(() => parseQuestionVocab("money: [多少钱]\nactions: 申报\nforms: 申报表\ntypes:\n  - id: validity\n    ask: ['(未闭合']\n    cue: [施行]\n")).toThrow(/问题类型词表.*types\.0\.ask\.0.*正则/);
    expect(() => parseQuestionVocab("money: [多少钱]\nactions: 申报\nforms: 申报表\ntypes:\n  - id: nonsense\n    ask: [x]\n    cue: [y]\n")).toThrow(/问题类型词表/);
    expect(() => parseQuestionVocab("types: [a, [b")).toThrow(/问题类型词表.*不是有效的 YAML/);
    expect(() => parseQuestionVocab("money: [多少钱]\nactions: 申报\nforms: 申报表\ntypes:\n  - {id: limit, ask: [x], cue: [y]}\n  - {id: limit, ask: [x], cue: [y]}\n")).toThrow(/重复/);
  });
});
