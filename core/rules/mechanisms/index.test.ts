import { describe, expect, it } from "vitest";
import { Formula } from "../schema.js";
import { computeFormula, formulaFacts, formulaNumbers, MECHANISMS } from "./index.js";

/**
 * A kind is whole only when its module gives all four: schema (in the union),
 * computation, numbers for provenance and facts for selection. These tests
 * fail for a kind added to the union without a mechanism, and for a mechanism
 * that holds a number provenance never checks or reads a fact selection never sees.
 */

const kinds = Formula.options.map((o) => o.shape.kind.value as string);

/** One formula of every kind, using every numeric field the kind has. */
const EXAMPLES: Record<string, unknown> = {
  fixed: { kind: "fixed", amount: 200000 },
  upTo: { kind: "upTo", cap: 500000, base: "eventInvestment" },
  rate: { kind: "rate", base: "investment", rate: 20, cap: 5000000, fx: "usdRate" },
  perPeriod: { kind: "perPeriod", period: "年", base: "investment", rate: 20, periods: "yearsOperated", maxPeriods: 3, periodCap: 2000000, totalCap: 5000000 },
  perUnit: { kind: "perUnit", count: "lockers", unit: "台", rate: 30, price: "lockerPrice", unitCap: 500, yearlyCap: 30000, totalCap: 90000, maxYears: 3, maxUnits: 5, perEach: "ruralOutlets", eachUnit: "个网点" },
  onceplusRecurring: { kind: "onceplusRecurring", once: 50000, recurring: 20000, years: "yearsOperated", maxYears: 3, count: "villageOutlets", unit: "个网点" },
  feeShare: { kind: "feeShare", rate: 70, fee: "boothFeePerBooth", units: "expoBooths", maxUnits: 6, unit: "个标准展位" },
  approx: { kind: "approx", base: "contractAmount", rate: 5 },
  staged: { kind: "staged", stages: [{ label: "立项后", amount: 300000 }, { label: "验收合格后", amount: 700000, upTo: true }], totalCap: 1000000, matchPercent: 200 },
  unspecified: { kind: "unspecified", note: "择优给予奖励" },
  costShare: { kind: "costShare", shares: [{ districts: ["萧山区"], counties: true, local: 75, upper: 25 }], otherwise: { local: 50, upper: 50 } },
  qualification: { kind: "qualification", outcome: "纳入培育库" },
  tiers: { kind: "tiers", base: "investment", rateBase: "contractAmount", tiers: [{ from: 1000000, to: 5000000, rate: 5 }, { from: 5000000, amount: 300000 }], cap: 200000 },
  range: { kind: "range", min: 200000, max: 1000000 },
  rateRange: { kind: "rateRange", base: "investment", min: 5, max: 20, cap: 5000000 },
  perStep: { kind: "perStep", base: "lockers", step: 10, amount: 10000, from: 20, cap: 50000 },
  areaRent: { kind: "areaRent", area: "lockers", unit: "平方米", price: 20, period: "月", rent: "lockerPrice", maxArea: 500, maxYears: 3, yearlyCap: 2000000, totalCap: 5000000 },
  perHeads: { kind: "perHeads", terms: [{ count: "lockers", amount: 80000, unit: "人" }, { count: "villageOutlets", amount: 50000, unit: "人" }], cap: 5000000, years: 3 },
  excess: { kind: "excess", base: "investment", threshold: 10000000, rate: 0.5, cap: 200000 },
  multiple: { kind: "multiple", base: "lockerPrice", times: 3, cap: 30000 },
  marginal: { kind: "marginal", base: "investment", bands: [{ to: 5000000, rate: 4 }, { from: 5000000, to: 10000000, rate: 2 }, { from: 10000000, rate: 1 }], cap: 1000000 },
  lookup: { kind: "lookup", fact: "entityKind", options: [{ value: "企业", amount: 100000 }, { value: "高等院校", amount: 50000 }] },
};

const numbersIn = (x: unknown): number[] =>
  typeof x === "number" ? [x] : Array.isArray(x) ? x.flatMap(numbersIn) : x && typeof x === "object" ? Object.values(x).flatMap(numbersIn) : [];
const stringsIn = (x: unknown): string[] =>
  typeof x === "string" ? [x] : Array.isArray(x) ? x.flatMap(stringsIn) : x && typeof x === "object" ? Object.values(x).flatMap(stringsIn) : [];
/** The asker's place is read by region logic, not asked for as a formula's fact. */
const PLACE = new Set(["province", "city", "district"]);

describe("formula registry", () => {
  it("every kind in the Formula union has a registered mechanism with compute, numbers and facts", () => {
    expect(kinds.length).toBeGreaterThanOrEqual(19);
    for (const k of kinds) {
      const m = (MECHANISMS as Record<string, unknown>)[k] as Record<string, unknown> | undefined;
      expect(m, k).toBeDefined();
      for (const fn of ["compute", "numbers", "facts"]) expect(typeof m![fn], `${k}.${fn}`).toBe("function");
    }
  });

  it("registers no mechanism the union cannot parse, and no kind twice", () => {
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(Object.keys(MECHANISMS).sort()).toEqual([...kinds].sort());
  });

  it("has an example of every kind (a new kind adds one here)", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...kinds].sort());
  });

  describe.each(kinds)("%s", (kind) => {
    const f = Formula.parse(EXAMPLES[kind]);

    it("reports every number it holds for the provenance check", () => {
      const reported = formulaNumbers(f).map((n) => n.value);
      expect([...reported].sort((a, b) => a - b)).toEqual(numbersIn(f).sort((a, b) => a - b));
      for (const n of formulaNumbers(f)) expect(n.where).toMatch(/^amount\./);
    });

    it("reads only facts it names, and every fact it asks for is one selection sees", () => {
      const facts = formulaFacts(f);
      for (const k of facts) expect(stringsIn(f)).toContain(k);
      const asked = computeFormula(f, {}).missing.filter((k) => !PLACE.has(k));
      for (const k of asked) expect(facts).toContain(k);
    });

    it("needs nothing more once its facts are stated", () => {
      const options = kind === "lookup" ? (f as Extract<Formula, { kind: "lookup" }>).options : [];
      const profile = Object.fromEntries(formulaFacts(f).map((k) => [k, options.length ? options[0].value : 7000000]));
      expect(computeFormula(f, profile).missing.filter((k) => !PLACE.has(k))).toEqual([]);
    });
  });
});
