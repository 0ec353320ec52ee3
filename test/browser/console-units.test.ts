import { describe, expect, it } from "vitest";
import { chineseDate, sheetModel } from "../../web/src/components/answerSheet.js";
import { expandProfile, findFacts, foldProfile, indexMerged, mergeFacts, planFields } from "../../web/src/console/facts.js";
import { outOfScope, rankMatches } from "../../web/src/console/rank.js";
import type { FactDef, Match } from "../../web/src/lib/types.js";
import { fakeMatch } from "../helpers/match.js";

/** The console's pure parts: merged facts, the short form, scope and ranking, the 答复单 model. */

const fact = (key: string, label: string, type: FactDef["type"], extra: Partial<FactDef> = {}): FactDef => ({ key, label, type, group: "g", question: `${label}？`, ...extra });
const FACTS: FactDef[] = [
  fact("city", "所在城市", "text"),
  fact("entityKind", "申报主体类型", "text"),
  fact("validInventionPatents", "有效发明专利", "count", { unit: "件" }),
  fact("c:有效发明专利:件", "有效发明专利", "count", { compiled: true, phrases: ["有效发明专利"] }),
  fact("c:有效发明专利:是否", "有效发明专利", "boolean", { compiled: true }),
  fact("isHighTech", "高新技术企业", "boolean"),
  ...Array.from({ length: 20 }, (_, i) => fact(`f${i}`, `事实${i}`, "boolean")),
];

const match = (ruleId: string, status: Match["status"], extra: Partial<Match> = {}): Match =>
  fakeMatch(status, { ruleId, docId: "d", clauseId: `d:${ruleId}`, docTitle: "文件", article: "一、", title: ruleId, quote: "原文", ...extra });

describe("console facts", () => {
  const merged = mergeFacts(FACTS);
  const index = indexMerged(merged);

  it("merges a hand-written and a compiled fact of the same phrase and unit, not of another unit", () => {
    const patents = merged.filter((f) => f.def.label === "有效发明专利");
    expect(patents.map((f) => f.keys)).toEqual([["validInventionPatents", "c:有效发明专利:件"], ["c:有效发明专利:是否"]]);
    expect(expandProfile({ validInventionPatents: 12 }, index)).toEqual({ validInventionPatents: 12, "c:有效发明专利:件": 12 });
    expect(foldProfile({ "c:有效发明专利:件": 3 }, index)).toEqual({ validInventionPatents: 3 });
  });

  it("shows at most twelve fields: place and kind while unknown, then the most decisive facts", () => {
    const deciders = FACTS.slice(5).map((f, i) => ({ fact: f.key, decides: i }));
    const plan = planFields({ index, known: {}, pinned: [], deciders });
    expect(plan).toHaveLength(12);
    expect(plan.slice(0, 3).map((f) => f.key)).toEqual(["city", "entityKind", "f19"]);
    const known = planFields({ index, known: { city: "苏州市", f19: true }, pinned: ["isHighTech"], deciders });
    expect(known.map((f) => f.key)).not.toContain("city");
    expect(known.map((f) => f.key)).not.toContain("f19");
    expect(known[0].key).toBe("isHighTech");
  });

  it("finds any fact by a word of its label", () => {
    expect(findFacts(merged, "发明").map((f) => f.key)).toEqual(["validInventionPatents", "c:有效发明专利:是否"]);
    expect(findFacts(merged, " ")).toEqual([]);
  });
});

describe("console scope and ranking", () => {
  it("drops rules that fail on place and kind alone", () => {
    expect([...outOfScope([match("a", "ineligible"), match("b", "needs_info"), match("c", "expired", { validity: { inForce: false, text: "", onTerms: "ineligible" } })])]).toEqual(["a", "c"]);
  });
  it("puts in-force rules first, then those reading what the caller said, then eligible and amounts", () => {
    const ranked = rankMatches(
      [
        match("old", "expired", { amount: { yuan: 9e6, text: "900万元", basis: "", trace: [] } }),
        match("rich", "eligible", { amount: { yuan: 5e6, text: "500万元", basis: "", trace: [] } }),
        match("plain", "eligible"),
        match("said", "needs_info"),
      ],
      new Map([["said", ["dengfengApproved"]]]),
      new Set(["dengfengApproved"]),
    );
    expect(ranked.map((m) => m.ruleId)).toEqual(["said", "rich", "plain", "old"]);
  });
});

describe("答复单", () => {
  it("holds the question, conclusion, amounts, quoted articles with their numbers, the date and the disclaimer", () => {
    const m = sheetModel(
      {
        question: "能拿多少？",
        conclusion: "符合条件，200万元/年",
        matches: [match("a", "eligible", { title: "新电商招引", amount: { yuan: 2e6, text: "200万元/年", basis: "", trace: [] } }), match("b", "ineligible", { amount: { text: "1万元", basis: "", trace: [] } })],
        asOf: "2025-06-30",
      },
      new Map([["d", "杭政办函〔2022〕28号"]]),
    );
    expect(m.amounts).toEqual([{ label: "新电商招引（符合条件）", text: "200万元/年" }]);
    expect(m.articles).toEqual([{ source: "《文件》（杭政办函〔2022〕28号）一、", quote: "原文" }]);
    expect(m.date).toBe("2025年6月30日");
    expect(m.disclaimer).toMatch(/以主管部门审核结果为准/);
    expect(chineseDate("bad")).toBe("bad");
  });
});
