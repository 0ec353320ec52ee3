import { describe, expect, it } from "vitest";
import { factPhrase } from "../../ingest/compile/phrase.js";

describe("a fact's phrase from the words before its number", () => {
  it("drops the grammar around the noun", () => {
    expect(factPhrase("按不超过项目研发投入的")).toBe("项目研发投入");
  });
  it("words that start inside an item's label keep only the noun after it", () => {
    expect(factPhrase("5)实缴注册资本")).toBe("实缴注册资本");
    expect(factPhrase("（5）实缴注册资本")).toBe("实缴注册资本");
  });
  it("an aside in brackets inside the words is not part of the phrase", () => {
    expect(factPhrase("实际投资额（不含土地）")).toBe("实际投资额");
  });
});
