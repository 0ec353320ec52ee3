import type { Quantity } from "../text/numbers.js";

/**
 * The words users echo from the policies, mapped to fact keys. Two kinds:
 * statements (a phrase sets boolean or text facts) and cues (a phrase names
 * the fact a nearby number measures). Patterns are bounded (no nested
 * quantifiers) so matching stays linear on any input.
 */

// ---------------------------------------------------------------------------
// Statements.

export interface Statement {
  /** Matched on its own, beside the others: a self-description ("我们是…企业") spans other phrases. */
  independent?: boolean;
  /** Facts set when the phrase is affirmed; a `false` entry sets the opposite. */
  sets: Record<string, boolean | string>;
  pattern: RegExp;
  /** The phrase carries its own polarity ("没有受过处罚"): do not look for negators. */
  fixed?: boolean;
}

const S = (sets: Statement["sets"], pattern: RegExp, fixed = false): Statement => ({ sets, pattern, fixed });
const kind = (entityKind: string, pattern: RegExp): Statement => ({ sets: { entityKind }, pattern, independent: true });

/** Not a clause break: stays inside the phrase. */
const W = "[^，,。；;！？!?\\n]";
const wild = (n: number) => `${W}{0,${n}}?`;

export const STATEMENTS: readonly Statement[] = [
  // Statistics and registration.
  S({ onDirectReport: true }, new RegExp(`纳入${wild(4)}(?:国家统计局|统计局)?${wild(2)}(?:联网直报|直报平台|直报系统)|(?:国家统计局)?联网直报(?:平台|系统)?|上报统计数据|统计直报`)),
  S({ inLocalEcomStats: true }, /纳入(?:了)?(?:当地|本地|杭州市?|全市|市)?的?电商统计(?:监测)?(?:体系)?|电商统计监测体系/),
  S({ newlySettled: true }, /(?:刚刚?|新|今年|最近|近期|去年底?|才)(?:把)?(?:总部|公司|企业|注册地)?(?:落户|引进|迁入|迁到|搬到|搬来|搬迁到|入驻|注册落户|招引)|(?:已经?|已)落户|落户(?:后|以后|之后|到|在)|(?:准备|打算|计划|拟|想)(?:落户|迁入|搬到|入驻)|被?招引(?:落户|过来|来的|进来)|新落户|新引进|(?:准备|打算|计划|拟|想|将要?)(?:在|到|来)[^，,。；;！？!?\n]{1,6}?(?:落户|注册公司|入驻|设立(?:总部|公司))/),
  S({ independentLegalPerson: true }, /独立法人|独立核算的法人|法人机构/),
  S({ noMajorViolation: true }, /(?:没有|没|未|无|从未|从来没有?)(?:因)?(?:过)?(?:重大)?(?:违规|违法)(?:经营)?(?:问题|行为|记录)?(?:受过|受到|被)?(?:过)?(?:行政)?(?:处罚)?|(?:没有|没|未|从未|从来没有?|无)(?:受过|受到|被|有过)?(?:过)?(?:任何)?(?:行政)?处罚(?:记录)?/, true),
  S({ noMajorViolation: false }, /(?:受过|受到|被|有过|遭到)(?:过)?(?:行政)?处罚|有(?:过)?(?:重大)?违规(?:经营)?(?:记录|问题|行为)?|因违规(?:经营)?被罚/, true),
  S({ noSeriousDishonesty: true }, /(?:没有|没|未|无|从未)(?:过)?(?:严重)?失信(?:行为|记录)?|信用良好|诚信守法/, true),
  S({ noSeriousDishonesty: false }, /失信被执行人|有(?:过)?(?:严重)?失信(?:行为|记录)?|(?:被|列入)失信名单/, true),
  S({ hasBusinessQualification: true }, /取得(?:了)?(?:开展)?(?:相关)?业务(?:的)?资格|业务资质齐全|具备(?:相关)?资质/),

  // Enterprise kinds. A phrase that serves others' e-commerce must not make us one.
  S({}, /服务(?:了|过)?(?:\d+家)?(?:电商|电子商务)企业/, true),
  S({ isEcommerceService: true, isEcommerce: true }, /(?:新)?电商服务(?:企业|公司|商|机构)|电子商务服务(?:企业|公司|商)|(?:电商)?代运营(?:公司|企业|服务商)|电商(?:培训|营销|软件|法律|税务)(?:服务)?(?:公司|企业|服务商)/),
  S({ isTrainingInstitution: true }, /(?:新电商|电商)?培训机构/),
  S({ isTakeoutPlatform: true }, /外卖(?:送餐)?平台|送餐平台|外卖(?:配送)?(?:企业|公司)/),
  S({ isEcommercePlatform: true, isEcommerce: true }, /(?:是|作为|属于|运营)(?:一家|一个|个)?(?:新|大型|本地|综合性?)?(?:电商|电子商务)平台|(?:电商|电子商务)平台(?:企业|公司|运营方|运营商)|平台型电商|^[^，,。？?]{0,8}?(?:的)?(?:一个|一家)?(?:新)?(?:电商|电子商务)平台(?=[^，,。？?]{0,12}(?:交易额|年交易|销售额|GMV))/),
  S({ isPostalExpress: true }, /(?:邮政)?快递(?:公司|企业|网点)|邮政(?:快递)?(?:企业|公司|分公司)|快递物流企业|物流快递企业/),
  S({ isEcommerce: true }, /(?:新|跨境|直播|社交|内容|生鲜|兴趣|垂直)?电商(?:企业|公司)|电子商务(?:企业|公司)|网店|淘宝店|天猫店|抖音店|(?:开|做)(?:了)?(?:网店|电商|(?:直播|社交|内容|跨境|生鲜|兴趣)电商)|直播带货|直播电商|店铺|在(?:天猫|京东|抖音|快手|淘宝|拼多多|小红书)(?:平台)?(?:上)?(?:开店|开了店|销售|卖货|卖|经营)|(?:天猫|京东|抖音|快手|淘宝|拼多多)(?:平台)?(?:上)?的?(?:店铺|旗舰店|商家)/),
  S({ isHighTech: true }, /(?:国家级?)?高新技术企业|(?<![提升拔])高企(?!业)|国高企业?/),
  S({ isLittleGiant: true, isSme: true }, /专精特新[“"'‘]?小巨人[”"'’]?(?:企业)?|[“"'‘]?小巨人[”"'’]?企业/),
  S({ isLeadingTalentEnterprise: true, isTalentEnterprise: true }, /领军人才(?:企业|创办的?企业|类企业)?/),
  S({ isTalentEnterprise: true }, /创新创业人才(?:类)?企业|人才(?:类|型)企业|人才企业/),
  S({ isHighGrowth: true }, /高成长(?:性)?(?:创新)?(?:型)?企业/),
  S({ isAboveScale: true }, /规上(?:工业|服务业)?企业|规模以上(?:工业|服务业)?(?:企业)?|规上/),
  S({ isAboveScale: false }, /规下企业|规模以下(?:企业)?/, true),
  S({ isGazelle: true }, /瞪羚(?:企业)?/),
  S({ isUnicorn: true }, /(?:准|潜在)?独角兽(?:培育)?(?:企业)?/),
  S({ isIndustryLeader: true }, /行业龙头|龙头企业|领军企业|行业领军/),
  S({ isSme: true }, /中小(?:型)?企业|小微企业|科技型中小企业/),
  S({ isListed: true }, new RegExp(`(?:已经?|成功|已在|已于)${wild(8)}上市|(?:是|作为)(?:一家)?上市(?:公司|企业)`)),

  // Qualifications.
  S({ hasProvincialRdInstitution: true, hasRdInstitution: true }, /(?:省级|国家级|省级以上|国家|省)(?:的)?(?:企业)?(?:技术中心|工程技术研究中心|工程研究中心|研发机构|研发中心|企业研究院|研究院|重点实验室|工程实验室)/),
  S({ hasRdInstitution: true }, /研发(?:机构|中心|部门)|技术中心|企业研究院/),
  S({ hasKeyLab: true }, /(?:国家|省)(?:级)?(?:的)?(?:重点实验室|工程实验室|工程(?:技术)?研究中心)/),
  S({ participatedStandard: true }, new RegExp(`(?:参与|主导|牵头|参加)(?:了)?(?:制定|起草|制订|修订)(?:了)?${wild(10)}标准`)),
  S({ hasTrademark: true }, /注册商标|(?:有|拥有|注册了?|申请了?)(?:自主|自己的)?(?:注册)?商标|自主品牌商标/),
  S({ ipCertified: true }, /贯标|知识产权管理(?:体系)?(?:规范)?(?:认证)|通过(?:了)?(?:第三方)?(?:知识产权)?认证|第三方认证/),
  S({ hasIpDepartment: true }, /知识产权(?:管理)?(?:部门|机构|专员|部)|专门(?:的)?知识产权(?:管理)?(?:机构|人员)/),
  S({ hasKeyProject: true }, new RegExp(`承担(?:了)?${wild(4)}(?:国家|省部级|省级)${wild(8)}项目|关键(?:核心)?技术研发|重大科技(?:专项|项目)`)),
  S({ stableRdInvestment: true }, /研发投入(?:稳定|持续)/),
  S({ goodOperation: true }, /经营(?:状况|情况)?(?:良好|正常|稳定)/),
  S({ soundIpSystem: true }, /知识产权(?:管理)?制度(?:健全|完善)/),
  S({ importsPatentTech: true }, /引进(?:了)?(?:省内外|省外|国内外|国外|境外|省内|外省)?(?:的)?(?:先进)?(?:适用)?专利(?:技术)?|专利(?:技术)?(?:引进|转化实施|许可实施)/),

  // Projects and activities.
  S({ hostsPark: true }, /(?:建设|运营|打造|建了|在建|建成|投资建设|开发)(?:了)?(?:一个|一座)?(?:新电商|电商|电子商务)(?:产业)?园区|(?:新电商|电商)园区(?:运营方|运营商|建设方)?/),
  S({ immersiveScene: true }, /沉浸式(?:消费)?(?:场景|体验)/),
  S({ threeSameDemo: true, isDemoEnterprise: true }, /[“"'‘]?三同[”"'’]?(?:工程)?(?:示范)?(?:企业)?/),
  S({ isDemoEnterprise: true, isEcommerce: true }, /新电商示范(?:企业|工程|项目)/),
  S({ isDemoEnterprise: true }, /示范企业/),
  S({ inTop10: true }, new RegExp(`(?:进入|进了|位列|排进|入围|进到|冲进|排名|排在|上了|登上)(?:了)?${wild(16)}(?:前十|前10|top ?10|TOP ?10|Top ?10|十强)|(?:前十|前10|top ?10|TOP ?10|Top ?10)(?:名|强)`)),
  S({ salesNotBelowTop10: true }, /(?:不低于|达到|超过)(?:了)?(?:排名)?(?:Top ?10|TOP ?10|前十|前10)(?:时)?(?:的)?(?:相应)?(?:数据|水平)/),
  S({ brandHall: true }, /品牌(?:特色)?馆|特色馆|旗舰馆/),
  S({ guochaoBrand: true }, /国风国潮|国潮|国风/),
  S({ supplyChainProject: true }, /供应链(?:项目|中心)|选品中心/),
  S({ industryBelt: true }, /(?:新型)?产业带/),
  S({ selfDevelopedCertifiedSystem: true }, new RegExp(`(?:自(?:行|主|己))?研发(?:了)?${wild(12)}(?:系统|平台|软件)[，,]?${wild(8)}(?:取得|获得|通过)(?:了)?${wild(6)}认证`)),
  S({ dengfengApproved: true }, new RegExp(`登峰${wild(10)}(?:已)?(?:获得|获批|完成)?立项|立项${wild(4)}登峰`)),
  S({ dengfengAccepted: true }, new RegExp(`登峰${wild(14)}验收(?:合格|通过)|验收(?:合格|通过)${wild(6)}登峰`)),
  S({ helpedDigitalTransformation: true }, new RegExp(`帮助${wild(8)}(?:数字化改造|建成|打造|建设)`)),
  S({ charityFarming: true }, /公益助农|助农(?:直播|活动|带货)?/),
  S({ hostsExpo: true }, new RegExp(`(?:举办|主办|承办|办了|组织)(?:了)?${wild(12)}(?:展会|峰会|论坛|电商节|节庆|博览会|展览会|主题活动|大会)`)),

  // Who is applying.
  kind("行业协会", /(?:我们|我|本单位|我单位|我方)(?:是|属于|作为)(?:一(?:家|个))?[^，,。]{0,12}?(?:协会|商会)|本协会|我会|我们协会/),
  kind("高等院校", /(?:我们|我|本单位|我单位|我方)(?:是|属于|作为)(?:一(?:所|家|个))?[^，,。]{0,12}?(?:高校|大学|学院|高等院校)|我校|我们学校/),
  kind("科研机构", /(?:我们|我|本单位|我单位|我方)(?:是|属于|作为)(?:一(?:家|个|所))?[^，,。]{0,12}?(?:科研院所|科研机构|研究所|研究院)|我所|我们研究所/),
  kind("企业", /(?:我们|我|本单位|我单位|我方|本)(?:是|属于|作为)?(?:一(?:家|个))?[^，,。]{0,12}?(?:企业|公司|厂|店)|我司|我公司|我们公司|我们企业/),
];

// ---------------------------------------------------------------------------
// Cues: words that say what a nearby number measures.

export type Accept = (q: Quantity) => boolean;

const money: Accept = (q) => q.unit === "yuan" && !q.perUnit;
const rate: Accept = (q) => q.unit === "yuan" && q.perUnit === true;
const percent: Accept = (q) => q.unit === "percent";
const years: Accept = (q) => q.unit === "years" && !q.window;
const months: Accept = (q) => q.unit === "months" && !q.window;
/** A count in one of the measure words, or a bare number right next to its cue ("有效发明专利55"). */
const count = (...measures: string[]): Accept => (q) =>
  (q.unit === "count" && (!q.measure || measures.length === 0 || measures.includes(q.measure))) || (q.unit === "number" && Number.isInteger(q.value));

export interface CueFact {
  key: string;
  accepts: Accept;
  /** The price of one item: a total ("一共3万元") is not it. */
  perItem?: boolean;
}

export interface Cue {
  pattern: RegExp;
  /** Facts the cue may name; the quantity's unit picks one. `key` may depend on the matched text. */
  facts: (m: RegExpExecArray) => CueFact[];
}

const C = (pattern: RegExp, ...facts: CueFact[]): Cue => ({ pattern, facts: () => facts });
const F = (key: string, accepts: Accept): CueFact => ({ key, accepts });
const each = (key: string, accepts: Accept): CueFact => ({ key, accepts, perItem: true });

/** A money amount that is the subsidy asked about, not a fact about the enterprise. */
export const REWARD = "_reward";

const YEARS_CN: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };

export const CUES: readonly Cue[] = [
  // Growth names its own window: "近3年平均增速", "近两年年均增长".
  {
    pattern: /(?:近|最近|过去)(\d|[一二两三四五])年(?:来|间)?(?:的)?(?:营业收入|营收|主营业务收入|销售收入|收入|销售额|交易额|业务收入|服务收入)?(?:的)?(?:平均|年均)?(?:增速|增长率|增长|增幅|复合增长率)/,
    facts: (m) => {
      const n = /\d/.test(m[1]) ? Number(m[1]) : YEARS_CN[m[1]];
      return n === 3 ? [F("avgGrowth3y", percent)] : n === 2 ? [F("avgGrowth2y", percent)] : [];
    },
  },
  C(/监测(?:企业)?(?:数量|数)?(?:的)?(?:增长率|增长|增幅)/, F("monitorGrowth", percent)),

  C(/研发(?:的)?(?:实际)?(?:投入|投资|费用|经费|支出)(?:额|金额)?/, F("rdInvestment", money)),
  C(/(?:办展|展会|办会|活动|峰会|论坛)(?:的)?(?:实际)?(?:投入|花费|费用|支出)(?:额)?/, F("eventInvestment", money)),
  C(/培训(?:的)?(?:实际)?(?:发生)?(?:费用|支出|花费|成本)/, F("trainingCost", money)),
  C(/(?:项目)?(?:的)?(?:实际)?(?:投资|投入)(?:总)?(?:额|金额|规模)?|总投资|固定资产投资|投了/, F("investment", money)),
  C(/(?:技术|专利)?(?:许可|转让|引进)?合同(?:的)?(?:实际)?(?:成交)?(?:额|金额)|技术交易额/, F("contractAmount", money)),
  C(/(?:本地|在杭|本市)?(?:的)?(?:年)?(?:实际)?(?:交易额|交易规模|GMV|gmv|成交总额|成交额)/, F("annualTransactionVolume", money)),
  C(/(?:电商)?(?:专业)?服务(?:业务)?收入(?:额)?/, F("serviceRevenue", money)),
  C(/(?:年度?|去年|全年)?(?:的)?(?:营业收入|营收|主营业务收入|营业额|销售收入|年收入|总收入|收入)/, F("annualRevenue", money)),
  C(/(?:年度?|去年|全年)?(?:的)?(?:网络)?(?:销售额|零售额|销售规模|卖了)/, F("annualSales", money)),

  C(/展位费|展位(?:的)?(?:费用|价格|单价)/, each("boothFeePerBooth", (q) => q.unit === "yuan")),
  C(/(?:标准)?展位/, F("expoBooths", count("个")), F("boothFeePerBooth", rate)),
  C(/外卖柜|取餐柜|智能(?:取餐|外卖)?柜/, F("lockers", count("台", "个", "组")), F("lockerPrice", rate)),
  C(/(?:购买价|采购价|单价|买价)/, each("lockerPrice", (q) => q.unit === "yuan")),
  C(/人证(?:对比|比对|核验)?(?:设备|系统|终端)?/, F("idDevices", count("台", "套", "个"))),
  C(/进口(?:的)?(?:国际)?(?:邮件|快件|包裹|件)|国际(?:邮件|快件)/, F("importParcels", count("件", "个", "票"))),
  C(/(?:县级)?(?:邮政快递)?(?:综合服务)?分拨中心/, F("countyHubs", count("个", "座", "家"))),
  C(/行政村|(?:村级|基层)(?:服务)?(?:站点|网点)/, F("villageOutlets", count("个", "处", "家"))),
  C(/(?:农村)?投递(?:业务)?(?:的)?网点/, F("ruralOutlets", count("个", "处", "家"))),
  C(/(?:农村|乡村)(?:地区)?(?:投递|派送)|投递(?:了)?/, F("ruralParcels", count("件", "单", "个"))),
  C(/(?:区域内|封控区|管控区|防范区)?配送(?:了)?/, F("deliveryOrders", count("单"))),
  C(/(?:新电商)?(?:统计|运行)?监测点/, F("monitorPoints", count("个", "家", "处"))),
  C(/服务(?:了|过)?(?:的)?(?:电商|电子商务)?(?:企业|客户|商家)?/, F("servedEnterprises", count("家", "个"))),
  C(/(?:培训|参训|学员|培训人数|培训了)/, F("trainees", count("人", "人次", "名"))),

  C(/(?:国|境)(?:[(（]境[)）])?外(?:累计)?(?:申请|提交)?(?:了|过)?(?:的)?(?:发明)?专利(?:申请)?|PCT(?:国际)?(?:专利)?(?:申请)?/, F("foreignInventionApplications", count("件", "项", "个"))),
  C(/(?:国|境)(?:[(（]境[)）])?外(?:获得)?(?:了)?(?:授权)(?:了)?(?:的)?(?:发明)?(?:专利)?|(?:国|境)外(?:发明)?专利(?:获得)?授权/, F("foreignInventionGrants", count("件", "项", "个"))),
  C(/(?:有效|授权)?(?:的)?发明专利(?:拥有量)?/, F("validInventionPatents", count("件", "项", "个"))),
  C(/实用新型(?:专利)?(?:[和及、与]|以及)?(?:外观设计|外观)?(?:专利)?|外观(?:设计)?专利/, F("utilityDesignPatents", count("件", "项", "个"))),

  C(/(?:已经?)?(?:运营|经营|运行|营业|开业)(?:了|满|已满|已经)?/, F("yearsOperated", years)),
  C(/(?:已经?)?(?:成立|设立|注册|创立|创办)(?:了|满|已满|已经)?/, F("yearsEstablished", years)),
  C(/连续|防控|无感染|没有感染|未发生|没发生/, F("epidemicCompliantMonths", months)),

  // The amount asked for, not owned: "最高补贴100万元", "能拿到50万奖励".
  C(/补贴|补助|奖励|资助|扶持|奖补|获得|拿到|领到|给予|最高|不超过|上限|最多|封顶|返还/, F(REWARD, (q) => q.unit === "yuan" || q.unit === "percent")),
];

/** Facts whose number can be recognised by topic alone when no cue sits next to it. */
export interface TopicRule {
  key: string;
  topic: RegExp;
  accepts: Accept;
}

export const TOPIC_RULES: readonly TopicRule[] = [
  { key: "trainingHours", topic: /培训|学时/, accepts: (q) => q.unit === "count" && q.measure === "学时" },
  { key: "lockerPrice", topic: /外卖柜|取餐柜|智能柜/, accepts: (q) => rate(q) && (q.measure === "台" || q.measure === "个") },
  { key: "boothFeePerBooth", topic: /展位|展会|参展/, accepts: (q) => rate(q) && (q.measure === "展位" || q.measure === "个") },
  { key: "epidemicCompliantMonths", topic: /外卖|送餐|防控|疫情|感染|消杀/, accepts: months },
];
