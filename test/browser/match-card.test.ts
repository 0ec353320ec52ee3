import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { LIMITS } from "../../server/http/schemas.js";
import { MAX_MESSAGES } from "../../web/src/components/chatView.js";
import { replyText } from "../../web/src/console/replyText.js";
import { sortMatches } from "../../web/src/components/status.js";
import type { Match } from "../../web/src/lib/types.js";
import { launchBrowser } from "./harness.js";
import { fakeMatch } from "../helpers/match.js";

/**
 * The match card in a real DOM (Chromium): the components are bundled for the test page by
 * esbuild, as scripts/build-web.mjs bundles them for the site.
 */

const browser: Browser | null = await launchBrowser();

const m = fakeMatch;

const EXPIRED = m("expired", {
  amount: { yuan: 2e6, text: "200万元/年", basis: "1000万元 × 20%", trace: ["1000万元 × 20% = 200万元/年"] },
  validity: { inForce: false, text: "该政策已于2025年12月31日失效（有效期2022年7月1日至2025年12月31日）", validFrom: "2022-07-01", validTo: "2025-12-31", onTerms: "eligible" },
});

describe("match sorting and the hotline reply (pure)", () => {
  it("policies out of force come after every policy in force, refusals included; the reply never offers them", () => {
    const sorted = sortMatches([EXPIRED, m("ineligible"), m("eligible"), m("not_yet"), m("needs_info")]);
    expect(sorted.map((x) => x.status)).toEqual(["eligible", "needs_info", "ineligible", "not_yet", "expired"]);
    const text = replyText([EXPIRED]);
    expect(text).toContain("暂未核对出完全符合条件的政策");
    expect(text).not.toContain("200万元");
  });

  it("the page's message limit is the API's", () => {
    expect(MAX_MESSAGES).toBe(LIMITS.messages);
  });
});

describe.skipIf(!browser)("match card in Chromium", () => {
  let page: Page;

  beforeAll(async () => {
    const esbuild = await import("esbuild");
    const out = await esbuild.build({
      stdin: {
        contents: `import { matchCard, matchList } from "./components/matchCard.js"; window.__zct = { matchCard, matchList };`,
        resolveDir: fileURLToPath(new URL("../../web/src/", import.meta.url)),
        loader: "ts",
      },
      bundle: true,
      write: false,
      format: "iife",
      target: "es2022",
    });
    page = await browser!.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ content: out.outputFiles[0].text });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Renders one card and returns its text and the text nodes directly under it. */
  async function render(match: Match): Promise<{ text: string; bareText: string[]; cls: string; html: string }> {
    return page.evaluate((x) => {
      const w = window as unknown as { __zct: { matchCard(m: unknown): HTMLElement } };
      const el = w.__zct.matchCard(x);
      document.body.replaceChildren(el);
      const bare = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "");
      return { text: el.textContent ?? "", bareText: bare, cls: el.className, html: el.innerHTML };
    }, match);
  }

  it("an amount with an empty calculation trace shows no stray 0", async () => {
    const card = await render(m("eligible", { amount: { yuan: 5e5, text: "50万元", basis: "定额", trace: [] } }));
    expect(card.bareText).toEqual([]);
    expect(card.text).not.toMatch(/计算依据：定额0/);
    expect(card.html).not.toContain("计算过程");
    const traced = await render(m("eligible", { amount: { yuan: 5e5, text: "50万元", basis: "定额", trace: ["定额50万元"] } }));
    expect(traced.html).toContain("计算过程");
    expect(traced.bareText).toEqual([]);
  });

  it("an expired policy: grey, 已失效, the dates above the amount, the amount marked for reference", async () => {
    const card = await render(EXPIRED);
    expect(card.cls).toContain("match--out-of-force");
    expect(card.text).toContain("已失效");
    expect(card.text).toContain("原定标准（仅供参考）");
    expect(card.text).not.toContain("可获支持");
    const order = await page.evaluate(() => {
      const top = (sel: string) => document.querySelector(sel)!.getBoundingClientRect().top;
      return { badge: top(".badge"), validity: top(".match-validity"), amount: top(".match-amount-value") };
    });
    expect(order.badge).toBeLessThan(order.amount);
    expect(order.validity).toBeLessThan(order.amount);
  });

  it("in a list, expired cards stay open after the ones in force; refusals fold away", async () => {
    const order = await page.evaluate(
      (xs) => {
        const w = window as unknown as { __zct: { matchList(m: unknown[], o: unknown): HTMLElement } };
        const el = w.__zct.matchList(xs, { foldIneligible: true });
        document.body.replaceChildren(el);
        return [...el.children].map((c) => (c.tagName === "DETAILS" ? "folded" : c.className.replace(/^match match--/, "").split(" ")[0]));
      },
      [EXPIRED, m("ineligible"), m("eligible")],
    );
    expect(order).toEqual(["eligible", "expired", "folded"]);
  });
});
