import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listCorpusFiles, loadFile } from "../../ingest/load.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { parseFile, type ParsedFile } from "../../ingest/pipeline.js";
import { parseStructure } from "../../ingest/structure.js";
import { stripWhitespace } from "../../core/text/whitespace.js";

const CORPUS = "corpus";
const parsed: ParsedFile[] = (await Promise.all(listCorpusFiles(CORPUS).map((f) => loadFile(CORPUS, f)))).map((f) => parseFile(f, defaultRegionResolver()));
const clauses = parsed.flatMap((p) => p.clauses);
const ofDoc = (docId: string) => clauses.filter((c) => c.docId === docId);
const article = (docId: string, label: string) => ofDoc(docId).find((c) => c.article === label);

describe("corpus: nine policies from five files", () => {
  it("splits the Suzhou listing page into its five policies and finds nine in all", () => {
    const ids = parsed.flatMap((p) => p.docs.map((d) => d.id)).sort();
    expect(ids).toEqual([
      "dongli-ip-14th-plan",
      "hangzhou-new-ecommerce-2022",
      "jiangsu-high-value-patent-center-2021",
      "jiangsu-patent-transfer-2021",
      "national-patent-transfer-2021",
      "suzhou-dengfeng-2021",
      "suzhou-ip-strong-enterprise-2021",
      "zhongshan-torch-2025-report",
      "zibo-ip-city-2022",
    ]);
  });

  it("gives every clause a unique id", () => {
    const ids = clauses.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps every clause verbatim: its text is a slice of the published file, whitespace aside", () => {
    for (const p of parsed) {
      const file = stripWhitespace(p.text);
      for (const c of p.clauses) expect(file.includes(stripWhitespace(c.text)), c.id).toBe(true);
    }
  });
});

describe("Hangzhou 新电商意见", () => {
  const hz = "hangzhou-new-ecommerce-2022";
  const NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二"];
  const SECTION: Record<number, string> = { 0: "一、", 5: "二、", 10: "三、", 17: "四、" };

  it("has the twenty-two items （一）…（二十二） under 一、…四、", () => {
    let section = "";
    const items = ofDoc(hz).filter((c) => c.depth === 1);
    expect(items.map((c) => c.article.replace(/^[一二三四]、/, ""))).toEqual(NUM.map((n) => `（${n}）`));
    items.forEach((c, i) => {
      section = SECTION[i] ?? section;
      expect(c.article.startsWith(section), c.article).toBe(true);
    });
  });

  it("indexes the body published twice only once", () => {
    const matches = ofDoc(hz).filter((c) => c.text.includes("每年按其实际投资额的20%给予资助"));
    expect(matches.map((c) => c.article)).toEqual(["一、", "一、（一）"]);
  });

  it("drops the news site's wrapper and headline", () => {
    const all = ofDoc(hz).map((c) => c.text).join("\n");
    expect(all).not.toContain("金融小镇网");
    expect(all).not.toContain("杭州通过计划规模约50亿元市级引导基金支持新电商发展");
  });

  it("labels numbered items under an item: 二、（八）2.", () => {
    expect(article(hz, "二、（八）2.")?.text).toContain("服务电商企业50家以上");
    expect(article(hz, "二、（八）")?.childIds).toEqual([`${hz}:二、（八）1.`, `${hz}:二、（八）2.`]);
  });
});

describe("Jiangsu 高价值专利培育示范中心办法", () => {
  const js = "jiangsu-high-value-patent-center-2021";
  it("has 第一条…第二十条 under 第一章…第五章", () => {
    const articles = ofDoc(js).filter((c) => /^第.+条$/.test(c.article));
    expect(articles).toHaveLength(20);
    expect(articles[0].article).toBe("第一条");
    expect(articles[19].article).toBe("第二十条");
    const chapters = ofDoc(js).filter((c) => /^第.+章$/.test(c.article)).map((c) => c.article);
    expect(chapters).toEqual(["第一章", "第二章", "第三章", "第四章", "第五章"]);
    expect(article(js, "第九条")?.headings[0]).toMatch(/^第三章/);
    expect(article(js, "第二十条")?.headings[0]).toMatch(/^第五章/);
  });

  it("labels the items of an article: 第九条（一）", () => {
    expect(article(js, "第九条（一）")?.text).toContain("属于行业龙头或领军企业");
  });
});

describe("Zibo plan 专栏", () => {
  it("labels 专栏 bullet items as 专栏N 第M项", () => {
    const zb = "zibo-ip-city-2022";
    expect(article(zb, "专栏3 第1项")?.text).toContain("每年立项15项市级专利导航项目");
    expect(ofDoc(zb).filter((c) => /^专栏\d+$/.test(c.article)).map((c) => c.article)).toEqual(["专栏1", "专栏2", "专栏3", "专栏4", "专栏5"]);
  });
});

describe("structure parser", () => {
  const parse = (text: string) => parseStructure("t", text, 0, text.length);

  it("treats a numbering token inside a sentence as a cross-reference, not a heading", () => {
    const labels = parse("第一条 总则。\n第二条 依照第九条办理，根据本办法第十二条处理。\n第三条 附则。").map((c) => c.article);
    expect(labels).toEqual(["第一条", "第二条", "第三条"]);
  });

  it("recognises every level: 一、（一）1.（1） and (一)/1． variants", () => {
    const text = "一、总则\n(一)范围\n1．适用\n（1）企业\n（2）高校\n2、其他\n（二）定义\n二、附则";
    expect(parse(text).map((c) => c.article)).toEqual(["一、", "一、（一）", "一、（一）1.", "一、（一）1.（1）", "一、（一）1.（2）", "一、（一）2.", "一、（二）", "二、"]);
  });

  it("starts an annex at the top level and keeps a preamble", () => {
    const cs = parse("为推动发展，制定本方案。\n一、目标\n（一）到2025年。\n附件：任务分工");
    expect(cs.map((c) => c.article)).toEqual(["序言", "一、", "一、（一）", "附件"]);
    expect(cs[3].parentId).toBeUndefined();
  });

  it("restores a chapter whose number a copy lost: the lone heading between 第二章 and 第四章", () => {
    const text = "第一章 总则\n第一条 目的。\n第二章 支持并购\n第二条 并购企业应符合以下条件。\n支持引进海外先进适用技术\n第三条 按支付金额的20%给予补助。\n第四条 申请企业应符合以下条件。\n第四章 附则\n第五条 施行。";
    const cs = parse(text);
    const third = cs.find((c) => c.article === "第三章")!;
    expect(third.text.startsWith("支持引进海外先进适用技术")).toBe(true);
    expect(cs.find((c) => c.article === "第三条")!.parentId).toBe(third.id);
    expect(cs.find((c) => c.article === "第二条")!.parentId).toBe("t:第二章");
  });

  it("does not invent a chapter without a gap in the numbering", () => {
    const text = "第一章 总则\n第一条 目的。\n一般规定\n第二条 内容。\n第二章 附则\n第三条 施行。";
    expect(parse(text).map((c) => c.article)).toEqual(["第一章", "第一条", "第二条", "第二章", "第三条"]);
  });

  it("records offsets of each clause into the source", () => {
    const text = "序。\n一、甲项内容。\n二、乙项内容。";
    const second = parse(text).find((c) => c.article === "二、")!;
    expect(text.slice(second.start, second.end)).toBe("二、乙项内容。");
  });
});

describe("chunks", () => {
  it("splits long clauses at sentence ends and keeps the clause label on every piece", () => {
    const hz13 = parsed.flatMap((p) => p.chunks).filter((c) => c.clauseId === "hangzhou-new-ecommerce-2022:三、（十三）");
    expect(hz13.length).toBeGreaterThan(1);
    for (const c of hz13) {
      expect(c.article).toBe("三、（十三）");
      expect(c.text.length).toBeLessThanOrEqual(320);
      expect(/[。；]$/.test(c.text)).toBe(true);
    }
  });
});

void readFileSync;
