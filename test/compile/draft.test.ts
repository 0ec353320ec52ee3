import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileCorpus } from "../../ingest/compile/index.js";
import { draftRules, draftYaml } from "../../ingest/draft.js";
import { loadFile } from "../../ingest/load.js";
import { parseFile } from "../../ingest/pipeline.js";
import { defaultRegionResolver } from "../../ingest/regions.js";
import { mergeRules } from "../../ingest/rules.js";
import { registerFacts } from "../../core/facts/registry.js";
import { leaves } from "../../core/rules/conditions.js";
import { evaluateRule, makeContext } from "../../core/rules/engine.js";
import { loadRules, parseRuleFile } from "../../core/rules/load.js";
import { checkRule } from "../../core/rules/provenance.js";
import { clauseIdOf, type Rule } from "../../core/rules/schema.js";

/**
 * `npm run rules:draft`: a document's compiled rules as a curated rule file a reviewer can
 * correct and commit. What it writes must load like corpus/rules, pass the provenance check,
 * and carry cases around every threshold whose expectations the engine reproduces.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/dev-corpus/", import.meta.url));
const rr = defaultRegionResolver();
const tmp = mkdtempSync(join(tmpdir(), "zct-draft-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function draftOf(file: string) {
  const p = parseFile(await loadFile(FIXTURES, join(FIXTURES, file)), rr);
  const doc = p.docs[0];
  const compiled = compileCorpus([doc], p.clauses);
  registerFacts(compiled.facts);
  const input = { doc, clauses: p.clauses, rules: compiled.rules, facts: compiled.facts, report: compiled.report, asOf: "2026-01-01" };
  const rules = draftRules(input);
  const yaml = draftYaml(input, rules, `npm run rules:draft -- --doc ${doc.id}`);
  return { doc, clauses: p.clauses, compiled, yaml, parsed: parseRuleFile(yaml, `${doc.id}.yaml`) };
}

const clauseText = (clauses: { id: string; text: string }[], r: Rule) => clauses.find((c) => c.id === clauseIdOf(r.docId, r.article))?.text ?? "";

describe("rules:draft output", () => {
  for (const file of ["05_dalian_liyong_waizi_zhengce.txt", "13_lucheng_kaifangxing_jingji.txt", "01_ganjingzi_yingyong_jishu_yanfa_zijin.txt"]) {
    it(`${file}: loads as a curated rule file and every rule passes the provenance check`, async () => {
      const { doc, clauses, compiled, yaml, parsed } = await draftOf(file);
      expect(parsed).toHaveLength(compiled.rules.length);
      for (const r of parsed) {
        expect(r.origin).toBe("curated");
        expect(r.docId).toBe(doc.id);
        expect(checkRule(r, clauseText(clauses, r)), r.id).toEqual([]);
        expect(r.cases.length, r.id).toBeGreaterThan(0);
      }
      // Compiled fact keys are kept as they are, so the committed file reads the facts the compiler names.
      const keysOf = (rs: readonly Rule[]) => rs.map((r) => JSON.stringify(r.amount)).sort();
      expect(keysOf(parsed)).toEqual(keysOf(compiled.rules));
      expect(yaml).not.toContain("origin");
      // It loads with the rule loader too: ids unique, references (general conditions) resolve.
      const dir = mkdtempSync(join(tmp, "rules-"));
      writeFileSync(join(dir, `${doc.id}.yaml`), yaml);
      expect(loadRules(dir).map((r) => r.id)).toEqual(parsed.map((r) => r.id));
    });
  }

  it("cases sit at, below and above each threshold, and the engine reproduces every expectation", async () => {
    const { doc, parsed } = await draftOf("05_dalian_liyong_waizi_zhengce.txt");
    const ctx = makeContext(parsed, [doc], "2026-01-01");
    for (const r of parsed) {
      for (const c of r.cases) {
        const m = evaluateRule(r, c.profile, ctx);
        expect(m.status, `${r.id} › ${c.name}`).toBe(c.status);
        if (c.amount !== undefined) expect(m.amount?.yuan, `${r.id} › ${c.name}`).toBe(c.amount);
        for (const k of c.missing ?? []) expect(m.missing).toContain(k);
      }
      for (const l of r.conditions ? leaves(r.conditions) : []) {
        if (typeof l.value !== "number") continue;
        const tried = r.cases.map((c) => c.profile[l.fact]).filter((v): v is number => typeof v === "number");
        expect(tried, `${r.id} ${l.label}`).toContain(l.value);
        expect(tried.some((v) => v < (l.value as number)), `${r.id} ${l.label}: below`).toBe(true);
        expect(tried.some((v) => v > (l.value as number)), `${r.id} ${l.label}: above`).toBe(true);
      }
    }
    // The band table 1000万（含）至2000万美元、…: every boundary is tried, and each side gets its own band.
    const tiers = parsed.find((r) => r.article === "一、1.")!;
    const at = (v: number) => tiers.cases.find((c) => Object.values(c.profile).includes(v));
    expect(at(10_000_000)).toMatchObject({ status: "eligible", amount: 6_000_000 });
    expect(at(9_990_000)).toMatchObject({ status: "ineligible" });
    expect(at(20_000_000)).toMatchObject({ status: "eligible", amount: 9_000_000 });
    expect(at(19_990_000)).toMatchObject({ status: "eligible", amount: 6_000_000 });
    expect(at(100_000_000)).toMatchObject({ status: "eligible", amount: 12_000_000 });
    expect(tiers.cases.some((c) => c.status === "needs_info")).toBe(true);
  });

  it("a rate with a cap gets cases either side of where the cap starts to bind", async () => {
    const { parsed } = await draftOf("01_ganjingzi_yingyong_jishu_yanfa_zijin.txt");
    const r = parsed.find((x) => x.article === "第八条（一）")!;
    expect(r.amount).toMatchObject({ kind: "rate", rate: 30, cap: 2_000_000 });
    const amounts = r.cases.filter((c) => c.status === "eligible").map((c) => c.amount);
    expect(amounts).toContain(2_000_000);
    expect(amounts.some((a) => a !== undefined && a < 2_000_000)).toBe(true);
  });

  it("the quote-only provisions are listed for the reviewer in the header", async () => {
    const { yaml, compiled } = await draftOf("05_dalian_liyong_waizi_zhengce.txt");
    expect(compiled.report.quoteOnly).toBeGreaterThan(0);
    expect(yaml).toContain(`以下 ${compiled.report.unread.length} 处金额条款未能自动读取`);
    for (const u of compiled.report.unread) expect(yaml).toContain(u.text);
  });

  it("committed as curated, the draft replaces the compiled rules of its clauses", async () => {
    const { compiled, parsed } = await draftOf("13_lucheng_kaifangxing_jingji.txt");
    const merged = mergeRules(parsed, compiled.rules);
    expect(merged.filter((r) => r.origin === "compiled")).toEqual([]);
    expect(merged).toHaveLength(parsed.length);
  });
});

describe("npm run rules:draft (CLI)", () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "ingest/draft-cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "silent" } });

  it("writes the document's draft to --out, loadable as a rule file", () => {
    const out = join(tmp, "draft-13.yaml");
    const r = run("--doc", "13-lucheng-kaifangxing-jingji", "--corpus", FIXTURES, "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("已写入");
    const rules = parseRuleFile(readFileSync(out, "utf8"), "draft-13.yaml");
    expect(rules.length).toBeGreaterThan(3);
    expect(rules.every((x) => x.docId === "13-lucheng-kaifangxing-jingji")).toBe(true);
  });

  it("refuses an unknown document or a missing --doc with a Chinese message and exit code 1", () => {
    const unknown = run("--doc", "no-such-doc", "--corpus", FIXTURES);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("语料中没有文档“no-such-doc”");
    expect(unknown.stderr).toContain("13-lucheng-kaifangxing-jingji");
    const missing = run("--corpus", FIXTURES);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("缺少 --doc 参数");
  });
});
