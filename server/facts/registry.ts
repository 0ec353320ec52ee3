import { z } from "zod";

/**
 * The vocabulary of enterprise facts. Rules name these keys in their
 * conditions and formulas; the understanding layer extracts them from Chinese
 * text; the profile schema (and so /api/openapi.json and the console form) is
 * generated from this one list. Add a fact here, never inline in a rule.
 *
 * Units: money in yuan, percentages in percent points (20 = 20%), counts and
 * durations as plain numbers in the unit named by `unit`.
 */
export type FactType = "boolean" | "money" | "usd" | "percent" | "count" | "years" | "months" | "text";

export interface FactDef {
  key: string;
  type: FactType;
  /** Short Chinese label, shown beside the value ("实际投资额"). */
  label: string;
  /** Follow-up question asked when the fact decides a pending rule. */
  question: string;
  /** Unit word for counts ("家", "台", "件", "个"). */
  unit?: string;
  /** Group for the console form. */
  group: "地区" | "企业类型" | "资质与状态" | "经营数据" | "知识产权" | "项目与投入" | "物流配送" | "活动与服务" | "条款事实";
  /**
   * The words that name the fact in documents and questions ("实缴注册资本"). Compiled facts are
   * named by their clause's own phrase; binding matches a question's words against these.
   */
  phrases?: string[];
  /** Minted by the clause compiler (not hand-written). */
  compiled?: boolean;
}

const f = (key: string, type: FactType, group: FactDef["group"], label: string, question: string, unit?: string): FactDef => ({
  key, type, group, label, question, ...(unit ? { unit } : {}),
});

export const FACTS: readonly FactDef[] = [
  // 地区 — resolved to administrative-division names ("浙江省", "杭州市", "余杭区").
  f("province", "text", "地区", "所在省份", "贵单位注册在哪个省（自治区、直辖市）？"),
  f("city", "text", "地区", "所在城市", "贵单位注册在哪个城市？"),
  f("district", "text", "地区", "所在区县", "贵单位注册在哪个区、县（市）？"),

  // 企业类型
  f("entityKind", "text", "企业类型", "申报主体类型", "申报主体是企业、高等院校、科研机构、行业协会，还是省级主管部门？"),
  f("isEcommerce", "boolean", "企业类型", "电商（新电商）企业", "贵单位是否为电商（新电商）企业？"),
  f("isEcommercePlatform", "boolean", "企业类型", "电商平台", "贵单位是否为电商平台运营方？"),
  f("isEcommerceService", "boolean", "企业类型", "电商服务企业", "贵单位是否为专业电商服务企业（软件、培训、营销、法律等）？"),
  f("isTakeoutPlatform", "boolean", "企业类型", "外卖平台", "贵单位是否为外卖（送餐）平台？"),
  f("isPostalExpress", "boolean", "企业类型", "邮政快递企业", "贵单位是否为邮政快递企业？"),
  f("isTrainingInstitution", "boolean", "企业类型", "新电商培训机构", "贵单位是否为经认定的新电商培训机构？"),
  f("isHighTech", "boolean", "企业类型", "高新技术企业", "贵企业是否为高新技术企业？"),
  f("isLittleGiant", "boolean", "企业类型", "专精特新“小巨人”企业", "贵企业是否为经认定的专精特新“小巨人”企业？"),
  f("isTalentEnterprise", "boolean", "企业类型", "创新创业人才类企业", "贵企业是否为创新创业人才类企业？"),
  f("isLeadingTalentEnterprise", "boolean", "企业类型", "领军人才企业", "贵企业是否为领军人才企业？"),
  f("isHighGrowth", "boolean", "企业类型", "高成长性创新企业", "贵企业是否为高成长性创新企业？"),
  f("isAboveScale", "boolean", "企业类型", "规模以上企业", "贵企业是否为规模以上企业？"),
  f("isGazelle", "boolean", "企业类型", "瞪羚企业", "贵企业是否为瞪羚企业？"),
  f("isUnicorn", "boolean", "企业类型", "独角兽（培育）企业", "贵企业是否为独角兽（培育）企业？"),
  f("isIndustryLeader", "boolean", "企业类型", "行业龙头或领军企业", "贵企业是否属于行业龙头或领军企业？"),
  f("isSme", "boolean", "企业类型", "中小企业", "贵企业是否为中小企业？"),

  // 资质与状态
  f("newlySettled", "boolean", "资质与状态", "新落户（招引）", "贵企业是否为新招引落户的企业？"),
  f("onDirectReport", "boolean", "资质与状态", "已纳入国家统计局联网直报平台", "贵企业是否已纳入国家统计局联网直报平台并上报统计数据？"),
  f("independentLegalPerson", "boolean", "资质与状态", "依法登记注册的独立法人", "贵单位是否为依法登记注册的独立法人？"),
  f("noMajorViolation", "boolean", "资质与状态", "一年内无重大违规处罚", "贵单位一年内是否没有因重大违规经营问题受过处罚？"),
  f("inLocalEcomStats", "boolean", "资质与状态", "纳入当地电商统计监测体系", "贵单位是否已纳入当地电商统计监测体系？"),
  f("noSeriousDishonesty", "boolean", "资质与状态", "无严重失信行为", "贵单位是否没有严重失信行为？"),
  f("hasProvincialRdInstitution", "boolean", "资质与状态", "拥有省级以上研发机构", "贵企业是否拥有省级以上研发机构（如省级企业技术中心）？"),
  f("hasRdInstitution", "boolean", "资质与状态", "设立研发机构", "贵企业是否设立了研发机构？"),
  f("ipCertified", "boolean", "资质与状态", "知识产权管理通过第三方认证（贯标）", "贵企业的知识产权管理是否通过第三方认证（贯标）？"),
  f("hasIpDepartment", "boolean", "资质与状态", "设立专门知识产权管理机构", "贵企业是否设立了专门的知识产权管理机构并配备专门人员？"),
  f("hasKeyProject", "boolean", "资质与状态", "承担国家或省部级重大科技项目或开展关键技术研发", "贵单位是否正在承担国家或省部级重大科技项目，或正在开展关键技术研发？"),
  f("stableRdInvestment", "boolean", "资质与状态", "研发投入稳定", "贵单位研发投入是否稳定？"),
  f("goodOperation", "boolean", "资质与状态", "经营状况良好", "贵企业经营状况是否良好？"),
  f("soundIpSystem", "boolean", "资质与状态", "知识产权管理制度健全", "贵单位知识产权管理制度是否健全？"),

  // 经营数据
  f("annualRevenue", "money", "经营数据", "年营业收入", "贵企业年营业收入是多少？"),
  f("annualTransactionVolume", "money", "经营数据", "本地年实际交易额", "平台在本地的年实际交易额是多少？"),
  f("annualSales", "money", "经营数据", "年销售额", "贵企业（品牌）年销售额是多少？"),
  f("avgGrowth3y", "percent", "经营数据", "近3年平均增速", "贵企业近3年营业收入平均增速是多少？"),
  f("avgGrowth2y", "percent", "经营数据", "近2年平均增速", "近2年平均增速是多少？"),
  f("yearsEstablished", "years", "经营数据", "成立年限", "贵企业成立几年了？"),
  f("usdRate", "count", "经营数据", "美元兑人民币汇率", "按什么汇率折算（1美元折合人民币多少元）？", "元/美元"),

  // 知识产权
  f("validInventionPatents", "count", "知识产权", "有效发明专利", "贵企业拥有有效发明专利多少件？", "件"),
  f("foreignInventionApplications", "count", "知识产权", "国（境）外申请发明专利", "贵企业在国（境）外申请发明专利多少件？", "件"),
  f("foreignInventionGrants", "count", "知识产权", "国（境）外授权发明专利", "贵企业在国（境）外获得授权的发明专利有多少件？", "件"),
  f("utilityDesignPatents", "count", "知识产权", "实用新型和外观设计专利", "贵企业拥有实用新型、外观设计专利多少件？", "件"),
  f("hasTrademark", "boolean", "知识产权", "拥有注册商标及其他知识产权", "贵企业是否拥有注册商标及其他知识产权？"),
  f("participatedStandard", "boolean", "知识产权", "参与制定国际、国家或行业标准", "贵企业是否参与制定国际、国家或行业标准？"),
  f("contractAmount", "money", "知识产权", "专利技术合同实际成交额", "引进专利技术的合同实际成交额是多少？"),
  f("importsPatentTech", "boolean", "知识产权", "引进省内外先进专利技术转化实施", "贵企业是否引进了省内外先进专利技术并转化实施？"),

  // 项目与投入
  f("investment", "money", "项目与投入", "实际投资（投入）额", "项目的实际投资（投入）额是多少？"),
  f("rdInvestment", "money", "项目与投入", "研发实际投入额", "研发的实际投入额是多少？"),
  f("hostsPark", "boolean", "项目与投入", "建设新电商园区（基地）", "是否在建设新电商园区（基地）？"),
  f("immersiveScene", "boolean", "项目与投入", "应用新技术开发沉浸式消费场景", "是否应用新技术开发了沉浸式消费场景？"),
  f("isDemoEnterprise", "boolean", "项目与投入", "新电商示范企业", "是否被认定为新电商示范企业？"),
  f("inTop10", "boolean", "项目与投入", "进入电商平台销售排行榜Top10", "是否进入天猫、京东、抖音、快手等电商平台销售排行榜Top10？"),
  f("salesNotBelowTop10", "boolean", "项目与投入", "销售额统计数据不低于排名Top10时相应数据", "落户后销售额统计数据是否不低于排名Top10时的相应数据？"),
  f("brandHall", "boolean", "项目与投入", "在电商平台建设品牌特色馆", "是否在电商平台建设了品牌特色馆？"),
  f("guochaoBrand", "boolean", "项目与投入", "国风国潮本土电商新品牌", "是否为围绕国风国潮Z世代创建的本土电商新品牌？"),
  f("supplyChainProject", "boolean", "项目与投入", "供应链（选品中心）项目", "是否为整合全流程并形成特色品牌产品的供应链（选品中心）项目？"),
  f("industryBelt", "boolean", "项目与投入", "运营新型产业带", "是否运营电商平台上的新型产业带？"),
  f("selfDevelopedCertifiedSystem", "boolean", "项目与投入", "自行研发服务平台或系统并取得认证", "是否自行研发相关服务平台、系统并取得相关认证？"),
  f("threeSameDemo", "boolean", "项目与投入", "“三同”工程示范企业", "是否为“三同”工程示范企业？"),
  f("yearsOperated", "years", "项目与投入", "已运营年数", "已运营满几年？"),
  f("dengfengApproved", "boolean", "项目与投入", "登峰行动计划项目已立项", "项目是否已获登峰行动计划立项？"),
  f("dengfengAccepted", "boolean", "项目与投入", "登峰行动计划项目验收合格", "项目是否已验收合格？"),

  // 活动与服务
  f("helpedDigitalTransformation", "boolean", "活动与服务", "帮助企业数字化改造或建成园区、品牌馆、供应链、产业带", "是否帮助企业开展数字化改造建成新零售企业，或帮助建成园区、品牌馆、供应链、产业带？"),
  f("servedEnterprises", "count", "活动与服务", "服务电商企业数", "服务的电商企业有多少家？", "家"),
  f("serviceRevenue", "money", "活动与服务", "电商专业服务业务收入额", "电商专业服务业务收入额是多少？"),
  f("charityFarming", "boolean", "活动与服务", "开展公益助农活动", "是否开展了公益助农活动？"),
  f("expoBooths", "count", "活动与服务", "参展标准展位数", "参展租用了几个标准展位？", "个"),
  f("boothFeePerBooth", "money", "活动与服务", "每个标准展位的展位费", "每个标准展位的展位费是多少？"),
  f("hostsExpo", "boolean", "活动与服务", "举办有影响力的新电商主题展会和活动", "是否举办了具有行业、全国乃至国际影响力的新电商主题展会或活动？"),
  f("eventInvestment", "money", "活动与服务", "办展实际投入", "办展（活动）的实际投入是多少？"),
  f("trainingHours", "count", "活动与服务", "每次专项培训学时", "每次专项培训多少学时？", "学时"),
  f("trainees", "count", "活动与服务", "年累计培训人数", "年累计培训多少人？", "人"),
  f("trainingCost", "money", "活动与服务", "培训实际发生费用", "培训实际发生费用是多少？"),
  f("monitorPoints", "count", "活动与服务", "设立的新电商统计监测点数", "设立了多少个新电商统计监测点？", "个"),

  // 物流配送
  f("epidemicCompliantMonths", "months", "物流配送", "严格落实防控且无送餐人员感染的月数", "连续多少个月严格落实防控措施且未发生送餐人员感染？"),
  f("lockers", "count", "物流配送", "设置外卖柜台数", "设置了多少台外卖柜？", "台"),
  f("lockerPrice", "money", "物流配送", "外卖柜单台购买价", "每台外卖柜的购买价是多少？"),
  f("importParcels", "count", "物流配送", "年进口国际邮件、快件数", "每年处理的进口国际邮件、快件有多少件？", "件"),
  f("idDevices", "count", "物流配送", "购买人证对比设备台数", "购买了多少台人证对比设备？", "台"),
  f("deliveryOrders", "count", "物流配送", "封控区等区域内配送单数", "在封控、管控、防范区内配送了多少单？", "单"),
  f("countyHubs", "count", "物流配送", "新建县级邮政快递综合服务分拨中心数", "新建了几个县级邮政快递综合服务分拨中心？", "个"),
  f("villageOutlets", "count", "物流配送", "在行政村新设基层服务网点数", "在行政村新设了几个基层服务网点？", "个"),
  f("ruralParcels", "count", "物流配送", "每个网点每年农村投递件数", "每个网点每年在农村地区投递多少件？", "件"),
  f("ruralOutlets", "count", "物流配送", "开展农村投递的网点数", "开展农村投递业务的网点有几个？", "个"),

  // Appended for the rule base (corpus/rules): provisions that needed a fact of their own.
  f("hasBusinessQualification", "boolean", "资质与状态", "已取得开展相关业务的资格并诚信守法经营", "贵单位是否已取得开展相关业务的资格，并诚信守法经营？"),
  f("monitorGrowth", "percent", "活动与服务", "监测企业数量增长率", "运行监测点的监测企业数量增长了多少？"),
  f("isListed", "boolean", "资质与状态", "在境内外直接上市", "贵企业是否在境内外直接上市？"),
  f("hasKeyLab", "boolean", "资质与状态", "拥有国家或省重点实验室等研发平台", "贵单位是否拥有与该领域相关的国家或省重点实验室、工程实验室或工程（技术）研究中心等研发平台？"),
  f("centerEvaluationPassed", "boolean", "资质与状态", "示范中心绩效评价为优秀、良好或合格", "示范中心的绩效评价结果是否为优秀、良好或合格？"),
  f("suzhouFtzKeyField", "boolean", "企业类型", "自贸区苏州片区内新设立的关键领域生产研发企业", "贵企业是否为自贸区苏州片区内新设立、从事生物医药、人工智能、集成电路、纳米技术等关键领域核心环节生产研发的企业？"),
  f("coreTechPatentRecognized", "boolean", "知识产权", "核心技术专利（群）经认定", "贵单位的专利（群）是否被认定为重点产业领域核心技术专利（群）？"),
  f("patentMaintainedYears", "years", "知识产权", "专利（群）维持年限", "相关专利（群）已维持了几年？"),
  f("patentLicensedOut", "boolean", "知识产权", "专利（群）已开展对外许可", "相关专利（群）是否已开展对外许可？"),
];

const byKey = new Map(FACTS.map((d) => [d.key, d]));
export const FACT_BY_KEY: ReadonlyMap<string, FactDef> = byKey;

/** Compiled facts are named by their phrase and unit, so the same words in two documents are one fact. */
export const COMPILED_PREFIX = "c:";
export const isCompiledKey = (key: string): boolean => key.startsWith(COMPILED_PREFIX);

/**
 * Facts minted by the clause compiler come with the index; they join the vocabulary when the index
 * loads (and in ingest, before rules are validated). A key already known keeps its first definition.
 */
export function registerFacts(defs: readonly FactDef[]): void {
  for (const d of defs) if (!byKey.has(d.key)) byKey.set(d.key, d);
}

/** Every fact known to this process: the hand-written ones, then the compiled ones. */
export const allFacts = (): FactDef[] => [...byKey.values()];

export const isFactKey = (key: string): boolean => byKey.has(key) || isCompiledKey(key);

function zodFor(def: FactDef): z.ZodType {
  switch (def.type) {
    case "boolean":
      return z.boolean();
    case "text":
      return z.string().max(100);
    case "percent":
      return z.number().finite().min(-1000).max(100000);
    default:
      return z.number().finite().min(0).max(1e15);
  }
}

/** Enterprise profile: every fact optional; a missing fact is unknown, never 0 or false. */
export type FactValue = boolean | number | string;
export type Profile = Partial<Record<string, FactValue>>;

const Known = z.object(Object.fromEntries(FACTS.map((d) => [d.key, zodFor(d).optional().describe(d.label)]))).strict();

/**
 * Hand-written facts are listed (for OpenAPI and the console form); compiled facts ("c:…") are
 * checked against their definition when the index has registered them.
 */
export const ProfileSchema = z
  .record(z.string(), z.union([z.boolean(), z.number(), z.string()]))
  .superRefine((obj, ctx) => {
    for (const [key, value] of Object.entries(obj)) {
      const def = byKey.get(key);
      if (!def) {
        ctx.addIssue({ code: "custom", path: [key], message: `未知的事实：${key}` });
        continue;
      }
      const r = zodFor(def).safeParse(value);
      if (!r.success) ctx.addIssue({ code: "custom", path: [key], message: `${def.label}：取值不合法` });
    }
  });
/** The listed shape, for documentation. */
export const KnownProfileSchema = Known;

/** One fact's value schema. */
export const valueSchemaOf = (key: string): z.ZodType | undefined => {
  const def = byKey.get(key);
  return def ? zodFor(def) : undefined;
};
