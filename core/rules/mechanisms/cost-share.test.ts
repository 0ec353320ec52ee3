import { describe, expect, it } from "vitest";
import { costShare, schema, shareFor } from "./cost-share.js";

describe("costShare (萧山区、余杭区及各县(市)属地75%、市25%，其他区各50%)", () => {
  const f = schema.parse({ kind: "costShare", shares: [{ districts: ["萧山区", "余杭区"], counties: true, local: 75, upper: 25 }], otherwise: { local: 50, upper: 50 } });

  it("named districts, county-level units, then the rest", () => {
    expect(shareFor(f, "萧山")).toMatchObject({ local: 75, upper: 25 });
    expect(shareFor(f, "建德市")).toMatchObject({ local: 75 });
    expect(shareFor(f, "上城区")).toEqual({ local: 50, upper: 50 });
  });

  it("without the district every split is listed and the district is asked for", () => {
    const r = costShare.compute(f, {});
    expect(r.missing).toEqual(["district"]);
    expect(r.amount?.trace).toEqual(["萧山区、余杭区、各县（市）：属地财政承担75%，市财政承担25%", "其他区：属地财政承担50%，市财政承担50%"]);
    expect(costShare.compute(f, { district: "上城区" }).amount?.text).toBe("上城区：属地财政承担50%，市财政承担50%");
  });

  it("checks every share; the district is the asker's place, not a formula fact", () => {
    expect(costShare.numbers(f).map((n) => `${n.where}=${n.value}`)).toEqual([
      "amount.shares[0].local=75",
      "amount.shares[0].upper=25",
      "amount.otherwise.local=50",
      "amount.otherwise.upper=50",
    ]);
    expect(costShare.facts(f)).toEqual([]);
  });
});
