import { describe, expect, it } from "vitest";
import type { FactDef } from "../../core/facts/registry.js";
import { definitions, documentAliases, kindOf, sumNames } from "../../ingest/compile/aliases.js";
import { bindFacts } from "../../server/nlu/bind.js";
import { synonyms } from "../../server/nlu/synonyms.js";

const money = (label: string, phrases: string[] = [label]): FactDef => ({ key: `c:${label}:元`, type: "money", label, question: `${label}是多少（万元）？`, group: "条款事实", phrases, compiled: true });

describe("the other names a document gives a figure", () => {
  it("definitions: X（以下简称Y）", () => {
    expect(definitions("市政府设立首台套技术设备推广资金（以下简称推广资金）。对首台套产品最终销售价格(以下简称“售价”)在500万元以上的")).toEqual([
      ["市政府设立首台套技术设备推广资金", "推广资金"],
      ["对首台套产品最终销售价格", "售价"],
    ]);
    const price = money("最终销售价格");
    expect(documentAliases([price], () => ["d"], () => "对首台套产品最终销售价格(以下简称“售价”)在500万元以上的").get(price.key)).toEqual(["售价"]);
  });

  it("sums named before a figure, as a person would name them", () => {
    expect([...sumNames("申报条件：成交价不低于500万元。对年营业收入达到2000万元以上的，给予10万元奖励。")]).toEqual(expect.arrayContaining(["成交价", "年营业收入"]));
  });

  it("kinds of sum by their head noun", () => {
    expect(kindOf("最终销售价格")).toBe("price");
    expect(kindOf("成交价")).toBe("price");
    expect(kindOf("年营业收入")).toBe("revenue");
    expect(kindOf("贷款利息")).toBe("interest");
    expect(kindOf("申报户数")).toBeUndefined();
  });

  const text = "第五条 对首台套产品，按最终销售价格的20%给予补助，最高200万元。\n第六条 申报条件：成交价不低于500万元；年营业收入不低于1000万元。";

  it("a document's other name of the one figure of its kind joins that figure", () => {
    const price = money("最终销售价格");
    const aliases = documentAliases([price], () => ["d"], () => text);
    expect(aliases.get(price.key)).toEqual(["成交价"]);
  });

  it("two figures of one kind in a document: no guess which one the other name is", () => {
    const a = money("最终销售价格");
    const b = money("首次采购价格");
    expect(documentAliases([a, b], () => ["d"], () => text).size).toBe(0);
  });

  it("a name from another document is not this figure's", () => {
    const price = money("最终销售价格");
    expect(documentAliases([price], () => ["d"], (d) => (d === "d" ? "按最终销售价格的20%给予补助" : text)).size).toBe(0);
  });
});

describe("binding by the document's other names", () => {
  it("成交价800万元 fills the figure the clause calls 最终销售价格", () => {
    const price = money("最终销售价格", ["最终销售价格", "成交价"]);
    const out = bindFacts([price], ["我们的首台套产品成交价800万元"], synonyms());
    expect(out.map((b) => [b.key, b.value])).toEqual([[price.key, 8_000_000]]);
  });
});
