import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseChineseNumber } from "../../core/text/numbers.js";
import { addFen, fenToYuan, formatFen, formatYuan, minFen, mulFen, percentOf, yuanToFen } from "../../core/rules/money.js";

describe("formatYuan writes amounts the way policies do", () => {
  it.each([
    [2000000, "200万元"],
    [52500, "5.25万元"],
    [500, "500元"],
    [150000000, "1.5亿元"],
    [100000000, "1亿元"],
    [0.3, "0.3元"],
    [10000, "1万元"],
    [9999, "9999元"],
    [21000.3, "2.10003万元"],
    [0, "0元"],
    [10000000000, "100亿元"],
    [123456789.12, "1.2345678912亿元"],
  ])("%s → %s", (yuan, text) => expect(formatYuan(yuan)).toBe(text));
});

describe("exact money in fen", () => {
  it("converts through the decimal form, never binary arithmetic", () => {
    expect(yuanToFen(0.3)).toBe(30n);
    expect(yuanToFen(0.1 + 0.2)).toBe(30n); // 0.30000000000000004 rounds to the fen
    expect(yuanToFen(5000000)).toBe(500000000n);
    expect(yuanToFen(1e15)).toBe(100000000000000000n);
    expect(fenToYuan(30n)).toBe(0.3);
  });

  it("0.3元 × 70003件 is 21000.9元 exactly (binary floats give 21000.899999999998)", () => {
    expect(0.3 * 70003).not.toBe(21000.9);
    expect(fenToYuan(mulFen(yuanToFen(0.3), 70003))).toBe(21000.9);
    expect(fenToYuan(mulFen(yuanToFen(0.3), 3))).toBe(0.9);
  });

  it("percentages round half away from zero to the fen", () => {
    expect(percentOf(yuanToFen(10000000), 20)).toBe(yuanToFen(2000000));
    expect(percentOf(1n, 50)).toBe(1n); // 0.5分 → 1分
    expect(percentOf(1n, 49)).toBe(0n);
    expect(percentOf(yuanToFen(1234.56), 5)).toBe(6173n); // 61.728元 → 61.73元
    expect(percentOf(yuanToFen(1000), 0.5)).toBe(500n);
  });

  it("min, add, mul stay integral", () => {
    expect(minFen(3n, 1n, 2n)).toBe(1n);
    expect(addFen(1n, 2n, 3n)).toBe(6n);
    expect(() => mulFen(1n, 1.5)).toThrow();
    expect(() => yuanToFen(Number.NaN)).toThrow();
  });

  it("formatted amounts read back to the same value (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 16n }), (fen) => {
        const text = formatFen(fen);
        const value = parseChineseNumber(text.replace(/元$/, ""));
        expect(value).toBe(fenToYuan(fen));
      }),
      { numRuns: 300 },
    );
  });
});
