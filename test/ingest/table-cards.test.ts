import { describe, expect, it } from "vitest";
import { parseStructure } from "../../ingest/structure.js";

/** A 兑现清单 booklet as pdftotext -layout prints it: one table per page, a name row per card. */
const BOOKLET = [
  "评审类兑现清单(1)",
  "事项名称                  投资贡献奖",
  "政策依据      《示范区促进新兴产业发展扶持办法》",
  "       1 固定资产投资额在100亿元以上      一次性给予5000万元",
  "奖励标准",
  "       2 固定资产投资额在50－100亿元     一次性给予3000万元",
  "受理部门                政务大厅政策兑现窗口",
  "",
  "              评审类兑现清单(2)",
  "事项名称                       龙头企业贡献奖",
  "政策依据         《示范区促进新兴产业发展扶持办法》",
  "       1 营业收入首次突破10亿元      奖励100万元",
  "受理部门                政务大厅政策兑现窗口",
  "",
  "              评审类兑现清单(3)",
  "事项名称：孵化器自购仪器设备补贴",
  "       1 购置费150万元-200万元给予购置费的15%",
].join("\n");

describe("table cards of a 兑现清单", () => {
  const clauses = parseStructure("booklet", BOOKLET, 0, BOOKLET.length);

  it("each name row starts a card labelled with its name; the page header opens the card", () => {
    expect(clauses.map((c) => c.article)).toEqual(["投资贡献奖", "龙头企业贡献奖", "孵化器自购仪器设备补贴"]);
    expect(clauses[1].text.trim().startsWith("评审类兑现清单(2)")).toBe(true);
    expect(clauses[0].text).not.toContain("评审类兑现清单(2)");
  });

  it("a card holds its own award rows, not the next card's", () => {
    expect(clauses[0].text).toContain("一次性给予3000万元");
    expect(clauses[0].text).not.toContain("奖励100万元");
    expect(clauses[2].text).toContain("购置费的15%");
  });
});
