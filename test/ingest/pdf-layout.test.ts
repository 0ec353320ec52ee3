import { describe, expect, it } from "vitest";
import { chineseCounting, formatNumber } from "../../ingest/loaders/ooxml-numbering.js";
import { fixGlyphs, isPageNumber, layOut, type PageRuns, type Run } from "../../ingest/loaders/pdf-layout.js";

/** A line of glyph runs as a PDF's text layer holds them: one run per character, 12pt, at (x, y). */
function line(text: string, x: number, y: number, size = 12): Run[] {
  return [...text].map((c, i) => ({ str: c, x: x + i * size, y, width: size, size }));
}
/** A page 30 characters wide (x 50…410) with a running header and footer. */
function page(n: number, total: number, body: Run[][]): PageRuns {
  return { width: 460, height: 700, runs: [...line(`2025/1/5 10:23 某某办法`, 20, 680, 8), ...body.flat(), ...line(`- ${n} -`, 220, 20, 9), ...line(`${n}/${total}`, 400, 10, 8)] };
}

describe("PDF layout", () => {
  it("re-joins a line broken by the page width inside a number and its unit, and keeps article breaks", () => {
    const full = "第三条对新引进的企业按实际投资额给予奖励，最高给予50";
    const out = layOut([
      page(1, 2, [line(full, 50, 600), line("万元。", 50, 585), line("第四条本办法自发布之日起施行。", 50, 570)]),
      page(2, 2, [line("第五条本办法由市财政局负责解释。", 50, 600)]),
    ]);
    expect(out.text).toBe("第三条对新引进的企业按实际投资额给予奖励，最高给予50万元。\n第四条本办法自发布之日起施行。\n第五条本办法由市财政局负责解释。\n");
    expect(out.pages).toEqual([0, out.text.indexOf("第五条")]);
  });

  it("keeps a short line that ends a sentence as a paragraph end, and an indented line as a paragraph start", () => {
    const out = layOut([
      page(1, 1, [line("申请企业应符合下列条件：", 50, 600), line("在本市注册登记并依法纳税的企业，具有独立法人资格和健全的财务", 50, 585), line("制度。", 50, 570), line("专项资金实行专款专用。", 74, 555)]),
    ]);
    expect(out.text.split("\n").filter(Boolean)).toEqual(["申请企业应符合下列条件：", "在本市注册登记并依法纳税的企业，具有独立法人资格和健全的财务制度。", "专项资金实行专款专用。"]);
  });

  it("drops lines repeated at the page edges, and page numbers in their usual forms", () => {
    const pages = [1, 2, 3].map((n) => ({ width: 460, height: 700, runs: [...line("辽宁省财政厅文件", 150, 680), ...line(["第一条 总则。", "第二条 适用范围。", "第三条 附则。"][n - 1], 50, 600 - n * 15), ...line(`第 ${n} 页 共 3 页`, 180, 20)] }));
    expect(layOut(pages).text).toBe("第一条 总则。\n第二条 适用范围。\n第三条 附则。\n");
    for (const s of ["1/3", "- 2 -", "第 2 页", "— 12 —", "Page 3 of 9", "7"]) expect(isPageNumber(s), s).toBe(true);
    for (const s of ["第二条", "1.股权并购项目。", "2023年"]) expect(isPageNumber(s), s).toBe(false);
  });

  it("a title set larger than the body over two lines is one line", () => {
    const out = layOut([{ width: 460, height: 700, runs: [...line("关于印发某某市促进数字经济高质量", 60, 650, 20), ...line("发展若干措施的通知", 140, 625, 20), ...line("各区人民政府：", 50, 590), ...line("现将《某某市促进数字经济高质量发展若干措施》印发给你们，请认真贯彻", 50, 575)] }]);
    expect(out.text.split("\n")[0]).toBe("关于印发某某市促进数字经济高质量发展若干措施的通知");
  });

  it("maps the radical and compatibility twins Chromium reports back to the ideographs", () => {
    expect(fixGlyphs("第⼀条 ⼈⺠币 ⽤⼾ ⾦额 部⻔\u0000")).toBe("第一条 人民币 用户 金额 部门");
  });
});

describe("Word numbering formats", () => {
  it.each([
    [1, "一"],
    [10, "十"],
    [11, "十一"],
    [20, "二十"],
    [55, "五十五"],
    [101, "一百零一"],
    [110, "一百一十"],
  ])("chineseCounting %i → %s", (n, s) => expect(chineseCounting(n)).toBe(s));
  it("other formats", () => {
    expect(formatNumber(3, "decimalEnclosedCircleChinese")).toBe("③");
    expect(formatNumber(2, "ideographTraditional")).toBe("乙");
    expect(formatNumber(12, "chineseLegalSimplified")).toBe("壹拾贰");
    expect(formatNumber(4, "upperRoman")).toBe("IV");
    expect(formatNumber(7, "decimalFullWidth")).toBe("７");
  });
});
