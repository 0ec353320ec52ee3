import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SourceFile } from "../../ingest/load.js";
import { splitFrontMatter } from "../../ingest/load.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { parseStructure } from "../../ingest/structure.js";

/**
 * Region, validity and labels of real published texts (excerpts in test/fixtures/meta, copied from the
 * development corpora) and of short texts written the way such documents are.
 */
const resolve = defaultRegionResolver();
const fixture = (name: string): SourceFile => {
  const raw = readFileSync(new URL(`../fixtures/meta/${name}`, import.meta.url), "utf8");
  const { frontMatter, body } = splitFrontMatter(raw);
  return { path: `docs/${name}`, text: body, frontMatter, bytes: raw.length };
};
const text = (name: string, body: string): SourceFile => ({ path: `docs/${name}`, text: body, frontMatter: {}, bytes: body.length });
const labelsOf = (f: SourceFile) => parseFile(f, resolve).clauses.map((c) => c.article);
const dupes = (labels: string[]) => labels.filter((l, i) => labels.indexOf(l) !== i);

describe("labels unique within a document", () => {
  it("a guide whose numbering restarts under 附  则, with a paragraph printed twice (real excerpt)", () => {
    const labels = labelsOf(fixture("restart-numbering.txt"));
    expect(dupes(labels)).toEqual([]);
    expect(labels).toEqual(expect.arrayContaining(["3.", "二、4.", "附则", "附则1.", "附则3.", "二、5.", "二、5.（第2处）"]));
  });

  it("chapters that restart at 第一条 are labelled with their chapter; unchanged labels keep their ids", () => {
    const body = "第一章 总则\n第一条 为规范资金管理，制定本办法。\n第二条 本办法所称资金为专项资金。\n第二章 支持方式\n第一条 对新认定的企业给予10万元奖励。\n第三条 对首次认定的企业给予20万元奖励。\n";
    const clauses = parseStructure("d", body, 0, body.length);
    const labels = clauses.map((c) => c.article);
    expect(dupes(labels)).toEqual([]);
    expect(labels).toEqual(expect.arrayContaining(["第一章 第一条", "第二章 第一条", "第二条", "第三条"]));
    expect(clauses.find((c) => c.article === "第二条")!.id).toBe("d:第二条");
  });

  it("专栏 items read 专栏3 2., and a list keeps going when its mark changes (1． … 6, … 7、)", () => {
    const body = "一、总体要求\n专栏3 重点工程\n1.建设平台。\n2.培育企业。\n二、支持措施\n1．给予奖励。\n2．给予补贴。\n3,给予贴息。\n4、给予配套。\n";
    const labels = parseStructure("d", body, 0, body.length).map((c) => c.article);
    expect(labels).toEqual(expect.arrayContaining(["专栏3 2.", "二、3.", "二、4."]));
    expect(dupes(labels)).toEqual([]);
  });

  it("circled, half-parenthesised and full-width item numbers are items", () => {
    const body = "一、奖励\n（一）认定奖励\n１．首次认定的给予奖励：\n①国家级给予50万元；\n②省级给予20万元。\n1)申报材料齐全；\n2)按期提交。\n";
    const labels = parseStructure("d", body, 0, body.length).map((c) => c.article);
    expect(labels).toEqual(expect.arrayContaining(["一、（一）1.", "一、（一）1.①", "一、（一）1.②", "一、（一）1.（1）", "一、（一）1.（2）"]));
  });

  it("a section's fields after its condition list belong to the section, not to the last condition", () => {
    const body = "一、吸纳就业补贴\n申报条件：\n1.在本区注册的企业；\n2.新招用本地劳动者。\n补贴标准：每人1000元。\n补贴期限：最长12个月。\n二、社保补贴\n";
    const clauses = parseStructure("d", body, 0, body.length);
    const last = clauses.find((c) => c.article === "一、2.")!;
    expect(last.text).not.toContain("补贴标准");
    const standard = clauses.find((c) => c.article === "一、 补贴标准")!;
    expect(standard.text).toContain("每人1000元");
    expect(standard.parentId).toBe("d:一、");
    expect(clauses.find((c) => c.article === "一、 补贴期限")!.text).toContain("12个月");
  });

  it("a guide of cards: one clause per card, each with its own title and period, none of which is the guide's", () => {
    const body = [
      "某区惠企政策汇编",
      "高新技术企业认定奖励",
      "政策内容：对首次通过认定的高新技术企业给予奖励。",
      "支持标准：给予20万元一次性奖励。",
      "有效期：2021年1月1日至2021年12月31日。",
      "研发费用补助",
      "政策内容：对研发投入给予补助。",
      "支持标准：按研发费用的10%给予补助，最高100万元。",
      "有效期：2022年1月1日至2023年12月31日。",
    ].join("\n");
    const parsed = parseFile(text("cards.txt", body), resolve);
    const cards = parsed.clauses.filter((c) => c.depth === 0 && c.article !== "序言");
    expect(cards.map((c) => c.article)).toEqual(["高新技术企业认定奖励", "研发费用补助"]);
    expect(cards[0].period).toMatchObject({ validFrom: "2021-01-01", validTo: "2021-12-31" });
    expect(cards[1].period).toMatchObject({ validFrom: "2022-01-01", validTo: "2023-12-31" });
    expect(parsed.docs[0].validTo).toBeUndefined();
    expect(parsed.docs[0].doubts).toContain("no_period");
  });
});

describe("region from every signal, with its evidence", () => {
  it("a document that names its place only in the body (在广州市南沙区范围内) is that district's (real excerpt)", () => {
    const d = parseFile(fixture("body-place-guide.txt"), resolve).docs[0];
    expect(d.region).toMatchObject({ level: "district", city: "广州市", district: "南沙区" });
    expect(d.evidence?.region?.some((e) => e.quote.includes("南沙区范围内"))).toBe(true);
  });

  it("全区/本区 with the issuer only in the signature: the signature's district", () => {
    const body = "关于支持小微企业稳岗的若干措施\n一、对在本区注册的小微企业给予稳岗补贴。\n二、全区企业均可申报。\n温州市鹿城区人民政府办公室\n";
    const d = parseFile(text("sig.txt", body), resolve).docs[0];
    expect(d.issuer).toBe("温州市鹿城区人民政府办公室");
    expect(d.region).toMatchObject({ level: "district", city: "温州市", district: "鹿城区" });
    expect(d.evidence?.issuer).toMatchObject({ source: "signature" });
  });

  it("a county renamed since (玉环县 → 玉环市) resolves through the division history, not as national", () => {
    const body = "玉环县人民政府关于促进工业经济转型升级的若干意见\n一、对在全县注册纳税的工业企业给予奖励。\n";
    const d = parseFile(text("yuhuan.txt", body), resolve).docs[0];
    expect(d.region).toMatchObject({ level: "district", province: "浙江省", city: "台州市", district: "玉环市" });
  });

  it("a merged prefecture's district (莱芜市莱城区) lands in its successor city", () => {
    const body = "莱城区科学技术局关于组织申报科技项目的通知\n一、在本区注册的企业可以申报。\n";
    const d = parseFile(text("laicheng.txt", body), resolve).docs[0];
    expect(d.region).toMatchObject({ province: "山东省", city: "济南市" });
    expect(d.region.level).not.toBe("national");
  });

  it("national only when a national body issues it; no signal at all is unknown, never national", () => {
    const national = parseFile(text("gov.txt", "国务院办公厅关于进一步支持小微企业发展的指导意见\n一、降低融资成本。\n"), resolve).docs[0];
    expect(national.region.level).toBe("national");
    const none = parseFile(text("none.txt", "关于支持企业发展的若干措施\n一、对新认定的企业给予奖励。\n二、本措施自印发之日起施行。\n"), resolve).docs[0];
    expect(none.region.level).toBe("unknown");
    expect(none.doubts).toContain("region_unknown");
  });

  it("a title and an issuer naming different provinces disagree: unknown", () => {
    const body = "杭州市促进数字经济发展的若干政策\n一、给予奖励。\n南京市人民政府\n2023年1月1日\n";
    const d = parseFile(text("conflict.txt", body), resolve).docs[0];
    expect(d.region.level).toBe("unknown");
    expect(d.evidence?.region?.length).toBeGreaterThanOrEqual(2);
  });

  it("the 文号 prefix names the city and, through the division data, the district (穗天发改 → 天河区)", () => {
    const body = "关于加快培育个体工商户的若干政策措施\n穗天发改规字〔2025〕2号\n一、对在本区新登记的个体工商户给予支持。\n";
    const d = parseFile(text("tianhe.txt", body), resolve).docs[0];
    expect(d.region).toMatchObject({ city: "广州市", district: "天河区" });
  });
});

describe("validity of campaigns and measures", () => {
  it("a campaign notice's 活动时间 is its period", () => {
    const body = "关于开展2024年消费券发放活动的通知\n一、活动时间：2024年5月1日至6月30日。\n二、活动内容：发放消费券。\n";
    const d = parseFile(text("campaign.txt", body), resolve).docs[0];
    expect(d).toMatchObject({ validFrom: "2024-05-01", validTo: "2024-06-30", validityFromCampaign: true });
    expect(d.evidence?.validity?.[0].quote).toContain("活动时间");
  });

  it("an application notice's 填报时间 is its period (real excerpt)", () => {
    const d = parseFile(fixture("campaign-notice.txt"), resolve).docs[0];
    expect(d).toMatchObject({ validFrom: "2017-08-07", validTo: "2017-09-08" });
  });

  it("a measure's window (…至…期间新招用) is not the document's period", () => {
    const body = "关于稳定就业的若干措施\n一、自2021年1月1日至2021年12月31日期间新招用高校毕业生的，给予每人1000元补贴。\n二、本措施自2022年1月1日起施行，有效期3年。\n";
    const p = parseFile(text("window.txt", body), resolve);
    expect(p.docs[0]).toMatchObject({ validFrom: "2022-01-01", validTo: "2024-12-31" });
    expect(p.clauses.find((c) => c.article === "一、")!.period).toMatchObject({ validFrom: "2021-01-01", validTo: "2021-12-31" });
  });
});
