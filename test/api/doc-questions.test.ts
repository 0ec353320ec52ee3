import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

/**
 * Questions about what a document says, one block per question type, over the
 * seed corpus and over real documents with no hand-written rules
 * (test/fixtures/dev-corpus). Each answer must open with its one-line answer,
 * quote the sentence that says it verbatim, and say when the document has expired.
 */

type Server = { url: string; close(): Promise<void> };
let seed: Server;
let dev: Server;
let devIndex: string;

beforeAll(async () => {
  devIndex = mkdtempSync(join(tmpdir(), "zct-devq-"));
  [seed, dev] = await Promise.all([
    startServer(),
    startServer({ CORPUS_DIR: fileURLToPath(new URL("../fixtures/dev-corpus", import.meta.url)), INDEX_DIR: join(devIndex, "index") }),
  ]);
});
afterAll(async () => {
  await Promise.all([seed?.close(), dev?.close()]);
  rmSync(devIndex, { recursive: true, force: true });
});

const strip = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

async function ask(server: Server, q: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }], ...extra }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  // Quotes are verbatim: each citation's quote is in the clause the API serves.
  for (const c of body.citations) {
    const clause = (await (await fetch(`${server.url}/api/clauses/${encodeURIComponent(c.clauseId)}`)).json()) as any;
    expect(strip(clause.clause.text).includes(strip(c.quote)), `${c.clauseId}: ${c.quote}`).toBe(true);
  }
  return { ...body, lead: String(body.answer).split("\n")[0] as string };
}

const cites = (body: any, text: string) => body.citations.some((c: any) => strip(c.quote).includes(strip(text)));

describe("validity as of today", () => {
  it("seed: an expired policy says 已失效 with its end date, quoting its validity sentence", async () => {
    const b = await ask(seed, "杭州新电商政策现在还有效吗？");
    expect(b.questionType).toBe("validity");
    expect(b.lead).toMatch(/^\*\*已失效.*2025年12月31日/);
    expect(cites(b, "有效期至2025年12月31日")).toBe(true);
    expect(b.notices.join("")).toMatch(/失效/);
  });

  it("seed: the same policy asked on a date inside its period is in force", async () => {
    const b = await ask(seed, "杭州新电商政策现在还有效吗？", { asOf: "2024-03-01" });
    expect(b.lead).toMatch(/^\*\*是，仍在有效期内/);
    expect(b.notices).toEqual([]);
  });

  it("dev: 自2017年1月1日起施行，有效期5年 ends on 2021-12-31", async () => {
    const b = await ask(dev, "南沙科技创新产业发展扶持办法现在还有效吗？");
    expect(b.lead).toMatch(/已失效.*2021年12月31日/);
    expect(cites(b, "本办法自2017年1月1日起施行，有效期5年")).toBe(true);
  });

  it("dev: the earlier document it repealed (同时废止) is named as repealed", async () => {
    const b = await ask(dev, "大连首台套推广资金管理办法施行后，原来的首台套实施办法还有效吗？");
    expect(b.answer).toContain("废止");
    expect(cites(b, "同时废止")).toBe(true);
  });
});

describe("an amount question for a year the policy does not cover", () => {
  const ask2 = (year: string) => ask(seed, `我们是${year}刚落户杭州的新电商企业，已经纳入国家统计局联网直报平台，实际投资1000万元，还能申请杭州新电商的招引资助吗？`);
  it("a stated year after it expired: nothing promised, the period quoted, the old amount for reference only", async () => {
    const b = await ask2("今年（2026年）");
    expect(b.matches.some((m: any) => m.status === "eligible")).toBe(false);
    // Expired today (validity before money): the first line says so, with the document's own period sentence cited.
    const m = b.matches.find((x: any) => x.ruleId === "hz-ecom-attract");
    expect(m.status).toBe("expired");
    expect(b.answer.split("\n")[0]).toContain("该政策已于2025年12月31日失效");
    expect(cites(b, "有效期至2025年12月31日")).toBe(true);
    expect(b.answer).toMatch(/原定标准为200万元\/年.*仅供参考/);
  });
  it("the stated year outside the period, asked while the policy is in force: ineligible for that year alone", async () => {
    const b = await ask(seed, "我们是2026年刚落户杭州的新电商企业，已经纳入国家统计局联网直报平台，实际投资1000万元，还能申请杭州新电商的招引资助吗？", { asOf: "2025-06-30" });
    const m = b.matches.find((x: any) => x.lapsed);
    expect(m.status).toBe("ineligible");
    expect(m.failed[0]).toContain("2026年的情形已不在适用期内");
    expect(b.answer).toMatch(/按原定标准为200万元\/年.*仅供参考/);
  });
  it("a year inside its period is answered on its terms", async () => {
    const b = await ask2("2024年");
    const m = b.matches.find((x: any) => x.ruleId === "hz-ecom-attract");
    expect(m?.status).toBe("expired");
    expect(m?.validity?.onTerms).toBe("eligible");
    expect(b.matches.some((m: any) => m.lapsed)).toBe(false);
  });
});

describe("/api/policies validity", () => {
  it("gives validFrom, validTo and inForce as of today, from the documents' own wordings", async () => {
    const { policies } = (await (await fetch(`${dev.url}/api/policies`)).json()) as { policies: any[] };
    const by = new Map(policies.map((p) => [p.id.slice(0, 2), p]));
    // 自2017年1月1日起施行，有效期5年
    expect(by.get("10")).toMatchObject({ validFrom: "2017-01-01", validTo: "2021-12-31", inForce: false });
    // 本政策适用于2019年1月1日-2021年12月31日…；自印发之日起施行，有效期到2021年12月31日
    expect(by.get("14")).toMatchObject({ validFrom: "2019-01-01", validTo: "2021-12-31", inForce: false });
    // 本政策适用于2019年1月1日至2021年12月31日…, both statements quoted
    expect(by.get("13")).toMatchObject({ validFrom: "2019-01-01", validTo: "2021-12-31", inForce: false });
    expect(by.get("13").validityQuotes).toHaveLength(2);
    // 自发布之日起施行, undated: in force as far as the text says, never an invented date
    expect(by.get("08")).toMatchObject({ effectiveOnPublication: true, inForce: true });
    expect(by.get("08").validFrom).toBeUndefined();
    expect(by.get("04").repeals).toEqual(["大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）"]);
  });
});

describe("a repealed document in the corpus", () => {
  it("is not in force from the repealing document's start, and answers about it say it was repealed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zct-repeal-"));
    try {
      mkdirSync(join(dir, "docs"));
      copyFileSync(fileURLToPath(new URL("../fixtures/dev-corpus/04_dalian_shoutaitao_tuiguang_zijin.txt", import.meta.url)), join(dir, "docs", "new.txt"));
      // A stand-in for the earlier document the real one names in 同时废止《…》 (its text is not in the dev corpus).
      writeFileSync(
        join(dir, "docs", "old.txt"),
        "---\ntitle: 大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）\nissuer: 大连市发展和改革委员会\n---\n第一条 对首台(套）技术设备示范应用项目给予支持。\n第二条 首台(套）技术设备示范应用项目申报材料由项目单位报送市发展改革委。\n",
      );
      const server = await startServer({ CORPUS_DIR: dir, INDEX_DIR: join(dir, "index") });
      try {
        const { policies } = (await (await fetch(`${server.url}/api/policies`)).json()) as { policies: any[] };
        const old = policies.find((p) => p.id === "old");
        expect(old).toMatchObject({ supersededBy: "new", inForce: false });
        const b = await ask(server, "大连市鼓励制造业重点领域首台(套）技术设备示范应用实施办法（试行）还有效吗？");
        expect(b.lead).toMatch(/^\*\*已失效.*废止/);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("effective date", () => {
  it("seed: 自2022年7月1日起施行", async () => {
    const b = await ask(seed, "杭州新电商若干意见从哪天开始施行？");
    expect(b.questionType).toBe("effective");
    expect(b.lead).toContain("自2022年7月1日起施行");
  });

  it("dev: 自发布之日起施行 with no date printed says so instead of inventing one", async () => {
    const b = await ask(dev, "辽宁省企业技术创新专项资金管理办法是什么时候开始施行的？");
    expect(b.lead).toContain("自发布之日起施行");
    expect(b.lead).toContain("文件未载明发布日期");
    expect(cites(b, "本办法自发布之日起施行")).toBe(true);
  });
});

describe("deadline and application window", () => {
  it("seed: X月X日前 from the notice, not the plan that only shares its title words", async () => {
    const b = await ask(seed, "专利转化专项计划的实施方案要在什么时候之前报送备案？");
    expect(b.questionType).toBe("deadline");
    expect(b.lead).toContain("2021年4月15日前");
    expect(cites(b, "2021年4月15日前")).toBe(true);
  });

  it("dev: the window of the notice, not its preamble (which repeats the title)", async () => {
    const b = await ask(dev, "东莞第二批专利申请资助什么时候之前申请？");
    expect(b.lead).toMatch(/2017年8月\d+日至9月8日/);
    expect(b.citations.every((c: any) => c.article !== "序言")).toBe(true);
  });

  it("dev: N日内 after an event", async () => {
    const b = await ask(dev, "大连首台套项目纳入投资计划后多久内要向财政部门交材料？");
    expect(b.lead).toContain("30日内");
  });
});

describe("who pays", () => {
  it("seed: the cost-sharing rule computes the split for the asker's district", async () => {
    const b = await ask(seed, "拱墅区的新电商扶持资金市里出多少？");
    expect(b.questionType).toBe("payer");
    expect(b.answer).toContain("50%");
    expect(cites(b, "各承担50%")).toBe(true);
  });

  it("dev: where a document without rules says the money comes from", async () => {
    const b = await ask(dev, "大连生态科技创新城的产业发展奖励政策资金从哪里出？");
    expect(b.lead).toContain("资金来源");
    expect(b.lead).toContain("税收增量地方留成部分");
  });
});

describe("consequences", () => {
  it("seed: 不合格 → 限期整改 within half a year, not incentive rules", async () => {
    const b = await ask(seed, "江苏省高价值专利培育示范中心评价不合格会怎么样？");
    expect(b.questionType).toBe("consequence");
    expect(b.matches).toEqual([]);
    expect(b.lead).toMatch(/^\*\*后果：要求其限期整改.*半年/);
  });

  it("dev: 验收不通过 → 取消立项 (d26)", async () => {
    const b = await ask(dev, "甘井子区应用技术研究与开发资金支持的项目，验收不通过会怎么样？");
    expect(b.lead).toContain("自动取消该项目立项");
    expect(cites(b, "验收不通过的，自动取消该项目立项")).toBe(true);
  });

  it("dev: 弄虚作假 finds 提供虚假情况 and its sanctions (d28), listing the cases", async () => {
    const b = await ask(dev, "大连首台（套）推广资金的项目单位如果弄虚作假，会有什么后果？");
    expect(b.lead).toMatch(/收回推广资金/);
    expect(b.answer).toContain("提供虚假情况");
  });

  it("dev: the condition is quoted with its consequence", async () => {
    const b = await ask(dev, "南沙科技创新扶持的企业如果10年内迁出会怎样？");
    expect(b.citations[0].docTitle).toContain("科技创新");
    expect(strip(b.citations[0].quote)).toContain(strip("10年内不迁出我区"));
    expect(b.lead).toContain("退回已获得的扶持资金");
  });

  it("dev: moving to another city is the question, not the enterprise's place; 此项规定 is quoted with the rule it points to (m08)", async () => {
    const b = await ask(dev, "我们是甘井子区的融资租赁公司，今年拿了区里的融资租赁扶持资金。如果三年后把公司迁到沈阳去，会有什么后果？");
    expect(b.found).toBe(true);
    expect(b.questionType).toBe("consequence");
    expect(b.lead).toContain("收回财政已补贴资金");
    expect(cites(b, "应在甘井子区持续经营六年以上。对不符合此项规定的扶持对象")).toBe(true);
    // A move made is where the enterprise is, whatever it asks.
    const made = await ask(dev, "我们从沈阳搬到了大连，首台套推广资金项目弄虚作假会怎样？");
    expect(made.lead).toContain("收回推广资金");
    // Moving there to ask its policies: the destination is still the enterprise's place (no 沈阳 documents).
    const there = await ask(dev, "我们公司准备从甘井子区迁到沈阳去，能拿什么扶持？");
    expect(there.found).toBe(false);
  });
});

describe("stacking", () => {
  it("seed: 从优、就高、不重复", async () => {
    const b = await ask(seed, "杭州电商企业能同时享受新电商奖励和区里的同类政策吗？");
    expect(b.questionType).toBe("stacking");
    expect(b.lead).toMatch(/不能重复享受/);
    expect(cites(b, "从优、就高、不重复")).toBe(true);
  });

  it("dev: 不得兼得 (d27)", async () => {
    const b = await ask(dev, "我们是甘井子区的融资租赁企业，同时符合区里其他优惠政策，可以两边都拿吗？");
    expect(b.lead).toMatch(/^\*\*否，不能重复享受.*不得兼得/);
  });

  it("dev: 可叠加执行 is a yes", async () => {
    const b = await ask(dev, "鹿城工业企业不同项目分别符合两项扶持条款，可以叠加吗？");
    expect(b.lead).toMatch(/^\*\*可以叠加/);
  });

  it("dev: an amount and stacking in one question get both (d29)", async () => {
    const b = await ask(dev, "南沙区的一个创新平台同时被认定为国家级和省级重点实验室，一次性配套资金能拿多少？能叠加吗？");
    expect(b.answer).toContain("300万元");
    expect(b.answer).toContain("就高不重复");
  });
});

describe("whether something still exists", () => {
  it("seed: 还给…吗 → 否，全面取消", async () => {
    const b = await ask(seed, "东丽区现在还给专利申请资助吗？");
    expect(b.questionType).toBe("exists");
    expect(b.lead).toMatch(/^\*\*否，.*全面取消知识产权申请资助/);
  });

  it("dev: 今后将不再受理", async () => {
    const b = await ask(dev, "东莞这批没申报的专利资助，以后还会受理吗？");
    expect(b.lead).toMatch(/^\*\*否，.*不再受理/);
  });
});

describe("procedure and materials", () => {
  it("seed: the steps of an article titled 实施步骤, in one line and as a list", async () => {
    const b = await ask(seed, "苏州登峰行动计划怎么申报？");
    expect(b.questionType).toBe("procedure");
    expect(b.lead).toContain("组织申报→评审立项");
    expect(b.answer).toContain("自愿申报");
  });

  it("dev: the materials, every item listed with its citation", async () => {
    const b = await ask(dev, "甘井子融资租赁企业申报扶持资金要提供哪些材料？");
    expect(b.lead).toMatch(/需要提交以下\d+项材料/);
    expect(cites(b, "上报材料真实性承诺书")).toBe(true);
  });

  it("dev: the office that receives applications", async () => {
    const b = await ask(dev, "甘井子融资租赁扶持由哪个部门受理？");
    expect(b.lead).toContain("甘井子区商务局统一受理");
  });
});

describe("definitions", () => {
  it("seed: …是指", async () => {
    const b = await ask(seed, "什么是江苏省高价值专利培育示范中心？");
    expect(b.questionType).toBe("definition");
    expect(b.lead).toMatch(/^\*\*定义：.*是指经江苏省知识产权局批准立项/);
  });

  it("dev: the defined term inside a longer question", async () => {
    const b = await ask(dev, "甘井子融资租赁扶持办法里的高级管理人员指哪些人？");
    expect(b.lead).toContain("总经理");
  });
});

describe("limits", () => {
  it("seed: 每年不超过N个项目", async () => {
    const b = await ask(seed, "苏州登峰行动计划每年最多支持几个项目？");
    expect(b.questionType).toBe("limit");
    expect(b.lead).toContain("每年实施不超过10个项目");
  });

  it("dev: 每年可申请一项", async () => {
    const b = await ask(dev, "南沙新型研发机构的论坛活动资助每年可以申请几项？");
    expect(b.lead).toContain("每个研发机构每年可申请一项");
  });
});

describe("arithmetic on a quoted ratio", () => {
  it("seed: 政府投入100万元 × 不少于200% → 至少200万元, with the calculation", async () => {
    const b = await ask(seed, "登峰行动计划里政府投入100万元，企业知识产权投入至少要多少？");
    expect(b.questionType).toBe("ratio");
    expect(b.lead).toContain("至少200万元（100万元 × 200%）");
    expect(cites(b, "不少于政府财政投入的200%")).toBe(true);
  });

  it("dev: 总投入500万元 × 30%及以上 → 至少150万元", async () => {
    const b = await ask(dev, "甘井子科技项目总投入500万元，申报时至少要已经完成多少投入？");
    expect(b.lead).toContain("至少150万元（500万元 × 30%）");
  });
});

describe("the asker's region", () => {
  it("dev: 从杭州搬到甘井子区 — the destination decides, the question is answered", async () => {
    const b = await ask(dev, "我们公司从杭州搬到了甘井子区，融资租赁扶持申报要提供什么材料？");
    expect(b.found).toBe(true);
    expect(cites(b, "须提供以下材料")).toBe(true);
  });

  it("seed: 迁到余杭区 — the district's share, not a refusal for 宁波", async () => {
    const b = await ask(seed, "我们从宁波迁到了余杭区，新电商奖补资金谁出？");
    expect(b.answer).toContain("75%");
  });

  it("seed: two places named, the first without documents, is not refused", async () => {
    const b = await ask(seed, "我们在上海，想了解杭州新电商政策的有效期");
    expect(b.found).toBe(true);
    expect(b.answer).toContain("2025年12月31日");
  });
});

describe("what the documents do not answer", () => {
  it.each([
    [() => dev, "成都市对首台套重大技术装备有什么补助政策？"],
    [() => seed, "食品经营许可证过期了怎么办？"],
    [() => seed, "我家猫不吃饭怎么办？"],
    [() => dev, "深圳市对集成电路企业有什么扶持政策？"],
  ])("%#: %s", async (server, q) => {
    const b = await ask(server(), q);
    expect(b.found).toBe(false);
    expect(b.matches).toEqual([]);
  });
});

describe("who interprets and who issued a document", () => {
  it("dev: 由哪个部门负责解释 → the sentence giving the 解释权", async () => {
    const b = await ask(dev, "甘井子区融资租赁扶持办法由哪个部门负责解释？");
    expect(b.questionType).toBe("interpret");
    // The document says it twice (本办法由区商务局负责解释 / 最终解释权归属于甘井子区商务局): either answers.
    expect(b.lead).toMatch(/解释部门：.*商务局/);
    expect(cites(b, "本办法由区商务局负责解释") || cites(b, "本办法最终解释权归属于甘井子区商务局")).toBe(true);
  });

  it("seed: 哪个部门印发的 → the issuer ingest read, with number and date", async () => {
    const b = await ask(seed, "淄博市国家知识产权强市试点城市建设工作方案是哪个部门印发的？");
    expect(b.questionType).toBe("issuer");
    expect(b.lead).toContain("淄博市人民政府办公室");
    expect(b.lead).toContain("淄政办发〔2022〕8号");
    expect(cites(b, "淄博市人民政府办公室")).toBe(true);
  });

  it("seed: a question asking two things gets both, in order", async () => {
    const b = await ask(seed, "《江苏省高价值专利培育示范中心建设和管理办法（暂行）》由哪个部门负责解释？从哪天开始施行？");
    const answer = String(b.answer);
    expect(answer.indexOf("江苏省知识产权局")).toBeGreaterThanOrEqual(0);
    expect(answer.indexOf("2021年10月1日")).toBeGreaterThan(answer.indexOf("江苏省知识产权局"));
    expect(cites(b, "本办法由江苏省知识产权局负责解释")).toBe(true);
    expect(cites(b, "本办法自2021年10月1日起施行")).toBe(true);
  });
});
