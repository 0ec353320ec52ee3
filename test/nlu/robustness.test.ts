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

describe("hostile input finishes fast", () => {
  it.each([
    ["20 000 random characters", Array.from({ length: 20000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("")],
    ["repeated units", "亿亿亿万万".repeat(4000)],
    ["a huge number", `投资${"9".repeat(5000)}万元`],
    ["control characters", "\u0000\u0001\u200b\ufeff\ud800".repeat(4000)],
    ["many numbers and cues", "投资1000万元研发投入200万元，".repeat(1000)],
    ["many statements", "不是高企没有纳入联网直报".repeat(1500)],
    ["places", "杭州萧山余杭鼓楼区".repeat(2000)],
  ])("%s", (_name, text) => {
    const t0 = performance.now();
    extractFacts(text);
    findQuantities(text);
    classifyIntent(text);
    detectTopics(text);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("chained units never throw", () => {
    expect(() => findQuantities("亿亿亿万万元")).not.toThrow();
    for (const q of findQuantities("亿亿亿万万元 1万万元 百亿亿")) expect(Number.isFinite(q.value)).toBe(true);
  });
});
