import { describe, expect, it } from "vitest";
import { feeShare, schema } from "./fee-share.js";

describe("feeShare (最高按展位费的70%，不超过6个标准展位)", () => {
  const f = schema.parse({ kind: "feeShare", rate: 70, fee: "boothFeePerBooth", units: "expoBooths", maxUnits: 6, unit: "个标准展位" });

  it("is a ceiling: fee × booths × rate", () => {
    expect(feeShare.compute(f, { expoBooths: 4, boothFeePerBooth: 10000 }).amount).toEqual({
      yuan: 28000, text: "最高2.8万元", basis: "4个标准展位 × 1万元 × 70%", trace: ["4个标准展位 × 1万元 × 70% = 2.8万元"], upTo: true,
    });
  });

  it("asks for booths and fee; a known fee bounds the award by the booth limit", () => {
    expect(feeShare.compute(f, {}).missing).toEqual(["expoBooths", "boothFeePerBooth"]);
    expect(feeShare.compute(f, { boothFeePerBooth: 10000 })).toMatchObject({ missing: ["expoBooths"], amount: { min: 0, max: 42000 } });
  });

  it("checks the rate and the booth limit, and reads fee and booths", () => {
    expect(feeShare.numbers(f)).toEqual([
      { value: 70, dim: "percent", where: "amount.rate" },
      { value: 6, dim: "count", where: "amount.maxUnits", unit: "个标准展位" },
    ]);
    expect(feeShare.facts(f)).toEqual(["boothFeePerBooth", "expoBooths"]);
  });
});
