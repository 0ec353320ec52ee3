/** Generated chat questions and search queries shared by bench/run.ts, bench/load.ts and bench/healthz.ts. */
import { rng } from "./synth.js";

const CITIES = ["杭州", "苏州", "淄博", "中山", "天津东丽", "宁波", "无锡", "常州"];
const CHAT_TEMPLATES = [
  "我们是刚落户杭州的新电商企业，已纳入联网直报，实际投资额{N}万元，一年能拿多少？",
  "苏州的企业今年新增发明专利{S}件，能申请登峰行动计划吗？",
  "外卖柜采购价{S}00元一台，能补贴多少？",
  "我们在杭州设立新电商园区，实际投资{N}万元，能拿多少资助？",
  "江苏省高价值专利培育示范中心的申报条件是什么？",
  "参加新电商展会，展位费{N}万元，最多补多少？",
  "中小企业专利转化专项计划怎么申请？需要哪些材料？",
  "我们是{C}的电商企业，年营业收入{N}00万元，增速{P}%，有什么奖励？",
  "淄博市知识产权强市建设有哪些专利资助政策？",
  "新电商培训机构每年培训{S}00人，能拿多少扶持？",
];
const SEARCH_TEMPLATES = ["外卖柜补贴每台多少钱", "发明专利 资助", "新电商 资助 {C}", "高价值专利培育示范中心 条件", "专利转化 中小企业", "{C} 知识产权 奖励", "展会 展位费", "实际投资额 20% 资助", "人才培训 学时", "专利质押融资 贴息"];

function rotating(templates: string[], n: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) =>
    templates[i % templates.length]
      .replace("{N}", String(50 + Math.floor(r() * 2000)))
      .replace("{S}", String(1 + Math.floor(r() * 40)))
      .replace("{P}", String(10 + Math.floor(r() * 40)))
      .replace("{C}", CITIES[Math.floor(r() * CITIES.length)]),
  );
}
/** The benchmark's requests: 200 chat bodies and 200 search paths, the same in every run (seeded). */
export function workload(): { chatBodies: string[]; searchPaths: string[] } {
  return {
    chatBodies: rotating(CHAT_TEMPLATES, 200, 7).map((q) => JSON.stringify({ messages: [{ role: "user", content: q }] })),
    searchPaths: rotating(SEARCH_TEMPLATES, 200, 11).map((q) => `/api/search?q=${encodeURIComponent(q)}&k=5`),
  };
}

