import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFacts, extractFromConversation } from "../../server/nlu/extract.js";
import { classifyIntent, detectTopics } from "../../server/nlu/intent.js";
import { findRegions } from "../../core/places/regions.js";
import { findQuantities, parseChineseNumber } from "../../core/text/numbers.js";

const CHARS = "0123456789０１２３４５６７８９.,，。%％-一二两三四五六七八九十百千万亿零〇点元件台个年月近成倍每/投资研发营收增速纳入没未不是高企杭州萧山区";
const policyish = fc.string({ unit: fc.constantFrom(...CHARS.split("")), maxLength: 80 });
const anyText = fc.oneof(fc.string({ unit: "grapheme", maxLength: 120 }), fc.string({ unit: "binary", maxLength: 120 }), policyish);

describe("never throws, always finite", () => {
  it("findQuantities", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        for (const q of findQuantities(s)) {
          expect(Number.isFinite(q.value)).toBe(true);
          expect(q.start).toBeGreaterThanOrEqual(0);
          expect(q.end).toBeLessThanOrEqual(s.length);
          expect(s.slice(q.start, q.end)).toBe(q.raw);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("parseChineseNumber", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const v = parseChineseNumber(s);
        expect(v === undefined || Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("extractFacts, regions, intents", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const r = extractFacts(s);
        for (const e of r.evidence) expect(s.slice(e.start, e.end)).toBe(e.raw);
        findRegions(s);
        classifyIntent(s);
        detectTopics(s);
      }),
      { numRuns: 300 },
    );
  });

  it("conversations", () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 4 }), (turns) => {
        extractFromConversation(turns);
      }),
      { numRuns: 100 },
    );
  });

  it("money is exact to the fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom("万元", "亿元", "元"), (i, f, unit) => {
        const text = `投资${i}.${String(f).padStart(2, "0")}${unit}`;
        const [q] = findQuantities(text);
        const cents = BigInt(i) * 100n + BigInt(f);
        const scale = unit === "万元" ? 10000n : unit === "亿元" ? 100000000n : 1n;
        const exact = (cents * scale).toString();
        const expected = Number(exact.length > 2 ? `${exact.slice(0, -2)}.${exact.slice(-2)}` : `0.${exact.padStart(2, "0")}`);
        expect(q.value).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Hostile input must not make the readers blow up (catastrophic backtracking, quadratic scans).
 * Absolute times belong in the bench on this shared machine; what is pinned here is growth:
 * four times the input may take about four times as long, never sixteen.
 */
describe("hostile input grows linearly", () => {
  const read = (text: string) => {
    extractFacts(text);
    findQuantities(text);
    classifyIntent(text);
    detectTopics(text);
  };
  const best = (text: string) => {
    let min = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      read(text);
      min = Math.min(min, performance.now() - t0);
    }
    return min;
  };
  it.each([
    ["random characters", (n: number) => Array.from({ length: 5 * n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("")],
    ["repeated units", (n: number) => "亿亿亿万万".repeat(n)],
    ["a huge number", (n: number) => `投资${"9".repeat(n)}万元`],
    ["control characters", (n: number) => "\u0000\u0001\u200b\ufeff\ud800".repeat(n)],
    ["many numbers and cues", (n: number) => "投资1000万元研发投入200万元，".repeat(n / 4)],
    ["many statements", (n: number) => "不是高企没有纳入联网直报".repeat(n / 3)],
    ["places", (n: number) => "杭州萧山余杭鼓楼区".repeat(n / 2)],
  ])("%s", (_name, make) => {
    read(make(100)); // warm the caches and the JIT first
    const small = best(make(1000));
    const large = best(make(4000));
    expect(large).toBeLessThan(10 * small + 100);
  });

  it("chained units never throw", () => {
    expect(() => findQuantities("亿亿亿万万元")).not.toThrow();
    for (const q of findQuantities("亿亿亿万万元 1万万元 百亿亿")) expect(Number.isFinite(q.value)).toBe(true);
  });
});
