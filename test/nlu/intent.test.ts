import { describe, expect, it } from "vitest";
import { classifyIntent, detectTopics, type Intent } from "../../server/nlu/intent.js";

describe("classifyIntent", () => {
  it.each<[string, Intent]>([
    ["我们是杭州的新电商企业，能拿什么补贴？", "which_subsidies"],
    ["有哪些政策可以申请", "which_subsidies"],
    ["高新技术企业有什么扶持政策", "which_subsidies"],
    ["我们是刚落户杭州的新电商企业", "which_subsidies"],
    ["我们是刚落户杭州的新电商企业，实际投资额1000万元，一年能获得多少资助？", "how_much"],
    ["外卖柜每台能补多少", "how_much"],
    ["最多能拿多少钱", "how_much"],
    ["参展展位费补贴多少", "how_much"],
    ["Top10企业奖励多少", "how_much"],
    ["申报登峰行动计划需要满足什么条件", "conditions"],
    ["我们还没纳入联网直报，能申报吗？", "conditions"],
    ["我们符合小升规奖励的条件吗", "conditions"],
    ["高价值专利培育示范中心的申报要求是什么", "conditions"],
    ["中山火炬开发区2025年GDP目标是多少", "document_fact"],
    ["火炬区去年完成GDP多少", "document_fact"],
    ["东丽区获得了多少中央财政资金", "document_fact"],
    ["每年开展多少个专利导航项目", "document_fact"],
    ["这个政策的有效期到什么时候", "validity"],
    ["杭州新电商政策什么时候到期", "validity"],
    ["这个意见现在还有效吗", "validity"],
    ["补贴资金由哪级财政承担", "payer"],
    ["萧山区的奖励谁出钱", "payer"],
    ["奖补资金怎么拨付", "procedure"],
    ["如何申报新电商示范企业", "procedure"],
    ["申报材料什么时候之前报送", "procedure"],
    ["个人所得税专项附加扣除怎么填", "out_of_scope"],
    ["明天杭州天气怎么样", "out_of_scope"],
    ["asdfgh", "out_of_scope"],
    ["快递进村的补贴标准是什么", "how_much"],
    ["外卖柜补贴比例是多少", "how_much"],
    ["高价值专利培育示范中心的资助资金是多少", "how_much"],
    ["这个政策适用于上海的企业吗", "conditions"],
    ["申报登峰需要有效发明专利多少件", "conditions"],
    ["淄博市知识产权示范企业有多少家", "document_fact"],
    ["苏州市知识产权强企培育工程分几个层次", "document_fact"],
    ["有哪几类补贴", "which_subsidies"],
    ["你好", "greeting"],
    ["您好！", "greeting"],
    ["谢谢", "greeting"],
  ])("%s → %s", (text, intent) => {
    expect(classifyIntent(text).intent).toBe(intent);
  });

  it("flags a request for the maximum", () => {
    const r = classifyIntent("最多能拿多少补贴？");
    expect(r.flags.asksMaximum).toBe(true);
    expect(classifyIntent("能拿多少补贴").flags.asksMaximum).toBe(false);
  });

  it("keeps the other asks as secondary", () => {
    const r = classifyIntent("需要满足什么条件，最多能拿多少？");
    expect(r.intent).toBe("how_much");
    expect(r.secondary).toContain("conditions");
  });

  it("notes self-reference and yes/no questions", () => {
    const r = classifyIntent("我们能申报吗？");
    expect(r.flags).toMatchObject({ selfReference: true, yesNo: true });
  });
});

describe("detectTopics", () => {
  it.each<[string, string[]]>([
    ["新招引的电商企业有什么奖励", ["招引"]],
    ["小升规奖励多少", ["小升规"]],
    ["外卖柜补贴", ["外卖柜"]],
    ["参展的展位费能补吗", ["展位"]],
    ["苏州登峰行动计划", ["登峰"]],
    ["知识产权强企培育", ["强企"]],
    ["高价值专利培育示范中心", ["高价值专利培育示范中心"]],
    ["引进省外专利技术转化", ["专利转化"]],
    ["专利导航项目", ["专利导航"]],
    ["有效发明专利55件", ["有效发明专利"]],
    ["2025年GDP目标", ["GDP"]],
    ["建设新电商园区", ["园区"]],
  ])("%s → %j", (text, topics) => {
    expect(detectTopics(text)).toEqual(expect.arrayContaining(topics));
  });

  it("orders topics by appearance and does not invent any", () => {
    expect(detectTopics("外卖柜和展位")).toEqual(["外卖柜", "展位"]);
    expect(detectTopics("今天吃什么")).toEqual([]);
  });
});
