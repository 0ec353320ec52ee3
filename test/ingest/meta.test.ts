import { describe, expect, it } from "vitest";
import { listCorpusFiles, loadFile } from "../../ingest/load.js";
import { extractMeta, extractValidity, kindOf, type MetaInput } from "../../ingest/meta.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { cleanText, blankRepeatedBody } from "../../ingest/clean.js";

const docs = new Map(
  (await Promise.all(listCorpusFiles("corpus").map((f) => loadFile("corpus", f))))
    .flatMap((f) => parseFile(f, defaultRegionResolver()).docs)
    .map((d) => [d.id, d]),
);

describe("the signature on its own line", () => {
  it("issuer and date each on a line of their own after 特此通知", () => {
    const text = "关于受理2017年第二批专利申请资助项目申报的通知\n各有关单位：\n现将有关事项通知如下。\n特此通知。\n东莞市知识产权局\n2017年8月1日\n";
    const inp: MetaInput = { id: "x", sourceFile: "x.txt", raw: text, clean: text, sourceStart: 0, sourceEnd: text.length, frontMatter: {} };
    expect(extractMeta(inp, () => undefined)).toMatchObject({ issuer: "东莞市知识产权局", published: "2017-08-01" });
  });
});

describe("document metadata from the seed corpus", () => {
  it("Hangzhou: title from the news lead, issuer, effective period", () => {
    const d = docs.get("hangzhou-new-ecommerce-2022")!;
    expect(d.title).toBe("关于促进杭州市新电商高质量发展的若干意见");
    expect(d.issuer).toBe("杭州市人民政府办公厅");
    expect([d.validFrom, d.validTo]).toEqual(["2022-07-01", "2025-12-31"]);
    expect(d.kind).toBe("意见");
    expect(d.region).toMatchObject({ province: "浙江省", city: "杭州市", level: "city" });
  });

  it("Zibo: 文号 on its own line, issuer and signature date", () => {
    const d = docs.get("zibo-ip-city-2022")!;
    expect(d.docNumber).toBe("淄政办发〔2022〕8号");
    expect(d.issuer).toBe("淄博市人民政府办公室");
    expect(d.published).toBe("2022-10-26");
    expect(d.kind).toBe("方案");
  });

  it("Suzhou listing: level tag gives the region, the 附件 line the 文号", () => {
    const d = docs.get("suzhou-dengfeng-2021")!;
    expect(d.docNumber).toBe("苏府〔2021〕81号");
    expect(d.region).toMatchObject({ city: "苏州市", level: "city" });
    expect(docs.get("national-patent-transfer-2021")!.region.level).toBe("national");
    expect(docs.get("national-patent-transfer-2021")!.issuer).toBe("财政部办公厅、国家知识产权局办公室");
    expect(docs.get("national-patent-transfer-2021")!.kind).toBe("通知");
    expect(docs.get("jiangsu-high-value-patent-center-2021")!.validFrom).toBe("2021-10-01");
  });

  it("a government page: header fields give issuer and date, chrome stays out", () => {
    const d = docs.get("zhongshan-torch-2025-report")!;
    expect(d.issuer).toBe("中山火炬开发区管理委员会");
    expect(d.published).toBe("2025-05-29");
    expect(d.kind).toBe("工作报告");
  });
});

describe("validity phrases", () => {
  it.each([
    ["本办法自2023年9月8日起施行，有效期3年。", undefined, { validFrom: "2023-09-08", validTo: "2026-09-07" }],
    ["本意见自2022年7月1日起施行,有效期至2025年12月31日。", undefined, { validFrom: "2022-07-01", validTo: "2025-12-31" }],
    ["本方案自发布之日起施行，暂定三年有效期。", "2024-03-01", { validFrom: "2024-03-01", validTo: "2027-02-28" }],
    ["有效期至2025年12月31日。", undefined, { validTo: "2025-12-31" }],
    ["本办法自2021年10月1日起施行。", undefined, { validFrom: "2021-10-01" }],
  ])("%s", (text, published, expected) => {
    expect(extractValidity(text, published, undefined)).toMatchObject(expected);
  });

  it("reads a plan's period from its title", () => {
    expect(extractValidity("", undefined, "苏州市企业知识产权登峰行动计划(2021~2023年)")).toMatchObject({ validFrom: "2021-01-01", validTo: "2023-12-31" });
  });
});

describe("kind and cleaning", () => {
  it.each([
    ["关于印发淄博市知识产权强市建设工作方案的通知", "方案"],
    ["关于实施专利转化专项计划助力中小企业创新发展的通知", "通知"],
    ["江苏省高价值专利培育示范中心建设和管理办法(暂行)", "办法"],
    ["火炬高新区2024年工作总结暨2025年工作部署", "工作报告"],
  ])("%s → %s", (title, kind) => expect(kindOf(title)).toBe(kind));

  it("blanks chrome without moving offsets", () => {
    const raw = "无障碍    长者助手 我的收藏\n一、正文。\n扫码使用手机浏览本页内容";
    const clean = cleanText(raw);
    expect(clean.length).toBe(raw.length);
    expect(clean.trim()).toBe("一、正文。");
  });

  it("blanks a body published twice", () => {
    const body = "一、".padEnd(700, "甲乙丙丁。");
    expect(blankRepeatedBody(`${body}\n${body}`).trim()).toBe(body);
  });

  it("reads the issuer, hence the region, from the line naming who interprets the document", () => {
    const text = "进一步加快现代服务业高质量发展的若干政策意见\n6.本政策自印发之日起施行，有效期至2021年12月31日，相关实施细则另行制定。本政策由鹿城区人民政府负责解释，具体由区发改局等部门承担。";
    const inp: MetaInput = { id: "x", sourceFile: "x.txt", raw: text, clean: text, sourceStart: 0, sourceEnd: text.length, frontMatter: {} };
    const d = extractMeta(inp, defaultRegionResolver());
    expect(d.issuer).toBe("鹿城区人民政府");
    expect(d.region).toMatchObject({ city: "温州市", district: "鹿城区", level: "district" });
    expect(d).toMatchObject({ validTo: "2021-12-31", effectiveOnPublication: true });
  });

  it("uses front matter over extraction", () => {
    const inp: MetaInput = { id: "x", sourceFile: "x.md", raw: "某某办法\n正文", clean: "某某办法\n正文", sourceStart: 0, sourceEnd: 7, frontMatter: { title: "正式标题办法", issuer: "某局", region: { province: "浙江省" } } };
    expect(extractMeta(inp, () => undefined)).toMatchObject({ title: "正式标题办法", issuer: "某局", region: { province: "浙江省", level: "province" }, kind: "办法" });
  });
});
