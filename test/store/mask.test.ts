import { describe, expect, it } from "vitest";
import { MASKS, maskPersonal, storedQuestion } from "../../server/store/mask.js";

/** [what a caller typed, what is stored]: each kind of personal data, in the places it turns up in questions. */
const FIXTURES: [string, string][] = [
  ["我的手机13812345678，能拿多少补贴？", `我的手机${MASKS.mobile}，能拿多少补贴？`],
  ["联系电话：+86 138-1234-5678", `联系电话：${MASKS.mobile}`],
  ["电话 138 1234 5678 谢谢", `电话 ${MASKS.mobile} 谢谢`],
  ["手机１３８１２３４５６７８（全角）", `手机${MASKS.mobile}（全角）`],
  ["座机0571-88886666或(010)12345678", `座机${MASKS.landline}或${MASKS.landline}`],
  ["身份证号110101199003071234的个人能申请吗", `身份证号${MASKS.idCard}的个人能申请吗`],
  ["身份证11010119900307123X", `身份证${MASKS.idCard}`],
  ["老身份证110101900307123", `老身份证${MASKS.idCard}`],
  ["统一社会信用代码91330100MA2H1A2B3C的企业", `统一社会信用代码${MASKS.creditCode}的企业`],
  ["信用代码 91330106ma27xyp12k 查一下", `信用代码 ${MASKS.creditCode} 查一下`],
  ["请发到 zhang.san+hz@example.com.cn 邮箱", `请发到 ${MASKS.email} 邮箱`],
  ["邮箱ｚｓ＠ｑｑ．ｃｏｍ", `邮箱${MASKS.email}`],
  [
    "我是张三，电话13912345678，身份证330102198801011234，公司代码91330100MA2H1A2B3C，邮箱a@b.cn",
    `我是张三，电话${MASKS.mobile}，身份证${MASKS.idCard}，公司代码${MASKS.creditCode}，邮箱${MASKS.email}`,
  ],
];

/** Numbers that are not personal data stay: amounts, years, counts, document numbers. */
const KEPT = [
  "实际投资额13000000000元能拿多少？",
  "投资15000000000 元",
  "营业收入12345678901万元",
  "2023年营收5000万元，员工120人",
  "杭政办函〔2022〕8号第十二条",
  "专利号ZL202310001234.5",
  "12345678901234567890123",
  "热线12345",
  "电话400-800-1234",
];

describe("maskPersonal", () => {
  it.each(FIXTURES)("%s", (input, stored) => {
    expect(maskPersonal(input)).toBe(stored);
  });

  it.each(KEPT)("keeps %s", (input) => {
    expect(maskPersonal(input)).toBe(input);
  });

  it("leaves no digit of a masked number behind", () => {
    const out = maskPersonal("13812345678 110101199003071234");
    expect(out).not.toMatch(/\d/);
  });
});

describe("storedQuestion", () => {
  it("masks, collapses whitespace and caps the length", () => {
    expect(storedQuestion("  我的电话\n13812345678  ")).toBe(`我的电话 ${MASKS.mobile}`);
    expect(storedQuestion("问".repeat(900))).toHaveLength(500);
  });
});
