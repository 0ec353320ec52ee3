import { describe, expect, it } from "vitest";
import { findQuantities, parseChineseNumber } from "../../core/text/numbers.js";

describe("parseChineseNumber", () => {
  it.each([
    ["三千", 3000],
    ["一百五十", 150],
    ["一百五", 150],
    ["两", 2],
    ["十二", 12],
    ["二十", 20],
    ["一百零五", 105],
    ["一千零五十", 1050],
    ["两万五", 25000],
    ["两万五千", 25000],
    ["1.2", 1.2],
    ["2,000", 2000],
    ["12,000,000", 12000000],
    ["１０００", 1000],
    ["1.2亿", 120000000],
    ["3千万", 30000000],
    ["三千万", 30000000],
    ["百亿", 10000000000],
    ["150亿", 15000000000],
    ["一亿五千万", 150000000],
    ["1万亿", 1000000000000],
    ["5.25万", 52500],
    ["0.3", 0.3],
    ["三点五", 3.5],
    ["二〇二二", 2022],
    ["壹佰贰拾", 120],
    ["万万", 100000000],
    ["-5", -5],
  ])("%s → %d", (s, v) => {
    expect(parseChineseNumber(s)).toBe(v);
  });

  it.each([["abc"], [""], ["十四五"], ["1..2"], ["元"]])("%s is not a number", (s) => {
    expect(parseChineseNumber(s)).toBeUndefined();
  });

  it("chained units stay finite", () => {
    const v = parseChineseNumber("亿亿亿万万");
    expect(v === undefined || Number.isFinite(v)).toBe(true);
  });
});

type Q = { value: number; unit: string; measure?: string; perUnit?: boolean; window?: boolean };
const only = (text: string) => {
  const qs = findQuantities(text);
  expect(qs).toHaveLength(1);
  const { value, unit, measure, perUnit, window } = qs[0];
  return { value, unit, measure, perUnit, window } as Q;
};

describe("findQuantities: money", () => {
  it.each([
    ["1500万", 15000000],
    ["1500万元", 15000000],
    ["1.2亿元", 120000000],
    ["3千万", 30000000],
    ["三千万元", 30000000],
    ["2,000万元", 20000000],
    ["12000000元", 12000000],
    ["5.25万元", 52500],
    ["１０００万元", 10000000],
    ["百亿", 10000000000],
    ["150亿", 15000000000],
    ["一千二百万元", 12000000],
    ["1000多万元", 10000000],
    ["0.01元", 0.01],
    // The ways an asker says a sum in words (issue 18): 八千万 / 一个亿 / 两个亿 / 两千万 / 三百五十万元.
    ["八千万", 80000000],
    ["一个亿", 100000000],
    ["两个亿", 200000000],
    ["两千万", 20000000],
    ["三百五十万元", 3500000],
    ["一亿两千万元", 120000000],
    ["0.8亿元", 80000000],
  ])("%s → %d yuan", (s, v) => {
    const q = only(s);
    expect(q.unit).toBe("yuan");
    expect(q.value).toBe(v);
    expect(q.perUnit).toBeUndefined();
  });

  it.each([
    ["0.3元/件", 0.3, "件"],
    ["500元/台", 500, "台"],
    ["1元/单", 1, "单"],
    ["每台2000元", 2000, "台"],
    ["每个展位5000元", 5000, "展位"],
  ])("%s is a per-unit rate", (s, v, measure) => {
    const q = only(s);
    expect(q).toMatchObject({ unit: "yuan", value: v, measure, perUnit: true });
  });

  it("keeps offsets into the original text", () => {
    const text = "实际投资额１０００万元，";
    const [q] = findQuantities(text);
    expect(text.slice(q.start, q.end)).toBe("１０００万元");
    expect(q.raw).toBe("１０００万元");
  });

  it("a range shares the second number's unit", () => {
    const qs = findQuantities("5-10万元");
    expect(qs.map((q) => [q.value, q.unit])).toEqual([
      [50000, "yuan"],
      [100000, "yuan"],
    ]);
  });
});

describe("findQuantities: percent, counts, durations", () => {
  it.each([
    ["20%", 20],
    ["20％", 20],
    ["百分之二十", 20],
    ["百分之20", 20],
    ["两成", 20],
    ["增长两成", 20],
    ["200%", 200],
    ["增速-5%", -5],
    ["3个百分点", 3],
  ])("%s → %d percent", (s, v) => {
    expect(only(s)).toMatchObject({ unit: "percent", value: v });
  });

  it.each([
    ["8个标准展位", 8, "个"],
    ["3个行政村", 3, "个"],
    ["4台", 4, "台"],
    ["30万件", 300000, "件"],
    ["280人", 280, "人"],
    ["40学时", 40, "学时"],
    ["60家", 60, "家"],
    ["五十五件", 55, "件"],
    ["300余家", 300, "家"],
    ["1200人次", 1200, "人次"],
    ["3.5万人次", 35000, "人次"],
    ["两万人次", 20000, "人次"],
  ])("%s → %d %s", (s, v, m) => {
    expect(only(s)).toMatchObject({ unit: "count", value: v, measure: m });
  });

  it.each([
    ["运营满2年", 2, "years", undefined],
    ["成立4年", 4, "years", undefined],
    ["3个月", 3, "months", undefined],
    ["连续三个月", 3, "months", undefined],
    ["近3年", 3, "years", true],
    ["近三年", 3, "years", true],
    ["最近两年", 2, "years", true],
    ["3年内", 3, "years", true],
    ["2倍", 2, "times", undefined],
  ])("%s → %d %s (window %s)", (s, v, unit, window) => {
    const q = only(s);
    expect(q).toMatchObject({ value: v, unit });
    expect(q.window).toBe(window);
  });

  it("calendar dates are not durations", () => {
    const qs = findQuantities("2022年7月1日起施行");
    expect(qs.map((q) => q.unit)).toEqual(["year", "date", "date"]);
  });

  it.each([["一成不变"], ["千万不要"], ["万一"], ["十四五规划"], ["第一个"]])("%s has no quantity", (s) => {
    expect(findQuantities(s)).toEqual([]);
  });
});
