import { describe, expect, it } from "vitest";
import { applyRepeals, extractValidity, titlePeriod } from "../../ingest/validity.js";

/**
 * Real validity wordings, each with the period it states. Sources: the
 * development corpus (dev), the seed documents (seed), and the wordings of
 * unseen documents quoted in issue 10 (issue). `published` is the document's
 * own date where the wording depends on it.
 */
const TABLE: { src: string; text: string; published?: string; title?: string; from?: string; to?: string; onPub?: boolean }[] = [
  // seed: 杭州新电商 (二十二)
  { src: "seed", text: "(二十二)本意见自2022年7月1日起施行,有效期至2025年12月31日,由市电子商务工作联席会议办公室(市商务局)负责牵头组织实施。", from: "2022-07-01", to: "2025-12-31" },
  // seed: 江苏省高价值专利培育示范中心 第二十条 (no end)
  { src: "seed", text: "第十九条  本办法由江苏省知识产权局负责解释。        第二十条  本办法自2021年10月1日起施行。", from: "2021-10-01" },
  // dev 10/11: 南沙 第三十七条
  { src: "dev", text: "第三十七条 本办法自2017年1月1日起施行，有效期5年。本办法有效期内如遇法律、法规或有关政策调整变化的，从其规定。", from: "2017-01-01", to: "2021-12-31" },
  // dev 13/15: 鹿城 附则 6．(start on publication, end stated)
  { src: "dev", text: "6．本政策自印发之日起施行，有效期至2021年12月31日，相关实施细则另行制定。", to: "2021-12-31", onPub: true },
  // dev 14: "有效期到"
  { src: "dev", text: "6．本政策自印发之日起施行，有效期到2021年12月31日，相关实施细则另行制定。", to: "2021-12-31", onPub: true },
  // dev 14 with its publication date known: the start is that date
  { src: "dev", text: "6．本政策自印发之日起施行，有效期到2021年12月31日，相关实施细则另行制定。", published: "2019-01-01", from: "2019-01-01", to: "2021-12-31", onPub: true },
  // dev 01/04/08/09: 自发布之日起施行, date unknown
  { src: "dev", text: "第二十四条 本办法自发布之日起施行。", onPub: true },
  // dev 01 with the document's date: that date
  { src: "dev", text: "第二十四条 本办法自发布之日起施行。", published: "2016-05-10", from: "2016-05-10", onPub: true },
  // dev 02: 实行
  { src: "dev", text: "第十五条 本办法自发布之日起实行。", published: "2018-03-01", from: "2018-03-01", onPub: true },
  // dev 03: 印发之日起实行
  { src: "dev", text: "第十七条 本办法自印发之日起实行。", published: "2019-07-15", from: "2019-07-15", onPub: true },
  // dev 05: 本政策措施 … 施行
  { src: "dev", text: "本政策措施自发布之日起施行，如有关政策法律法规依据发生变化，将根据情况予以评估修订。", published: "2018-09-30", from: "2018-09-30", onPub: true },
  // issue: period first, Arabic numerals
  { src: "issue", text: "第二十二条 本办法有效期3年，自2019年1月1日起施行。", from: "2019-01-01", to: "2021-12-31" },
  // issue: period first, Chinese numerals
  { src: "issue", text: "第十八条 本办法有效期五年，自2016年7月1日起施行。", from: "2016-07-01", to: "2021-06-30" },
  // issue: 执行 … 暂定N年
  { src: "issue", text: "本细则自2018年1月1日起执行，暂定2年。", from: "2018-01-01", to: "2019-12-31" },
  { src: "issue", text: "本办法自2017年5月1日起执行，暂定三年。", from: "2017-05-01", to: "2020-04-30" },
  // issue: start in one article, end in the next
  { src: "issue", text: "第二十五条 本办法自2019年3月1日起施行。\n第二十六条 本办法有效期至2022年2月28日。", from: "2019-03-01", to: "2022-02-28" },
  // issue: 自发布之日起施行 with 暂定N年, the document's own date
  { src: "issue", text: "本方案自发布之日起施行，暂定三年有效期。", published: "2024-03-01", from: "2024-03-01", to: "2027-02-28", onPub: true },
  // issue: 试行N年
  { src: "issue", text: "本办法自2020年1月1日起试行，试行期两年。", from: "2020-01-01", to: "2021-12-31" },
  { src: "issue", text: "本办法自印发之日起试行2年。", published: "2021-06-15", from: "2021-06-15", to: "2023-06-14", onPub: true },
  // Chinese-numeral date
  { src: "issue", text: "本规定自二〇一九年一月一日起施行，有效期三年。", from: "2019-01-01", to: "2021-12-31" },
  // dev 15: the period of the awards it covers
  { src: "dev", text: "1.关于政策适用对象。本政策适用于2019年1月1日-2021年12月31日的奖补对象。\n6.本政策自印发之日起施行，有效期至2021年12月31日，相关实施细则另行制定。", from: "2019-01-01", to: "2021-12-31" },
  // a range of two dates
  { src: "issue", text: "本政策有效期为2019年1月1日至2021年12月31日。", from: "2019-01-01", to: "2021-12-31" },
  { src: "issue", text: "本意见自2020年1月1日起至2022年12月31日止执行。", from: "2020-01-01", to: "2022-12-31" },
  // years only in the body
  { src: "issue", text: "本行动计划执行期为2021—2023年。", from: "2021-01-01", to: "2023-12-31" },
  // end alone
  { src: "issue", text: "有效期至2025年12月31日。", to: "2025-12-31" },
  // a plan's period in its title
  { src: "seed", text: "", title: "苏州市企业知识产权登峰行动计划(2021~2023年)", from: "2021-01-01", to: "2023-12-31" },
  { src: "seed", text: "", title: "淄博市国家知识产权强市试点城市建设工作方案（2022—2025年）", from: "2022-01-01", to: "2025-12-31" },
  // seed 000: the published heading drops the dash
  { src: "seed", text: "", title: "淄博市国家知识产权强市试点城市建设工作方案(20222025年)", from: "2022-01-01", to: "2025-12-31" },
  { src: "seed", text: "", title: "东丽区知识产权“十四五”发展规划", from: "2021-01-01", to: "2025-12-31" },
  // a stated start and the title's period end
  { src: "issue", text: "本计划自2021年3月1日起施行。", title: "某市知识产权三年行动计划（2021-2023年）", from: "2021-03-01", to: "2023-12-31" },
];

describe("validity wordings (table)", () => {
  it("has at least 20 real wordings", () => expect(TABLE.length).toBeGreaterThanOrEqual(20));

  it.each(TABLE.map((r) => [`${r.src}: ${r.text || r.title}${r.published ? ` (published ${r.published})` : ""}`, r] as const))("%s", (_, r) => {
    const v = extractValidity(r.text, r.published, r.title);
    expect({ validFrom: v.validFrom, validTo: v.validTo }).toEqual({ validFrom: r.from, validTo: r.to });
    expect(Boolean(v.effectiveOnPublication)).toBe(Boolean(r.onPub));
    // Every date is quoted from where it was read.
    if (r.from || r.to || r.onPub) {
      expect(v.validityQuotes?.length).toBeGreaterThan(0);
      for (const q of v.validityQuotes ?? []) expect(`${r.text}${r.title ?? ""}`.includes(q)).toBe(true);
    }
  });

  it("the start and the end from different articles are both quoted", () => {
    const v = extractValidity("第二十五条 本办法自2019年3月1日起施行。\n第二十六条 本办法有效期至2022年2月28日。", undefined, undefined);
    expect(v.validityQuotes).toEqual(["第二十五条 本办法自2019年3月1日起施行。", "第二十六条 本办法有效期至2022年2月28日。"]);
  });

  it("dates of other things are not the document's validity", () => {
    expect(extractValidity("对2019年1月1日起新设立的企业，给予一次性奖励。", undefined, undefined)).toEqual({});
    expect(extractValidity("可换发入境有效期5年、停留期不超过180日的多次入境R字签证。", "2018-01-01", undefined)).toEqual({});
    expect(extractValidity("落户三年内纳入本区规模以上企业统计且在高新技术企业有效期内的，再给予20万元奖励。", undefined, undefined).validTo).toBeUndefined();
  });

  it("a title without a period gives none", () => expect(titlePeriod("辽宁省企业技术创新专项资金管理办法")).toBeUndefined());
});

describe("repeal", () => {
  it("同时废止《…》 marks the named corpus document as superseded from the new one's start", () => {
    const older = { id: "old", title: "大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）" } as { id: string; title: string; supersededBy?: string; supersededFrom?: string };
    const v = extractValidity(
      "第二十七条 本办法自2019年1月1日起施行。原《大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）》（大发改工业字〔2013〕232号）同时废止。",
      undefined,
      undefined,
    );
    expect(v.repeals).toEqual(["大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）"]);
    const newer = { id: "new", title: "大连市鼓励制造业重点领域首台(套）技术设备示范应用推广资金管理办法", ...v };
    const other = { id: "other", title: "辽宁省首台（套）重大技术装备专项补助资金管理办法" } as typeof older;
    applyRepeals([older, newer, other]);
    expect(older).toMatchObject({ supersededBy: "new", supersededFrom: "2019-01-01" });
    expect(other.supersededBy).toBeUndefined();
  });

  it("a repealed document not in the corpus marks nothing", () => {
    const v = extractValidity("第二十一条 本办法自发布之日起施行。省财政厅、省经信委于2012年12月27日联合印发的《辽宁省首台（套）重大技术装备专项补助资金管理暂行办法》（辽财企〔2012〕1014号）同时废止。", undefined, undefined);
    expect(v.repeals).toEqual(["辽宁省首台（套）重大技术装备专项补助资金管理暂行办法"]);
    const docs = [{ id: "a", title: "辽宁省首台（套）重大技术装备专项补助资金管理办法", ...v }];
    applyRepeals(docs);
    expect(docs[0]).not.toHaveProperty("supersededBy");
  });
});
