import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inForce, type DocMeta } from "../../core/corpus/schema.js";
import { FACT_BY_KEY, type Profile } from "../../core/facts/registry.js";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import { isOutOfForce, Match } from "../../core/rules/match.js";
import type { Cond, Rule } from "../../core/rules/schema.js";
import { formulaFacts } from "../../core/rules/facts-of.js";
import { buildIndex } from "../../ingest/build.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { loadIndex } from "../../server/index/load.js";
import { testIndexDir } from "../helpers/server.js";

/**
 * Validity before money, over every document of the seed corpus and of the fixture dev corpora
 * (test/fixtures/dev-corpus, dev-extra, originals): as of TODAY, no rule of a policy out of force
 * is ever `eligible`, whatever the profile — even one built to meet every condition of the rule.
 */

const TODAY = "2026-12-07";
const fixtures = (dir: string) => fileURLToPath(new URL(`../fixtures/${dir}/`, import.meta.url));

interface Corpus {
  name: string;
  docs: DocMeta[];
  rules: Rule[];
}
const corpora: Corpus[] = [];
let tmp: string | undefined;

beforeAll(async () => {
  const seed = await loadIndex(testIndexDir());
  corpora.push({ name: "seed (corpus/)", docs: seed.docs, rules: seed.rules });
  tmp = mkdtempSync(join(tmpdir(), "zct-validity-"));
  const dir = join(tmp, "corpus");
  mkdirSync(dir);
  for (const f of ["dev-corpus", "dev-extra", "originals"]) {
    for (const n of readdirSync(fixtures(f)).filter((x) => x.endsWith(".txt"))) copyFileSync(join(fixtures(f), n), join(dir, n));
  }
  await buildIndex({ corpusDir: dir, outDir: join(tmp, "index"), resolveRegion: defaultRegionResolver(), remote: null });
  const dev = await loadIndex(join(tmp, "index"));
  corpora.push({ name: "fixture dev corpora", docs: dev.docs, rules: dev.rules });
}, 240_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A value that makes a leaf hold; the first branch of an any-of. Facts already set are kept. */
function satisfy(c: Cond | undefined, p: Profile): void {
  if (!c) return;
  if ("all" in c) return c.all.forEach((x) => satisfy(x, p));
  if ("any" in c) return satisfy(c.any[0], p);
  if (p[c.fact] !== undefined) return;
  const v = c.value;
  if (Array.isArray(v)) p[c.fact] = c.op === "in" ? v[0] : "其他";
  else if (typeof v === "number") p[c.fact] = c.op === "gt" ? v + 1 : c.op === "lt" ? v - 1 : v;
  else p[c.fact] = v;
}

/** A profile meant to meet every condition of the rule and its prerequisites, in the document's own region. */
function favourable(rule: Rule, byId: ReadonlyMap<string, Rule>, doc: DocMeta | undefined): Profile {
  const p: Profile = {};
  if (doc?.region.province) p.province = doc.region.province;
  if (doc?.region.city) p.city = doc.region.city;
  if (doc?.region.district) p.district = doc.region.district;
  satisfy(rule.conditions, p);
  for (const id of [...rule.requires, ...rule.general]) satisfy(byId.get(id)?.conditions, p);
  for (const k of [...formulaFacts(rule.amount), ...rule.subject]) {
    if (p[k] !== undefined) continue;
    const type = FACT_BY_KEY.get(k)?.type;
    p[k] = type === "boolean" ? true : type === "text" ? "是" : 5_000_000;
  }
  return p;
}

describe(`validity before money (as of ${TODAY})`, () => {
  it("no rule of a policy out of force is ever eligible; rules of policies in force are never expired", () => {
    let outOfForce = 0;
    let eligibleOnTerms = 0;
    for (const c of corpora) {
      const docs = new Map(c.docs.map((d) => [d.id, d]));
      const byId = new Map(c.rules.map((r) => [r.id, r]));
      const ctx = makeContext(c.rules, c.docs, TODAY);
      for (const rule of c.rules) {
        const doc = docs.get(rule.docId);
        const live = !doc || inForce(doc, TODAY);
        const profiles = [{}, favourable(rule, byId, doc), ...rule.cases.map((x) => x.profile)];
        for (const profile of profiles) {
          const m = evaluateRule(rule, profile, ctx);
          const where = `${c.name}: ${rule.id} (${doc?.validFrom ?? "?"}..${doc?.validTo ?? "?"}${doc?.supersededBy ? ` repealed by ${doc.supersededBy}` : ""})`;
          if (live) {
            expect(isOutOfForce(m.status), where).toBe(false);
            continue;
          }
          outOfForce++;
          expect(m.status, where).not.toBe("eligible");
          expect(["expired", "not_yet"], where).toContain(m.status);
          expect(m.validity?.inForce, where).toBe(false);
          expect(m.validity?.text, where).toMatch(/失效|废止|尚未生效/);
          expect(m.missing, where).toEqual([]);
          if (m.validity?.onTerms === "eligible") eligibleOnTerms++;
          // What the API sends: the schema holds and survives JSON.
          expect(Match.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
        }
      }
    }
    // The invariant bites: policies out of force exist in these corpora, and many of their rules would pay on their terms.
    expect(outOfForce).toBeGreaterThan(100);
    expect(eligibleOnTerms).toBeGreaterThan(20);
  });

  it("every corpus has documents out of force as of TODAY (the test is not vacuous)", () => {
    for (const c of corpora) expect(c.docs.filter((d) => !inForce(d, TODAY)).length, c.name).toBeGreaterThan(0);
  });
});
