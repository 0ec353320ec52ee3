import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Clause, DocMeta } from "../../core/corpus/schema.js";
import type { FactDef } from "../../core/facts/registry.js";
import { followUpProblem } from "../../core/facts/wellformed.js";
import { compileCorpus } from "../../ingest/compile/index.js";
import { loadFile } from "../../ingest/load.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";

/**
 * Property over every fact the compiler mints from the corpora in this repository (the seed corpus and
 * the test fixture corpora): its name is a noun phrase a person would write, and its follow-up question
 * is a well-formed Chinese question with its unit. The lists below are the genre's grammar words, kept
 * apart from core/facts/wellformed.ts on purpose: the test must not share the checker it tests.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CORPORA = ["corpus/docs", "test/fixtures/dev-corpus", "test/fixtures/dev-extra", "test/fixtures/originals", "test/fixtures/meta"];

/** Verbs of granting and regulating, and words that point elsewhere in the sentence. */
const VERBS = ["给予", "予以", "规定", "遴选", "拨付", "奖补", "兑现"];
const POINTERS = ["分别", "其中", "上述", "前述", "下列"];
/** A digit, or a Chinese numeral with a measure, that is not a span naming the figure (近3年…). */
const NUMBER = /[0-9０-９]/;
const NAMING_SPAN = /(?:近|前|过去|最近|连续)\s*[\d一二两三四五六七八九十]+\s*个?(?:年|月)|[\d一二两三四五六七八九十]+\s*个?(?:年|月)内|Top\s*\d+|前\s*\d+\s*名/giu;

const UNIT_OF: Record<FactDef["type"], (d: FactDef) => RegExp> = {
  money: () => /（万元）？$/,
  usd: () => /（万美元）？$/,
  percent: () => /（%）？$/,
  count: (d) => new RegExp(`有多少${d.unit ?? "个"}？$`),
  years: () => /是几年？$/,
  months: () => /是几个月？$/,
  boolean: () => /^贵单位是否.+？$/,
  text: () => /属于哪一类（.+）？$/,
};

const facts: { file: string; def: FactDef }[] = [];

beforeAll(async () => {
  const rr = defaultRegionResolver();
  for (const rel of CORPORA) {
    const dir = join(ROOT, rel);
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".txt") && f !== "README.md")) {
      const parsed = parseFile(await loadFile(dir, join(dir, name)), rr);
      const docs: DocMeta[] = parsed.docs;
      const clauses: Clause[] = parsed.clauses;
      for (const def of compileCorpus(docs, clauses).facts) if (def.compiled) facts.push({ file: `${rel}/${name}`, def });
    }
  }
}, 240_000);

describe("every compiled fact of the repository's corpora", () => {
  it("there are facts to check (the property is not vacuous)", () => {
    expect(facts.length).toBeGreaterThan(50);
    expect(new Set(facts.map((f) => f.file)).size).toBeGreaterThan(10);
  });

  it("no name holds a verb of granting, a pointer word or a number", () => {
    const bad = facts.filter(({ def }) => {
      const name = def.label;
      return VERBS.some((v) => name.includes(v)) || POINTERS.some((w) => name.includes(w)) || NUMBER.test(name.replace(NAMING_SPAN, ""));
    });
    expect(bad.map(({ file, def }) => `${file}: ${def.label}`)).toEqual([]);
  });

  it("every follow-up question ends in its unit and passes the well-formedness check", () => {
    const bad = facts.filter(({ def }) => !UNIT_OF[def.type](def).test(def.question) || followUpProblem(def.question, def.type, def.unit) !== undefined);
    expect(bad.map(({ file, def }) => `${file}: ${def.question}`)).toEqual([]);
  });

  it("a question names the fact by its name, not by a fragment of the sentence around it", () => {
    for (const { def } of facts) expect(def.question, def.question).toContain(def.label);
  });
});
