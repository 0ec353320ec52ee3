import { describe, expect, it } from "vitest";
import { clauseNumbers, valueForField, wanToYuan, yuanToWanNumber } from "../../web/src/admin/units.js";

/** The rule editor enters and shows money in 万元 and stores 元; a clicked figure fills a field in its unit. */
describe("rule editor units", () => {
  it("万元 ↔ 元 to the fen", () => {
    expect(wanToYuan(0.35)).toBe(3500);
    expect(wanToYuan(2)).toBe(20000);
    expect(wanToYuan(0.0001)).toBe(1);
    expect(yuanToWanNumber(5000000)).toBe(500);
  });

  it("figures of a clause, clicked into a money, percent or count field", () => {
    const nums = clauseNumbers("按实验室面积每50平方米折算一个标准间，每个标准间补助2万元，按投资额的20%，不超过5000元，3.5‰");
    expect(nums.map((n) => n.text)).toEqual(["50平方米", "2万元", "20%", "5000元", "3.5‰"]);
    expect(valueForField(nums[1], "money")).toBe(2);
    expect(valueForField(nums[3], "money")).toBe(0.5);
    expect(valueForField(nums[2], "percent")).toBe(20);
    expect(valueForField(nums[4], "percent")).toBe(0.35);
    expect(valueForField(nums[0], "integer")).toBe(50);
  });
});
