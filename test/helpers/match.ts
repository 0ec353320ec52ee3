import type { Match } from "../../web/src/lib/types.js";

/** A match as /api/eligibility returns it, for tests of what the pages make of it: a 新电商招引 provision unless `extra` says otherwise. */
export const fakeMatch = (status: Match["status"], extra: Partial<Match> = {}): Match => ({
  ruleId: `r-${status}`,
  docId: "hangzhou-new-ecommerce-2022",
  clauseId: "hangzhou-new-ecommerce-2022:一、（一）",
  docTitle: "关于促进杭州市新电商高质量发展的若干意见",
  article: "一、（一）",
  title: "新电商招引",
  quote: "每年按其实际投资额的20%给予资助",
  status,
  reasons: [],
  failed: [],
  missing: [],
  missingLabels: [],
  general: [],
  notices: [],
  ...extra,
});
