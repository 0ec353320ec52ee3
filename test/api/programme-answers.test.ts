import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../helpers/server.js";

/**
 * A programme whose 申报条件 are rules of their own (登峰行动计划: research institution, patents, …),
 * asked "能申报吗". One failing part rules the programme out: the answer must not promise the parts
 * that hold, and must quote the part that fails.
 */
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.close());

/** 登峰 ran 2021–2023: its conditions are asked while it was in force (out of force it is `expired`, tested in chat.test.ts). */
const IN_FORCE = "2023-06-30";
const strip = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
async function ask(q: string) {
  const res = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }], asOf: IN_FORCE }) });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

describe("a programme's conditions answer as one", () => {
  it("one condition failing: nothing eligible, the programme answers and the failing condition's clause is cited", async () => {
    const b = await ask("我们是苏州一家企业，有省级研发机构和注册商标，有效发明专利45件，在国外申请了发明专利6件，其中国外授权的只有1件，参与过行业标准制定，不是创新创业人才类企业。能申报苏州企业知识产权登峰行动计划吗？");
    expect(b.matches.some((m: any) => m.status === "eligible")).toBe(false);
    const lead = b.matches[0];
    expect(lead.status).toBe("ineligible");
    expect(lead.failed.join("")).toContain("有效发明专利45件，低于50件");
    expect(b.citations.some((c: any) => strip(c.quote).includes(strip("企业拥有有效发明专利50件以上且在国(境)外申请发明专利5件以上")))).toBe(true);
  });

  it("none failing: each condition is still shown with its own clause", async () => {
    const b = await ask("苏州企业有省级企业技术中心，有效发明专利55件，在国外申请了发明专利5件，参与制定了行业标准，能申报登峰行动计划吗？能拿多少？");
    expect(b.matches.some((m: any) => m.status === "ineligible")).toBe(false);
    expect(b.citations.some((c: any) => strip(c.quote).includes("有效发明专利50件以上"))).toBe(true);
  });
});
