import { describe, expect, it } from "vitest";
import { evaluateAll, evaluateRule, isRelevant, makeContext, outsideCoverage, validityNotice } from "../../core/rules/engine.js";
import { loadRules } from "../../core/rules/load.js";
import { Evaluation } from "../../core/rules/match.js";
import { Rule } from "../../core/rules/schema.js";
import { DOCS, TODAY } from "./fixtures/docs.js";

const rules = loadRules();
/**
 * Conditions and amounts are tested on a day every seed document is in force (2023-06-30); out of
 * force (TODAY) a rule is `expired`, tested below.
 */
const IN_PERIOD = "2023-06-30";
const ctx = makeContext(rules, DOCS, IN_PERIOD);
const rule = (id: string) => rules.find((r) => r.id === id)!;
const HZ = { city: "杭州市", province: "浙江省" };

describe("region", () => {
  it("an unknown city is a question, not a failure", () => {
    const m = evaluateRule(rule("hz-ecom-demo"), { isDemoEnterprise: true }, ctx);
    expect(m.status).toBe("needs_info");
    expect(m.missing).toEqual(["city"]);
    const all = evaluateAll([rule("hz-ecom-demo")], { isDemoEnterprise: true }, ctx);
    expect(all.followUps[0]).toMatchObject({ fact: "city", question: "贵单位注册在哪个城市？", decides: 1 });
  });

  it("another province fails a city document even when the city is not stated", () => {
    const m = evaluateRule(rule("hz-ecom-demo"), { province: "上海市", isDemoEnterprise: true }, ctx);
    expect(m.status).toBe("ineligible");
    expect(m.failed).toEqual(["所在地上海市，不属于杭州市"]);
  });

  it("names match with or without their suffix", () => {
    expect(evaluateRule(rule("hz-ecom-demo"), { city: "杭州", isDemoEnterprise: true }, ctx).status).toBe("eligible");
  });

  it("a province document can be settled from the city through ctx.provinceOf", () => {
    const r = rule("js-patent-transfer-reward");
    const p = { city: "苏州市", importsPatentTech: true, contractAmount: 1000000 };
    expect(evaluateRule(r, p, ctx).missing).toEqual(["province"]);
    const withLookup = makeContext(rules, DOCS, IN_PERIOD, (c) => (c.startsWith("苏州") ? "江苏省" : undefined));
    expect(evaluateRule(r, p, withLookup)).toMatchObject({ status: "eligible", amount: { yuan: 50000 } });
  });

  it("a national document has no region condition", () => {
    expect(evaluateRule(rule("cn-patent-transfer-award"), { entityKind: "省级主管部门" }, ctx).status).toBe("eligible");
  });
});

describe("general conditions (四、（十八）)", () => {
  const base = { ...HZ, threeSameDemo: true };
  it("unknown general conditions are listed to confirm and do not hold the rule back", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), base, ctx);
    expect(m.status).toBe("eligible");
    expect(m.general).toContain("依法登记注册的独立法人");
    expect(m.missing).toEqual([]);
  });
  it("an explicit false fails the rule", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...base, independentLegalPerson: false }, ctx);
    expect(m.status).toBe("ineligible");
    expect(m.failed[0]).toContain("依法登记注册的独立法人");
  });
  it("a confirmed one becomes a reason and leaves the to-confirm list", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...base, independentLegalPerson: true }, ctx);
    expect(m.reasons).toContain("依法登记注册的独立法人");
    expect(m.general).not.toContain("依法登记注册的独立法人");
  });
});

describe("reasons", () => {
  it("an ineligible match still lists the conditions that hold beside the one that fails", () => {
    const m = evaluateRule(rule("hz-ecom-scale-up"), { ...HZ, isEcommerce: true, onDirectReport: true, annualRevenue: 25000000, avgGrowth3y: 18 }, ctx);
    expect(m.status).toBe("ineligible");
    expect(m.reasons).toContain("年营业收入突破2000万元（年营业收入2500万元）");
    expect(m.failed).toEqual(["近3年平均增速18%，低于20%（需近3年平均增速在20%以上（含））"]);
  });
});

describe("prerequisites (requires)", () => {
  it("登峰 funding waits on its 申报条件 and names the prerequisite when it fails", () => {
    const m = evaluateRule(rule("sz-dengfeng-funding"), { province: "江苏省", city: "苏州市", hasProvincialRdInstitution: false }, ctx);
    expect(m.status).toBe("ineligible");
    expect(m.failed[0]).toContain("登峰行动计划申报条件（一）");
    expect(m.amount).toBeUndefined();
  });
});

describe("validity", () => {
  const hz = DOCS[0];
  it("expired documents get a notice but still show what they provided", () => {
    expect(validityNotice(hz, "2026-11-21")).toBe("该政策有效期至2025年12月31日，已于2025年12月31日失效（截至2026-11-21），以下为其原定扶持内容，仅供参考");
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, DOCS, TODAY));
    expect(m.amount?.yuan).toBe(200000);
    expect(m.notices[0]).toContain("已于2025年12月31日失效");
  });
  it("validity before money: out of force a rule is expired, never eligible, with the dates and its terms for reference", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, DOCS, TODAY));
    expect(m.status).toBe("expired");
    expect(m.validity).toEqual({
      inForce: false,
      text: "该政策已于2025年12月31日失效（有效期2022年7月1日至2025年12月31日）",
      validFrom: "2022-07-01",
      validTo: "2025-12-31",
      onTerms: "eligible",
    });
    // No follow-up is asked for a policy that cannot be claimed; what fails on its terms is still said.
    const pending = evaluateRule(rule("hz-ecom-attract"), { city: "杭州市", isEcommerce: true, newlySettled: true }, makeContext(rules, DOCS, TODAY));
    expect(pending.status).toBe("expired");
    expect(pending.validity?.onTerms).toBe("needs_info");
    expect(pending.missing).toEqual([]);
    const fails = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, city: "宁波市", threeSameDemo: true }, makeContext(rules, DOCS, TODAY));
    expect(fails.status).toBe("expired");
    expect(fails.validity?.onTerms).toBe("ineligible");
    expect(fails.failed.join()).toContain("宁波市");
    expect(fails.amount).toBeUndefined();
  });
  it("not yet in force: not_yet; in force: the period in one line", () => {
    const early = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, DOCS, "2022-06-30"));
    expect(early.status).toBe("not_yet");
    expect(early.validity?.text).toBe("该政策自2022年7月1日起施行，尚未生效（有效期2022年7月1日至2025年12月31日）");
    const live = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, DOCS, "2025-12-31"));
    expect(live.status).toBe("eligible");
    expect(live.validity).toEqual({ inForce: true, text: "有效期至2025年12月31日", validFrom: "2022-07-01", validTo: "2025-12-31" });
  });
  it("a document repealed by another of the corpus is expired from the day that one starts", () => {
    const docs = [{ ...hz, supersededBy: "hz-new", supersededFrom: "2024-01-01", validTo: undefined }, { id: "hz-new", title: "新的杭州电商政策", region: hz.region }];
    const before = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, docs, "2023-12-31"));
    expect(before.status).toBe("eligible");
    const after = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, docs, "2024-01-01"));
    expect(after.status).toBe("expired");
    expect(after.validity).toMatchObject({ inForce: false, text: "该政策已被《新的杭州电商政策》废止（自2024年1月1日起）", supersededBy: "hz-new", supersededByTitle: "新的杭州电商政策" });
  });
  it("no notice while in force; a notice before it starts", () => {
    expect(validityNotice(hz, "2024-01-01")).toBeUndefined();
    expect(validityNotice(hz, "2025-12-31")).toBeUndefined();
    expect(validityNotice(hz, "2022-06-30")).toContain("尚未生效");
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...HZ, threeSameDemo: true }, makeContext(rules, DOCS, "2024-01-01"));
    expect(m.notices).toEqual([]);
  });
});

describe("a case in a year the policy does not cover", () => {
  const hz = DOCS[0];
  const three = { ...HZ, threeSameDemo: true };
  it("a year after it expired: ineligible for that alone, the provided amount kept for reference", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), three, { ...ctx, caseYear: 2026 });
    expect(m.status).toBe("ineligible");
    expect(m.lapsed).toBe(true);
    expect(m.failed[0]).toBe("政策有效期至2025年12月31日，您所说2026年的情形已不在适用期内");
    expect(m.amount?.yuan).toBe(200000);
  });
  it("a year inside the period, or no year said, is judged on the document's terms", () => {
    expect(evaluateRule(rule("hz-ecom-three-same"), three, { ...ctx, caseYear: 2025 }).status).toBe("eligible");
    expect(evaluateRule(rule("hz-ecom-three-same"), three, ctx).status).toBe("eligible");
    expect(outsideCoverage(hz, 2021)).toContain("自2022年7月1日起施行");
  });
  it("a failed condition still drops the amount, whatever the year", () => {
    const m = evaluateRule(rule("hz-ecom-three-same"), { ...three, city: "宁波市", province: "浙江省" }, { ...ctx, caseYear: 2026 });
    expect(m.status).toBe("ineligible");
    expect(m.amount).toBeUndefined();
  });
});

describe("从优、就高、不重复 (exclusiveGroup)", () => {
  const mk = (id: string, amount: number) =>
    Rule.parse({ ...rule("hz-ecom-three-same"), id, title: id, amount: { kind: "fixed", amount }, exclusiveGroup: "g", general: [] });

  it("the higher award counts; the other carries a notice", () => {
    const low = mk("low", 200000);
    const high = mk("high", 500000);
    const e = evaluateAll([low, high], { ...HZ, threeSameDemo: true }, makeContext([low, high], DOCS, IN_PERIOD));
    const [a, b] = e.matches;
    expect(a.exclusive).toEqual({ group: "g", counts: false });
    expect(b.exclusive).toEqual({ group: "g", counts: true });
    expect(a.notices.join()).toContain("按较高的“high”（50万元）执行");
  });

  it("the two Top10 awards are not stacked", () => {
    const p = { ...HZ, isEcommerce: true, inTop10: true, newlySettled: true, onDirectReport: true, salesNotBelowTop10: true };
    const e = evaluateAll(rules, p, ctx);
    const top = e.matches.filter((m) => m.ruleId.startsWith("hz-ecom-top10"));
    expect(top.map((m) => m.status)).toEqual(["eligible", "eligible"]);
    expect(top.filter((m) => m.exclusive?.counts)).toHaveLength(1);
  });

  it("nothing is marked when only one member is eligible", () => {
    const e = evaluateAll(rules, { ...HZ, isEcommerce: true, inTop10: true, newlySettled: false }, ctx);
    expect(e.matches.find((m) => m.ruleId === "hz-ecom-top10")!.exclusive).toBeUndefined();
  });
});

describe("cost sharing (四、（二十）)", () => {
  it("splits a computed amount by district, exactly", () => {
    // 666666.67元 cannot halve evenly: the shares still add up to the award, to the fen.
    const m = evaluateRule(rule("hz-ecom-park"), { ...HZ, district: "西湖区", hostsPark: true, investment: 3333333.35 }, ctx);
    expect(m.amount?.yuan).toBe(666666.67);
    expect(m.notices.join()).toContain("西湖区属地财政承担50%（33.333334万元），市财政承担50%（33.333333万元）");
  });
});

describe("evaluateAll", () => {
  const e = evaluateAll(rules, { ...HZ, isEcommerce: true, newlySettled: true }, ctx);

  it("returns one match per rule, schema-valid and JSON-serialisable", () => {
    expect(e.matches).toHaveLength(rules.length);
    expect(Evaluation.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it("ranks follow-up questions by how many pending rules each decides", () => {
    const counts = e.followUps.map((f) => f.decides);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    for (const f of e.followUps) {
      expect(f.question.length).toBeGreaterThan(0);
      for (const id of f.ruleIds) expect(e.matches.find((m) => m.ruleId === id)!.status).toBe("needs_info");
    }
    expect(e.followUps.find((f) => f.fact === "onDirectReport")?.ruleIds).toEqual(expect.arrayContaining(["hz-ecom-attract", "hz-ecom-scale-up"]));
  });

  it("collects document-level notices once", () => {
    const today = evaluateAll(rules, { ...HZ, isEcommerce: true, newlySettled: true }, makeContext(rules, DOCS, TODAY));
    expect(today.notices.filter((n) => n.includes("杭州市新电商"))).toHaveLength(1);
    expect(e.notices.filter((n) => n.includes("杭州市新电商"))).toHaveLength(0);
  });

  it("ineligible matches carry no amount and no missing facts", () => {
    for (const m of e.matches.filter((x) => x.status === "ineligible")) {
      expect(m.amount).toBeUndefined();
      expect(m.missing).toEqual([]);
      expect(m.failed.length).toBeGreaterThan(0);
    }
  });
});

describe("isRelevant", () => {
  it("a rule is relevant when one of its subject facts is stated and not false", () => {
    expect(isRelevant(rule("hz-ecom-locker"), { lockers: 3 })).toBe(true);
    expect(isRelevant(rule("hz-ecom-locker"), { investment: 3 })).toBe(false);
    expect(isRelevant(rule("hz-ecom-park"), { hostsPark: false })).toBe(false);
  });
});
