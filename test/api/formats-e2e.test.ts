import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { buildDocx, devText, hasChromium, printableHtml, printToPdf } from "../helpers/formats.js";
import { startServer } from "../helpers/server.js";

/**
 * What the product is judged on: a corpus of nothing but a Chromium-printed
 * PDF and a Word DOCX. The server lists both with their titles, parses their
 * articles and cites them verbatim.
 */
describe.skipIf(!hasChromium())("a corpus of one PDF and one DOCX, served", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-e2e-formats-"));
  const liaoning = devText("08_liaoning_qiye_jishu_chuangxin_zijin.txt");
  const ganjingzi = devText("01_ganjingzi_yingyong_jishu_yanfa_zijin.txt");
  let base = "";
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    mkdirSync(join(dir, "corpus", "docs"), { recursive: true });
    writeFileSync(join(dir, "corpus", "docs", "liaoning-innovation-fund.pdf"), await printToPdf(printableHtml(liaoning.title, liaoning.body)));
    writeFileSync(join(dir, "corpus", "docs", "ganjingzi-rd-fund.docx"), buildDocx(ganjingzi.title, ganjingzi.body));
    ({ url: base, close } = await startServer({ CORPUS_DIR: join(dir, "corpus"), INDEX_DIR: join(dir, "index") }));
  }, 240_000);
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => (await (await fetch(base + path)).json()) as any;
  const chat = async (q: string) =>
    (await (await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) })).json()) as any;

  it("lists both documents with the titles printed on them", async () => {
    const { policies } = await get("/api/policies");
    expect(policies.map((p: any) => [p.id, p.title]).sort()).toEqual([
      ["ganjingzi-rd-fund", ganjingzi.title],
      ["liaoning-innovation-fund", liaoning.title],
    ]);
    expect(policies.find((p: any) => p.id === "liaoning-innovation-fund").sourceFile).toBe("docs/liaoning-innovation-fund.pdf");
  });

  it("parses every article: 第一条 … 第五十五条 of the PDF, each clause with its page", async () => {
    const { clauses } = await get("/api/policies/liaoning-innovation-fund");
    const articles = clauses.filter((c: any) => /^第.+条$/.test(c.article)).map((c: any) => c.article);
    expect(articles.length).toBe(55);
    expect(articles.at(-1)).toBe("第五十五条");
    const view = await get(`/api/clauses/${encodeURIComponent("liaoning-innovation-fund:第九条")}`);
    expect(view.clause.page).toBe(2);
    expect(view.doc.sourceFile).toBe("docs/liaoning-innovation-fund.pdf");
  });

  it("answers from the PDF and quotes it verbatim", async () => {
    const res = await chat("辽宁企业并购海外科技型企业，并购金额1亿元，能拿多少专项资金补助？");
    const cites = res.citations.filter((c: any) => c.docId === "liaoning-innovation-fund");
    expect(cites.length).toBeGreaterThan(0);
    const clause = (await get(`/api/clauses/${encodeURIComponent(cites[0].clauseId)}`)).clause;
    expect(stripWhitespace(clause.text)).toContain(stripWhitespace(cites[0].quote));
    expect(res.citations.map((c: any) => c.quote).join("")).toContain("3000万元");
  });

  it("answers from the DOCX, citing an article whose number Word kept in numbering.xml", async () => {
    const res = await chat("甘井子区科技型中小企业创新项目研发投入补助比例是多少？最高多少？");
    const cite = res.citations.find((c: any) => c.docId === "ganjingzi-rd-fund");
    expect(cite).toBeTruthy();
    expect(cite.article).toMatch(/^第.+条/);
    expect(cite.quote).toContain("80万元");
  });
});
