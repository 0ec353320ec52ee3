import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { thresholds } from "../../server/answer/thresholds.js";
import { serverForSuite, startServer } from "../helpers/server.js";
import { askOnce } from "../helpers/chat.js";

/**
 * The measured relevance threshold (server/answer/thresholds.ts) over test/fixtures/relevance/questions.yaml:
 * every question on a subject no seed document covers is refused and pays nothing; every covered one is answered.
 */

const fixture = parse(readFileSync(new URL("../fixtures/relevance/questions.yaml", import.meta.url), "utf8")) as { uncovered: string[]; covered: string[] };

describe("relevance threshold, over HTTP on the seed corpus", () => {
  const server = serverForSuite(() => startServer({ TODAY: "2026-12-07" }), 180_000);

  const ask = (q: string) => askOnce<{ answer: string; found: boolean; matches: unknown[] }>(server.url, q);

  it("the chosen value is the measured one", () => {
    expect(thresholds.minCoverage).toBe(0.34);
    expect(fixture.uncovered.length).toBeGreaterThanOrEqual(12);
  });

  it("every uncovered-topic question is refused, with no amount and no 符合条件", async () => {
    const answered: string[] = [];
    for (const q of fixture.uncovered) {
      const a = await ask(q);
      if (a.found || a.matches.length || /符合条件/.test(a.answer)) answered.push(q);
      else expect(a.answer).toMatch(/没有/);
    }
    expect(answered).toEqual([]);
  }, 120_000);

  it("every covered question is answered", async () => {
    const refused: string[] = [];
    for (const q of fixture.covered) if (!(await ask(q)).found) refused.push(q);
    expect(refused).toEqual([]);
  }, 120_000);
});
