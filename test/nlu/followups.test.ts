import { describe, expect, it } from "vitest";
import { askedFacts, understand } from "../../server/chat/understand.js";
import { extractFacts } from "../../server/nlu/extract.js";

describe("phrasings found missing in review", () => {
  it.each([
    ["杭州行业协会设立了40个新电商统计监测点", { monitorPoints: 40 }],
    ["我司刚把总部搬到杭州，是做直播电商的", { newlySettled: true, isEcommerce: true }],
    ["杭州一家新电商企业落户后投资额为300万元", { newlySettled: true, investment: 3000000 }],
    ["我们在天猫销售排行榜进了前10", { isEcommerce: true, inTop10: true }],
  ])("%s", (text, expected) => expect(extractFacts(text).facts).toMatchObject(expected));
});

describe("a bare reply answers the questions the assistant asked", () => {
  it("finds the asked facts in the assistant's answer, in order", () => {
    expect(askedFacts("**还需要您补充**\n- 设置了多少台外卖柜？\n- 每台外卖柜的购买价是多少？")).toEqual(["lockers", "lockerPrice"]);
    expect(askedFacts("没有追问")).toBeUndefined();
  });

  it("binds '20台，每台1500元' to the count and the unit price asked for", () => {
    const u = understand(
      [
        { role: "user", content: "我们是杭州的电商企业，想了解外卖柜补贴" },
        { role: "assistant", content: "**还需要您补充**\n- 设置了多少台外卖柜？\n- 每台外卖柜的购买价是多少？" },
        { role: "user", content: "我们买了20台，每台1500元" },
      ],
      {},
    );
    expect(u.profile).toMatchObject({ lockers: 20, lockerPrice: 1500 });
    expect(u.intent).not.toBe("out_of_scope");
  });

  it("binds a bare 还没有 to the yes/no question asked", () => {
    const u = understand(
      [
        { role: "user", content: "杭州新落户电商企业投资1000万能拿多少？" },
        { role: "assistant", content: "**还需要您补充**\n- 贵企业是否已纳入国家统计局联网直报平台并上报统计数据？" },
        { role: "user", content: "还没有" },
      ],
      {},
    );
    expect(u.profile.onDirectReport).toBe(false);
  });

  it("reads 'how long' about a programme as a document question", () => {
    expect(understand([{ role: "user", content: "江苏省高价值专利培育示范中心建设期多长？" }], {}).intent).toBe("document_fact");
    expect(understand([{ role: "user", content: "萧山区企业的新电商补贴资金谁出？" }], {}).intent).toBe("payer");
  });
});

describe("the longest keyword said wins", () => {
  it("'外卖柜' does not also say '外卖'", async () => {
    const { keywordsSaid } = await import("../../server/chat/select.js");
    const rules = [{ keywords: ["外卖", "外卖平台"] }, { keywords: ["外卖柜"] }] as never;
    expect([...keywordsSaid("想了解外卖柜补贴", rules)]).toEqual(["外卖柜"]);
    expect([...keywordsSaid("外卖平台和外卖柜", rules)].sort()).toEqual(["外卖平台", "外卖柜"].sort());
  });
});

describe("more phrasings from review", () => {
  it.each([
    ["杭州电商企业研发了一套营销系统，取得了软件认证，研发投入1200万元", { selfDevelopedCertifiedSystem: true, rdInvestment: 12000000 }],
    ["杭州电商平台年交易额120亿，能拿多少奖励？", { isEcommercePlatform: true, annualTransactionVolume: 12000000000 }],
    ["江苏一家企业从上海高校引进专利，合同金额80万元", { province: "江苏省" }],
    ["我们在余杭区，总部原来在上海", { district: "余杭区", city: "杭州市" }],
  ])("%s", (text, expected) => expect(extractFacts(text).facts).toMatchObject(expected));

  it("临安区…市里出多少 asks who pays", () => {
    expect(understand([{ role: "user", content: "临安区的电商企业拿到补贴，市里出多少？" }], {}).intent).toBe("payer");
  });
});

describe("a zero amount stays zero", () => {
  it.each([["投资0.00万元", 0], ["投资0.00亿元", 0], ["投资0.5万元", 5000]])("%s", async (text, value) => {
    const { findQuantities } = await import("../../core/text/numbers.js");
    expect(findQuantities(text)[0]?.value).toBe(value);
  });

  it("a bare unit is still its own value, and chains multiply", async () => {
    const { parseChineseNumber } = await import("../../core/text/numbers.js");
    expect(parseChineseNumber("万")).toBe(10000);
    expect(parseChineseNumber("万万")).toBe(100000000);
  });
});
