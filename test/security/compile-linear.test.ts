import { describe, expect, it } from "vitest";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import { compileBounded, MAX_COMPILE_CHARS } from "../../ingest/compile-bounded.js";

/** F6 of issue 21: the compiler was quadratic in clause length (a 1M-character line never finished). */
describe("clause compile time is linear in clause length", () => {
  const doc = { id: "d", title: "关于支持企业发展的若干措施", region: { level: "national" }, kind: "其他", sourceFile: "docs/d.txt", sourceStart: 0, sourceEnd: 1 } as DocMeta;
  const unit = "对新认定的国家级高新技术企业，给予一次性奖励20万元，对当年研发投入增长超过10%的企业，按增量部分的5%给予补助，最高不超过100万元；";
  const clause = (n: number): Clause => {
    const text = `第一条 ${unit.repeat(Math.ceil(n / unit.length))}`.slice(0, n);
    return { id: "d:第一条", docId: "d", article: "第一条", headings: [], text, start: 0, end: text.length, depth: 1, childIds: [] } as unknown as Clause;
  };
  const time = (n: number) => {
    const t = performance.now();
    const r = compileBounded([doc], [clause(n)]);
    return { ms: performance.now() - t, r };
  };

  it("4k/16k/64k characters: 64k takes at most 20× the time of 4k; past the cap the clause is quote-only with the reason", () => {
    time(2000); // JIT
    const [a, b, c] = [4000, 16000, 64000].map(time);
    console.log(`F6 compile: 4k ${a.ms.toFixed(0)} ms, 16k ${b.ms.toFixed(0)} ms, 64k ${c.ms.toFixed(0)} ms; ratio 64k/4k ${(c.ms / a.ms).toFixed(2)}`);
    expect(c.ms / a.ms).toBeLessThanOrEqual(20);
    expect(a.r.rules.length).toBeGreaterThan(0);
    for (const { r } of [b, c]) {
      expect(r.rules).toEqual([]);
      expect(r.report.unread).toEqual([{ clauseId: "d:第一条", text: expect.stringMatching(new RegExp(`条款正文过长（\\d+ 字，上限 ${MAX_COMPILE_CHARS} 字），未编译为规则`)) }]);
    }
  }, 60_000);
});
