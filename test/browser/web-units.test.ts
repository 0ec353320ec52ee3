import { describe, expect, it } from "vitest";
import { deltaText } from "../../web/src/lib/api.js";
import { replyText } from "../../web/src/console/replyText.js";
import { findIgnoringSpace } from "../../web/src/lib/highlight.js";
import { formatYuan, parseMoneyWan } from "../../web/src/lib/money.js";
import { readSse } from "../../web/src/lib/sse.js";
import type { Match } from "../../web/src/lib/types.js";
import { regionProfile } from "../../web/src/widget/config.js";
import { fakeMatch } from "../helpers/match.js";

/** The front end's pure helpers, without a browser. */

describe("money", () => {
  it("reads what an operator types in 万元", () => {
    expect(parseMoneyWan("1000")).toBe(10_000_000);
    expect(parseMoneyWan("1,000万元")).toBe(10_000_000);
    expect(parseMoneyWan("0.5亿")).toBe(50_000_000);
    expect(parseMoneyWan("3000元")).toBe(3000);
    expect(parseMoneyWan("五百万")).toBeUndefined();
  });
  it("writes amounts the way policies do", () => {
    expect(formatYuan(2_000_000)).toBe("200万元");
    expect(formatYuan(52_500)).toBe("5.25万元");
    expect(formatYuan(500)).toBe("500元");
  });
});

describe("quote highlighting", () => {
  it("finds a quote across whitespace the normaliser removed", () => {
    const text = "对招引的新电商企业,每年按其实际投资额的20%给予\n资助,最长不超过3年。";
    const [a, b] = findIgnoringSpace(text, "每年按其实际投资额的20%给予资助")!;
    expect(text.slice(a, b)).toBe("每年按其实际投资额的20%给予\n资助");
    expect(findIgnoringSpace(text, "不存在的句子")).toBeNull();
  });
});

describe("SSE reader", () => {
  it("yields deltas split across chunks and the final done event", async () => {
    const enc = new TextEncoder();
    const parts = ["event: delta\ndata: 每年", "可获\n\nevent: delta\ndata: 200万元\ndata: 第二行\n\n", 'event: done\ndata: {"answer":"x"}\n\n'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(enc.encode(p));
        c.close();
      },
    });
    const events = [];
    for await (const ev of readSse(body)) events.push(ev);
    expect(events).toEqual([
      { event: "delta", data: "每年可获" },
      { event: "delta", data: "200万元\n第二行" },
      { event: "done", data: '{"answer":"x"}' },
    ]);
  });
});

describe("SSE delta text", () => {
  it("accepts JSON-encoded and plain chunks", () => {
    expect(deltaText('"每年\\n可获"')).toBe("每年\n可获");
    expect(deltaText("200万元")).toBe("200万元");
    expect(deltaText('"未闭合')).toBe('"未闭合');
  });
});

describe("widget region", () => {
  it("sends a city as city and a province or municipality as province", () => {
    expect(regionProfile("杭州市")).toEqual({ city: "杭州市" });
    expect(regionProfile("浙江省")).toEqual({ province: "浙江省" });
    expect(regionProfile("上海")).toEqual({ province: "上海市" });
    expect(regionProfile(" ")).toEqual({});
  });
});

describe("hotline reply", () => {
  const m = (status: Match["status"], extra: Partial<Match> = {}): Match => fakeMatch(status, { ruleId: status, ...extra });
  it("is spoken: at most three policies, no quotes, one date note, within 300 characters", () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      m("eligible", {
        ruleId: `r${i}`,
        clauseId: `c${i}`,
        title: `第${i + 1}项扶持`,
        amount: { yuan: 2e6, text: "200万元/年，累计不超过500万元", basis: "1000万元 × 20%", trace: [] },
        validity: { inForce: true, text: "有效期至2025年12月31日", validTo: `2025-12-${10 + i}` },
      }),
    );
    const text = replyText([m("ineligible"), ...many], "2025-06-30");
    expect([...text].length).toBeLessThanOrEqual(300);
    expect(text).toContain("200万元/年");
    expect(text).not.toContain("第4项扶持");
    expect(text).not.toContain("每年按其实际投资额的20%给予资助");
    expect(text.match(/提醒/g)).toHaveLength(1);
    expect(text).toContain("有效期到2025年12月10日");
    expect(text).toMatch(/以主管部门审核为准。$/);
  });
  it("names no amount for a rule that names none, and asks for what is missing", () => {
    const text = replyText([m("needs_info", { missingLabels: ["实际投资（投入）额"], amount: { text: "文件未规定具体金额（一事一议或择优），以主管部门核定为准", basis: "未定额", trace: [] } })]);
    expect(text).toContain("还要确认实际投资（投入）额");
    expect(text).not.toMatch(/\d+万元/);
  });
});
