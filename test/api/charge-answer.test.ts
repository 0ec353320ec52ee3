import { describe, expect, it } from "vitest";
import { headline, matchSection } from "../../server/chat/compose.js";
import { Citations } from "../../server/chat/citations.js";
import { fakeMatch } from "../helpers/match.js";

/** A fee ceiling computed for the asker is told as what they may be charged, never as money they get. */
describe("an answer about a fee ceiling", () => {
  const amount = { yuan: 120_000, text: "最高12万元", basis: "800万元 × 1.5%", trace: ["800万元 × 1.5%（比例上限） = 12万元"], upTo: true };
  const m = fakeMatch("eligible", { charge: true, amount, title: "降低担保费率", quote: "收取的担保费率原则上不超过1.5%" });

  it("the summary line and the conclusion say 收费上限, not 符合条件/可获", () => {
    expect(headline(m)).toContain("适用该收费上限，收费最高12万元");
    expect(headline(m)).not.toContain("符合条件");
    const section = matchSection(m, new Citations(() => undefined, () => undefined)).join("\n");
    expect(section).toContain("这是收费上限，不是补贴");
    expect(section).not.toContain("可获");
  });

  it("an award keeps its own wording", () => {
    const award = fakeMatch("eligible", { amount: { ...amount, text: "12万元" } });
    expect(headline(award)).toContain("符合条件，12万元");
  });
});
