import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCorpusServer } from "../helpers/server.js";

/**
 * Real policy documents with no rule file: every amount below is computed by a rule the
 * compiler read from the clause, bound to the asker's own figures, over HTTP.
 */

const fixtures = fileURLToPath(new URL("../fixtures/dev-corpus/", import.meta.url));
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  // dev-extra/: more real documents, served only here so the document-question tests over dev-corpus/ stay as they are.
  const extra = fileURLToPath(new URL("../fixtures/dev-extra/", import.meta.url));
  const files = [...readdirSync(fixtures).filter((n) => n.endsWith(".txt")).map((f) => join(fixtures, f)), ...readdirSync(extra).filter((n) => n.endsWith(".txt")).map((f) => join(extra, f))];
  ({ url: base, close } = await startCorpusServer(files));
});

afterAll(async () => {
  await close?.();
});

interface Chat {
  answer: string;
  found: boolean;
  matches: { status: string; quote: string; origin?: string; amount?: { yuan?: number; schedule?: { yuan: number }[] } }[];
  followUps: string[];
}

async function chat(...turns: string[]): Promise<Chat> {
  const messages: { role: string; content: string }[] = [];
  let last: Chat | undefined;
  for (const t of turns) {
    messages.push({ role: "user", content: t });
    const r = await fetch(`${base}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages }) });
    expect(r.status).toBe(200);
    last = (await r.json()) as Chat;
    messages.push({ role: "assistant", content: last.answer });
  }
  return last!;
}

const computed = (c: Chat, quotePart: string) => c.matches.find((m) => m.quote.includes(quotePart) && m.amount?.yuan !== undefined);

describe("compiled rules answer computation questions", () => {
  it("a unit limit for natural persons (同一个人（指自然人）…不超过5件) binds when the asker says they are one (个人发明人)", async () => {
    const q = (who: string) => chat(`${who}，有7件国内发明专利，都是2016年5月电子申请的，2017年上半年陆续授权公告，没有申请费用减缓。在2017年东莞第二批专利申请资助里，这些专利的授权资助一共能拿多少？`);
    const grant = (c: Chat) => c.matches.find((m) => m.quote.startsWith("获得授权后每件再资助12000元"))?.amount?.yuan;
    expect(grant(await q("我是东莞户籍的个人发明人"))).toBe(60_000);
    // Not said: the limit is told, not applied.
    expect(grant(await q("我们是东莞的一家企业"))).toBe(84_000);
  });

  it("a tier table over a list's items (1.对内资企业:(1)…(2)实缴注册资本5000万元(含)至1亿元的，奖励600万元) is picked and computed", async () => {
    const c = await chat("我们是中国企业500强的直接控股子公司，新落户广州南沙并认定为总部型企业（内资），实缴注册资本8000万元，落户奖励是多少？");
    const m = computed(c, "实缴注册资本5000万元(含)至1亿元的，奖励600万元");
    expect(m?.amount?.yuan).toBe(6_000_000);
    expect(m?.quote).toContain("对内资企业");
  });

  it("a long list of general conditions: the answer names the first six and how many, the response carries all", async () => {
    const c = await chat("辽宁省一家企业并购了一家海外科技型企业，核定后的并购金额是2亿元，省企业技术创新专项资金最多能补助多少？");
    const m = c.matches.find((x) => x.quote.includes("按核定后并购金额的20%给予支持")) as unknown as { general: string[] };
    expect(m.general.length).toBeGreaterThan(6);
    const line = c.answer.split("\n").find((l) => l.startsWith("- 申请时还须符合："))!;
    expect(line.endsWith(`等共${m.general.length}项`)).toBe(true);
    expect(line.replace(/^- 申请时还须符合：/, "").replace(/等共\d+项$/, "").split("；")).toEqual(m.general.slice(0, 6));
    expect(line).not.toContain(m.general[6]);
  });

  it("a year told before a comma picks that year's rate (今年是第二年，实到外资…); another year's figure stays its own", async () => {
    const c = await chat("我们是外商在温州鹿城区设立的符合产业导向的服务业项目，不是先进制造业。第一年实到外资400万美元，那一年的奖励已经拿了。今年是第二年，实到外资1800万美元。按1美元折合6.9元人民币算，第二年的奖励能拿多少？");
    expect(computed(c, "第二年实到外资达到上述标准的")?.amount?.yuan).toBe(745_200);
    expect(c.matches.filter((m) => m.amount?.yuan === 18_000_000 * 0.008 * 6.9)).toEqual([]);
    expect((c as any).total).toBeUndefined();
    // The third year is not said: its rule waits for its figure instead of taking another year's.
    const third = c.matches.find((m) => m.quote.includes("第三年实到外资达到上述标准的"));
    expect(third === undefined || third.amount?.yuan === undefined).toBe(true);
  });

  it("a figure per year, each year's award and, asked, their sum (汇率按1美元兑7元)", async () => {
    const c = await chat("我们是一家外资服务业企业，在温州鹿城区设立了符合产业导向的项目（不是先进制造业，也不是世界500强）。领取营业执照后第一年实到外资1200万美元，第二年600万美元，第三年300万美元。汇率按1美元兑7元人民币算，三年分别能拿多少奖励？合计多少？");
    expect(computed(c, "分别按人民币30万元、50万元、实到外资额的8‰")?.amount?.yuan).toBe(672_000);
    expect(computed(c, "第二年实到外资达到上述标准的")?.amount?.yuan).toBe(250_000);
    expect(computed(c, "第三年实到外资达到上述标准的")?.amount?.yuan).toBe(80_000);
    expect(c.answer).toContain("67.2万元 + 25万元 + 8万元 = 100.2万元");
    expect((c as any).total?.yuan).toBe(1_002_000);
    // The 鹿城 policy lapsed at the end of 2021: the sum is what its terms would pay, for reference only.
    expect((c as any).total?.reference).toBe(true);
    expect(c.answer).toContain("按原定标准合计");
    expect(c.matches.some((m) => m.status === "eligible")).toBe(false);
    // Not asked for a sum: none is added.
    const each = await chat("我们是一家外资服务业企业，在温州鹿城区设立了符合产业导向的项目（不是先进制造业）。第一年实到外资1200万美元，第二年600万美元，第三年300万美元。汇率按1美元兑7元人民币算，三年分别能拿多少奖励？");
    expect(each.answer).not.toContain("合计");
    expect((each as any).total).toBeUndefined();
  });

  it("rate × base with a cap that binds", async () => {
    const c = await chat("辽宁省一家企业并购了一家海外科技型企业，核定后的并购金额是2亿元，省企业技术创新专项资金最多能补助多少？");
    const m = computed(c, "按核定后并购金额的20%给予支持");
    expect(m?.amount?.yuan).toBe(30_000_000);
    expect(m?.origin).toBe("compiled");
    expect(c.answer).toContain("按条款文字自动测算，以主管部门审核为准");
  });

  it("a 美元 band table with a staged payment: the award and each year's instalment", async () => {
    const c = await chat("我们是新引进温州鹿城区的外资先进制造业企业，实到外资3000万美元，能拿多少奖励？奖励怎么分年拨付，每年拨多少？");
    const m = computed(c, "分三年按40%、30%、30%比例拨付");
    expect(m?.amount?.yuan).toBe(3_000_000);
    expect(m?.amount?.schedule?.map((s) => s.yuan)).toEqual([1_200_000, 900_000, 900_000]);
  });

  it("‰ of a 美元 base at the exchange rate the asker gives", async () => {
    const c = await chat("我们是一家中介机构（不是政府部门），为温州鹿城区引进了一个境外投资项目，实到外资2000万美元，按1美元折合7元人民币计算，能拿多少奖励？");
    expect(computed(c, "按引进项目实到外资的4‰折合人民币给予奖励")?.amount?.yuan).toBe(560_000);
  });

  it("a figure below the provision's threshold promises nothing", async () => {
    const c = await chat("我们是在大连甘井子区注册的融资租赁企业，今年为甘井子区企业提供的融资总额是2500万元，能申请按融资总额1%给的补贴吗？");
    expect(c.matches.some((m) => m.status === "eligible")).toBe(false);
  });

  it("a bare reply answers the follow-up a compiled fact asked", async () => {
    const first = await chat("辽宁省企业并购海外科技型企业能拿多少补助？");
    expect(first.followUps.join("")).toContain("核定后并购金额是多少（万元）？");
    const c = await chat("辽宁省企业并购海外科技型企业能拿多少补助？", "2亿元");
    expect(computed(c, "按核定后并购金额的20%给予支持")?.amount?.yuan).toBe(30_000_000);
  });

  it("a subject no document covers is not found, whatever compiled rules the region has", async () => {
    const c = await chat("鹿城区对养老机构有什么补助？");
    expect(c.found).toBe(false);
    expect(c.matches.some((m) => m.status === "eligible")).toBe(false);
  });

  it("two ways to be paid, each computed: 投资补助 on the investment, 贴息 on the loan for two years", async () => {
    const c = await chat("我们在大连新建一个高端集成电路封装测试项目，固定资产投资5亿元，另外向银行贷了2亿元，贷款期限3年，年利率6%。市里的支持可以选投资补助或者贷款贴息，两种方式分别能拿多少？");
    expect(computed(c, "按其固定资产投资额的10%给予投资补助")?.amount?.yuan).toBe(50_000_000);
    const loan = computed(c, "或按年利率6%给予两年的贷款贴息补助");
    expect(loan?.amount?.yuan).toBe(12_000_000);
    expect(loan?.amount?.schedule?.map((s) => s.yuan)).toEqual([12_000_000, 12_000_000]);
  });

  it("关键零部件: the 定额 award holds; 首单销售额 is not the 成套装备's 首套销售价格 that would rule it out", async () => {
    const c = await chat("我们是大连的一家装备配套企业，给国产重大技术装备配套研制的关键零部件首次取得市场业绩，首单销售额350万元。申请辽宁省首台（套）重大技术装备专项补助资金，能拿多少？");
    const m = c.matches.find((x) => x.quote.includes("关键零部件给予200万元定额补助"));
    expect(m).toMatchObject({ status: "eligible", amount: { yuan: 2_000_000 } });
    // Said in the clause's words, the price is read, and the threshold it misses rules the award out.
    const set = await chat("辽宁一家企业研制的成套重大技术装备，首套销售价格是350万元，能申请辽宁省首台（套）重大技术装备专项补助资金吗？");
    expect(set.matches.find((x) => x.quote.includes("首次销售价格的20%"))?.status).toBe("ineligible");
  });
});

describe("one document alone: a provision's short lead said whole picks it", () => {
  let one: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    one = await startCorpusServer([fileURLToPath(new URL("../fixtures/dev-extra/09_liaoning_shoutaitao_zhuangbei_buzhu.txt", import.meta.url))]);
  });
  afterAll(async () => {
    await one?.close();
  });
  const ask = async (q: string): Promise<Chat> => {
    const r = await fetch(`${one.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ messages: [{ role: "user", content: q }] }) });
    expect(r.status).toBe(200);
    return (await r.json()) as Chat;
  };

  it("关键零部件 → its 定额 200万元; an asker with a 成套装备 is not offered it", async () => {
    const c = await ask("我们是大连的一家装备配套企业，给国产重大技术装备配套研制的关键零部件首次取得市场业绩，首单销售额350万元。申请辽宁省首台（套）重大技术装备专项补助资金，能拿多少？");
    expect(c.matches.find((x) => x.quote.includes("关键零部件给予200万元定额补助"))).toMatchObject({ status: "eligible", amount: { yuan: 2_000_000 } });
    const set = await ask("我们是辽宁的企业，研制的成套重大技术装备首套销售价格600万元，申请首台（套）重大技术装备专项补助资金能拿多少？");
    expect(set.matches.some((x) => x.quote.includes("关键零部件给予200万元定额补助"))).toBe(false);
    expect(set.matches.some((x) => x.quote.includes("首次销售价格的20%"))).toBe(true);
  });
});
