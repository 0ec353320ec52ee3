import { describe, expect, it } from "vitest";
import { understand } from "../../server/chat/understand.js";
import { destinationRegion, findRegions, primaryRegion } from "../../core/places/regions.js";

const one = (text: string) => {
  const rs = findRegions(text);
  expect(rs).toHaveLength(1);
  const { province, city, district, zone } = rs[0];
  return { province, city, district, zone };
};

describe("findRegions", () => {
  it.each([
    ["萧山区", "浙江省", "杭州市", "萧山区"],
    ["我们在余杭", "浙江省", "杭州市", "余杭区"],
    ["杭州", "浙江省", "杭州市", undefined],
    ["杭州市", "浙江省", "杭州市", undefined],
    ["上海", "上海市", "上海市", undefined],
    ["上海市", "上海市", "上海市", undefined],
    ["天津东丽区", "天津市", "天津市", "东丽区"],
    ["东丽区", "天津市", "天津市", "东丽区"],
    ["苏州", "江苏省", "苏州市", undefined],
    ["苏州工业园区", "江苏省", "苏州市", "苏州工业园区"],
    ["淄博", "山东省", "淄博市", undefined],
    ["浙江省杭州市萧山区", "浙江省", "杭州市", "萧山区"],
    ["南京鼓楼区", "江苏省", "南京市", "鼓楼区"],
    ["福州市鼓楼区的企业", "福建省", "福州市", "鼓楼区"],
    ["昆山的工厂", "江苏省", "苏州市", "昆山市"],
    ["中山市小榄镇", "广东省", "中山市", "小榄镇"],
  ])("%s → %s/%s/%s", (text, province, city, district) => {
    expect(one(text)).toMatchObject({ province, city, district });
  });

  it.each([
    ["江苏", "江苏省"],
    ["广西", "广西壮族自治区"],
    ["海南", "海南省"],
  ])("province %s → %s", (text, province) => {
    expect(one(text)).toEqual({ province, city: undefined, district: undefined, zone: undefined });
  });

  it("a park after a city keeps the city", () => {
    expect(one("中山火炬开发区")).toEqual({ province: "广东省", city: "中山市", district: undefined, zone: "火炬开发区" });
  });

  it("a park alone is a zone without a city", () => {
    expect(one("火炬高新区")).toEqual({ province: undefined, city: undefined, district: undefined, zone: "火炬高新区" });
  });

  it("an ambiguous district without a city gives candidates, not a guess", () => {
    const [r] = findRegions("鼓楼区");
    expect(r.city).toBeUndefined();
    expect(r.candidates?.map((c) => c.city)).toEqual(expect.arrayContaining(["南京市", "福州市", "徐州市", "开封市"]));
    expect(primaryRegion([r])).toBeUndefined();
  });

  it("another place in the text settles an ambiguous district", () => {
    const rs = findRegions("公司在福州，注册地是鼓楼区");
    expect(primaryRegion(rs)).toMatchObject({ city: "福州市", district: "鼓楼区" });
  });

  it.each([["新区"], ["开发区"], ["高新区"], ["和平发展"], ["我们的企业在园区"], ["东方红"], [""]])("%s is not a place", (text) => {
    expect(findRegions(text).filter((r) => r.province || r.city)).toEqual([]);
  });

  it("offsets quote the text", () => {
    const text = "我们是刚落户杭州的新电商企业";
    const [r] = findRegions(text);
    expect(text.slice(r.start, r.end)).toBe("杭州");
  });

  it("the primary region is the most specific", () => {
    expect(primaryRegion(findRegions("浙江的企业，在杭州萧山区"))).toMatchObject({ city: "杭州市", district: "萧山区" });
  });
});

describe("the asker's place after a move", () => {
  it.each([
    ["我们公司从杭州搬到了甘井子区，融资租赁扶持怎么申报？", "甘井子区"],
    ["企业从上海迁到南沙区后享受扶持又迁走会怎样？", "南沙区"],
    ["我们从南京迁至苏州工业园区", "苏州市"],
    ["一家上海企业落户到杭州，新电商政策还有效吗？", "杭州市"],
    ["刚落户杭州的新电商企业", "杭州市"],
    ["我们去年从北京迁来杭州，是新电商企业", "杭州市"],
    ["公司从深圳搬回了鹿城区", "鹿城区"],
    ["总部从广州搬过来南沙区", "南沙区"],
  ])("%s → %s", (text, place) => {
    const d = destinationRegion(findRegions(text), text);
    expect([d?.district, d?.city]).toContain(place);
  });

  it("names no destination when nothing moves", () => {
    expect(destinationRegion(findRegions("江苏一家企业从上海高校引进专利"), "江苏一家企业从上海高校引进专利")).toBeUndefined();
  });

  it("the destination is the asker's region in the understanding, not the first place named", () => {
    expect(understand([{ role: "user", content: "我们从宁波迁到了余杭区，新电商奖补资金谁出？" }], {}).region).toMatchObject({ district: "余杭区", city: "杭州市" });
    expect(understand([{ role: "user", content: "江苏一家企业从上海高校引进专利，能拿多少奖补？" }], {}).region).toMatchObject({ province: "江苏省" });
  });

  it("the profile's place is the destination too, so a district rule does not fail on the place left", () => {
    const u = understand([{ role: "user", content: "我们去年从瓯海区整体迁到了鹿城区，进出口额增量800万美元，能拿多少奖励？" }], {});
    expect(u.profile).toMatchObject({ city: "温州市", district: "鹿城区" });
  });
});
