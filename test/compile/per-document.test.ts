import { describe, expect, it } from "vitest";
import { compileCorpus } from "../../ingest/compile/index.js";
import { perDocument } from "../../ingest/compile/per-document.js";
import { clauseOf, DOC } from "./kit.js";

/** The ingest summary tells, per document, how many money sentences were computed, quoted only, or refused. */
describe("per-document compile summary", () => {
  it("counts compiled rules, quote-only sentences and refusals under the document they come from", () => {
    const other = { ...DOC, id: "other-doc", title: "另一份文件" };
    const clauses = [
      clauseOf("对购置设备的企业，按购置费的20%给予补贴，最高50万元。", "第一条"),
      // A ceiling on one share of the award: read only in part, refused.
      clauseOf("按合同金额给予不超过50%的补助，其中市级补助资金每年不超过1000万元。", "第一条", other.id),
      // No reader fits: quote-only.
      clauseOf("对获评优秀的企业，根据考评结果给予相应奖励，具体标准另行制定，奖励资金总额视财力安排约500万元左右。", "第二条", other.id),
    ];
    const out = compileCorpus([DOC, other], clauses);
    const rows = perDocument(out.report, out.rules, [DOC, other]);
    expect(rows.find((r) => r.docId === DOC.id)).toMatchObject({ compiled: 1, quoteOnly: 0, refused: 0 });
    const o = rows.find((r) => r.docId === other.id)!;
    expect(o.compiled).toBe(out.rules.filter((r) => r.docId === other.id && r.amount.kind !== "qualification").length);
    expect(o.refused).toBe(1);
    expect(rows.reduce((n, r) => n + r.refused, 0)).toBe(out.report.refused.length);
  });
});
