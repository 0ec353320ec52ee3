import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { serverForSuite, startCorpusServer } from "../helpers/server.js";
import { converse as converseOver, type TurnReply } from "../helpers/chat.js";

/**
 * Facts across turns and wordings, through the real server over a real document (no rule file). The
 * document pays 20% of the 首次销售价格 up to 1500万元, and its conditions name the same figure
 * 首套销售价格 (成套) or 首台销售价格 (单机): an asker who says 成交价, 售价 or the conditions' words,
 * in numerals or in Chinese (八千万, 一个亿, 两千万), is understood, never asked for it again, and a
 * figure said in a later turn replaces the earlier one.
 */

const source = fileURLToPath(new URL("../fixtures/dev-extra/09_liaoning_shoutaitao_zhuangbei_buzhu.txt", import.meta.url));

const server = serverForSuite(() => startCorpusServer([source]), 120_000);
type Reply = TurnReply;

const converse = (...turns: string[]) => converseOver<Reply>(server.url, ...turns);

const asks = (r: Reply) => (r.followUpFacts ?? []).map((f) => f.label).join("、");
/** The amount of the provision that pays a share of the price (第五条). */
const priceAmount = (r: Reply) => r.matches.find((m) => m.article.startsWith("第五条") && m.amount?.yuan !== undefined && m.amount.yuan !== 2_000_000)?.amount?.yuan;

describe("a price said in other words, in any turn", () => {
  it("the question with no price asks for it", async () => {
    const [r] = await converse("我们是辽宁的装备制造企业，研制的成套重大技术装备能拿多少首台套补助？");
    expect(asks(r)).toMatch(/销售价格/);
  });

  it.each([
    ["首套销售价格两千万", 4_000_000],
    ["成交价两千万元", 4_000_000],
    ["售价三百五十万元", 700_000],
    ["首次销售价格是八千万", 15_000_000],
    ["首套销售价格是一个亿", 15_000_000],
  ])("%s in a later turn answers the question asked and is not asked again (%d元)", async (said, yuan) => {
    const [, second] = await converse("我们是辽宁的装备制造企业，研制的成套重大技术装备能拿多少首台套补助？", said);
    expect(asks(second)).not.toMatch(/销售价格/);
    expect(priceAmount(second)).toBe(yuan);
  });

  it("given in the first turn, it is not asked in the next; a figure said later replaces it", async () => {
    const [first, second, third] = await converse("辽宁一家企业，成套重大技术装备首次成交价2000万元，首台套补助能拿多少？", "我们在沈阳", "不对，首次销售价格应该是1.2亿");
    expect(priceAmount(first)).toBe(4_000_000);
    expect(asks(second)).not.toMatch(/销售价格/);
    expect(priceAmount(second)).toBe(4_000_000);
    expect(asks(third)).not.toMatch(/销售价格/);
    expect(priceAmount(third)).toBe(15_000_000);
  });
});
