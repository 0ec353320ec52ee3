import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { serverForSuite, startCorpusServer } from "../helpers/server.js";
import { converse as converseOver, type TurnReply } from "../helpers/chat.js";

/**
 * Facts across turns, through the real server over a real document (no rule file): a fact the
 * asker gave is never asked again, in whatever turn and wording it came, and a figure said later
 * replaces the earlier one.
 */

const source = fileURLToPath(new URL("../fixtures/dev-corpus/01_ganjingzi_yingyong_jishu_yanfa_zijin.txt", import.meta.url));

const server = serverForSuite(() => startCorpusServer([source]));
type Reply = TurnReply;

const converse = (...turns: string[]) => converseOver<Reply>(server.url, ...turns);

const asks = (r: Reply) => (r.followUpFacts ?? []).map((f) => f.label).join("、");
const amountOf = (r: Reply, article: string) => r.matches.find((m) => m.article === article)?.amount?.yuan;

describe("facts across turns", () => {
  it("a figure given in the first turn, in the asker's own words (研发费用), is not asked again", async () => {
    const [, second] = await converse("我们重点研发项目的研发费用420万元，能拿多少补助？", "我们注册在大连市甘井子区");
    expect(asks(second)).not.toMatch(/研发/);
    expect(amountOf(second, "第八条（一）")).toBe(1_260_000);
  });

  it("the fact asked for is answered by a bare reply, and a later figure replaces it", async () => {
    const [first, second, third] = await converse("我们企业注册在大连市甘井子区，重点研发项目能拿多少补助？", "420万元", "不对，研发投入是0.05亿元");
    expect(asks(first)).toMatch(/研发投入/);
    expect(asks(second)).not.toMatch(/研发/);
    expect(amountOf(second, "第八条（一）")).toBe(1_260_000);
    expect(asks(third)).not.toMatch(/研发/);
    expect(amountOf(third, "第八条（一）")).toBe(1_500_000);
  });

  it("every follow-up question asked is well formed", async () => {
    const { followUpProblem } = await import("../../core/facts/wellformed.js");
    const [r] = await converse("甘井子区的企业有哪些科技补助？");
    for (const f of r.followUpFacts ?? []) expect(followUpProblem(f.question, /（万元）/.test(f.question) ? "money" : /是否/.test(f.question) ? "boolean" : "count"), f.question).toBeUndefined();
  });
});
