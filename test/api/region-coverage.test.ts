import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCorpusServer } from "../helpers/server.js";

/**
 * A question naming a place a loaded document covers is never refused for its place: not when the
 * document names its place only in the body, nor when its region is unknown. Real server, temporary
 * corpus of real excerpts (test/fixtures/meta) and one document that says nowhere where it applies.
 */

const meta = (name: string) => fileURLToPath(new URL(`../fixtures/meta/${name}`, import.meta.url));
let base: string;
let close: () => Promise<void>;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "zct-region-"));
  const nowhere = join(tmp, "nowhere-measures.txt");
  writeFileSync(nowhere, "关于支持企业技术改造的若干措施\n一、对企业购置生产设备的技术改造项目，按设备投资额的10%给予补助，最高不超过100万元。\n二、本措施自2025年1月1日起施行，有效期3年。\n");
  ({ url: base, close } = await startCorpusServer([meta("body-place-guide.txt"), meta("restart-numbering.txt"), nowhere]));
});

afterAll(async () => {
  await close?.();
  rmSync(tmp, { recursive: true, force: true });
});

async function ask(q: string): Promise<{ answer: string; found: boolean }> {
  const r = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
  expect(r.status).toBe(200);
  return (await r.json()) as { answer: string; found: boolean };
}

const refusedForPlace = (a: string) => /没有.{0,12}的地方政策/.test(a);

describe("places are not refused for a document's region", () => {
  it("the regions read: body-only district, district from the interpretation clause, unknown (never national)", async () => {
    const { policies } = (await (await fetch(`${base}/api/policies`)).json()) as { policies: { id: string; region: { level: string; district?: string } }[] };
    const by = new Map(policies.map((p) => [p.id, p.region]));
    expect(by.get("body-place-guide")).toMatchObject({ level: "district", district: "南沙区" });
    expect(by.get("restart-numbering")).toMatchObject({ level: "district", district: "鹿城区" });
    expect(by.get("nowhere-measures")!.level).toBe("unknown");
  });

  it("GET /api/policies/:docId gives each field's evidence, quoted from the document", async () => {
    const r = (await (await fetch(`${base}/api/policies/body-place-guide`)).json()) as { policy: { evidence: { title: { source: string }; region: { quote: string; role?: string }[] } } };
    expect(r.policy.evidence.title.source).toBe("frontMatter");
    expect(r.policy.evidence.region.some((e) => e.quote.includes("南沙区范围内") && e.role === "registered-in")).toBe(true);
  });

  for (const q of ["我们公司在广州市南沙区，是批发企业，非总部内贸企业经营贡献奖怎么申请？", "温州鹿城区的农业龙头企业有什么奖励？", "我们在杭州市，购置生产设备搞技术改造能补助多少？"]) {
    it(`not refused for its place: ${q}`, async () => {
      const a = await ask(q);
      expect(refusedForPlace(a.answer), a.answer).toBe(false);
    });
  }

  it("a place no loaded document can cover is still told so", async () => {
    // The unknown-region document covers everywhere; with only local documents of other places the refusal stays.
    const only = await startCorpusServer([meta("body-place-guide.txt")]);
    try {
      const r = await fetch(`${only.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: "我们在成都市，有什么补贴？" }] }) });
      const a = (await r.json()) as { answer: string };
      expect(refusedForPlace(a.answer)).toBe(true);
    } finally {
      await only.close();
    }
  });
});
