import { describe, expect, it } from "vitest";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import { loadRules } from "../../core/rules/load.js";
import { Match } from "../../core/rules/match.js";
import { DOCS, TODAY } from "./fixtures/docs.js";
import { inForce } from "../../core/corpus/schema.js";

/** Every case written beside every rule in corpus/rules runs here, one test each. */

const rules = loadRules();

/** TODAY if the document is in force then, else the first day of its period. */
function inForceDay(docId: string): string {
  const doc = DOCS.find((d) => d.id === docId);
  if (!doc || inForce(doc, TODAY)) return TODAY;
  return doc.validFrom ?? (doc.validTo && doc.validTo < TODAY ? doc.validTo : TODAY);
}

describe("rule cases (corpus/rules)", () => {
  for (const rule of rules) {
    for (const c of rule.cases) {
      it(`${rule.id} › ${c.name}`, () => {
        // A case without a date tests the document's terms, on a day the document is in force; a case
        // with `asOf` tests the date too (out of force: `expired`/`not_yet`, never `eligible`).
        const ctx = makeContext(rules, DOCS, c.asOf ?? inForceDay(rule.docId));
        const m = evaluateRule(rule, c.profile, ctx);
        const why = JSON.stringify({ failed: m.failed, missing: m.missing, amount: m.amount }, null, 1);
        expect(m.status, why).toBe(c.status);
        if (c.amount !== undefined) expect(m.amount?.yuan, why).toBe(c.amount);
        if (c.min !== undefined) expect(m.amount?.min, why).toBe(c.min);
        if (c.max !== undefined) expect(m.amount?.max, why).toBe(c.max);
        for (const k of c.missing ?? []) expect(m.missing, why).toContain(k);
        if (c.failedIncludes) expect(m.failed.join("\n"), why).toContain(c.failedIncludes);
        if (c.noticeIncludes) expect(m.notices.join("\n")).toContain(c.noticeIncludes);
        if (c.textIncludes) expect(m.amount?.text, why).toContain(c.textIncludes);
        if (c.traceIncludes) expect(m.amount?.trace.join("\n"), why).toContain(c.traceIncludes);
        // The match is what the API sends: it must satisfy its schema and survive JSON.
        expect(Match.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
      });
    }
  }
});

describe("rule base coverage", () => {
  it("every rule has cases, keywords and a known document", () => {
    const ids = new Set(DOCS.map((d) => d.id));
    for (const r of rules) {
      expect(r.cases.length, r.id).toBeGreaterThan(0);
      expect(r.keywords.length, r.id).toBeGreaterThan(0);
      expect(ids.has(r.docId), r.id).toBe(true);
    }
  });

  it("every Hangzhou provision that grants money names the general conditions (十八)", () => {
    const money = rules.filter((r) => r.docId === "hangzhou-new-ecommerce-2022" && !["qualification", "costShare"].includes(r.amount.kind));
    expect(money.length).toBeGreaterThanOrEqual(28);
    for (const r of money) expect(r.general, r.id).toContain("hz-ecom-general");
  });

  it("every money rule has an eligible case", () => {
    for (const r of rules.filter((r) => !["qualification", "costShare"].includes(r.amount.kind))) {
      expect(r.cases.some((c) => c.status === "eligible"), r.id).toBe(true);
    }
  });
});
