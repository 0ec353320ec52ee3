import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FEEDBACK_WINDOW_MS, InsightsStore } from "../../server/store/insights.js";

const DAY = 86_400_000;

describe("insights store retention (SQLite)", () => {
  const dir = mkdtempSync(join(tmpdir(), "zct-store-"));
  const store = new InsightsStore({ dataDir: dir, retentionDays: 30 });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const now = Date.parse("2026-12-07T12:00:00Z");

  it("keeps unanswered questions for the retention period, answered ones only for the feedback window unless rated 没用", async () => {
    await store.recordQuestion({ requestId: "old", question: "很久以前的问题", channel: "chat", outcome: "nothing" }, now - 31 * DAY);
    await store.recordQuestion({ requestId: "recent", question: "上周的问题", channel: "chat", outcome: "nothing" }, now - 7 * DAY);
    await store.recordQuestion({ requestId: "answered", question: "答上了的问题", channel: "widget", outcome: "answered" }, now - 2 * FEEDBACK_WINDOW_MS);
    await store.recordQuestion({ requestId: "rated", question: "答了但没用", channel: "widget", outcome: "answered" }, now - 2 * FEEDBACK_WINDOW_MS);
    await store.recordQuestion({ requestId: "fresh", question: "刚答的问题", channel: "chat", outcome: "answered" }, now - 60_000);
    await store.recordFeedback({ requestId: "rated", helpful: false }, now - 2 * FEEDBACK_WINDOW_MS);
    await store.recordFeedback({ requestId: "gone", helpful: true }, now - 40 * DAY);

    expect(await store.prune(now)).toEqual({ questions: 2, feedback: 1 });
    const all = await store.insights(365, now);
    expect(all.unanswered.map((u) => u.question).sort()).toEqual(["上周的问题", "答了但没用"].sort());
    expect(all.feedback).toMatchObject({ helpful: 0, unhelpful: 1 });
    // The answered question still inside the window stays, so a 没用 clicked now can name it.
    await store.recordFeedback({ requestId: "fresh", helpful: false }, now);
    expect((await store.insights(1, now)).unanswered.map((u) => u.question)).toEqual(["刚答的问题"]);
  });

  it("reads the period: a question older than `days` is not listed", async () => {
    expect((await store.insights(3, now)).unanswered.map((u) => u.question).sort()).toEqual(["刚答的问题", "答了但没用"].sort());
  });
});
