/**
 * The grammar words of Chinese subsidy provisions: how a document says "pay",
 * "at most", "at least" and "in instalments". They are the language of the
 * genre, not the vocabulary of any one policy, and every pattern below is
 * bounded so compiling stays linear in the clause length.
 */

/** A provision pays something. */
export const REWARD = /奖励|补助|资助|补贴|贴息|配套|扶持|奖补|支持|资金|经费|抵用/;
/**
 * "收取的担保费率原则上不超过1%" / "再担保业务收费，原则上不高于承担风险责任的0.3%": a ceiling on what a
 * body may charge the applicant. Group 1 is the fee word, 2 the base when written, 3 the rate.
 */
export const FEE_CEILING = /(担保费率|再担保费率|费率|收费)[^，,；;。]{0,8}?[，,]?(?:原则上|一般)?不(?:超过|高于)(?:([^，,；;。%\d]{2,12}?)的)?\s*(\d+(?:\.\d+)?)\s*[%％]/g;
/** The amount a 担保费率 is a rate of, when the sentence does not name it. */
export const FEE_RATE_BASE = "担保金额";
/** A kind of person a talent award is paid for, per head ("应届博士、硕士…分别给予5000元、3000元"). */
export const PERSON_KIND = /(?:博士|硕士|学士|本科生?|研究生|毕业生|人才|人员|专家|技师|工匠)$/;
/** "给予购置费的15%" in a table row under 补贴标准: the pay verb with a figure after it names the payment on its own. */
export const PAY_VERB_FIGURE = /(?:给予|予以)[^。；;，,]{0,12}?(?:\d(?:\.\d+)?\s*(?:万|亿)?\s*(?:元|%|‰)|百分之|[一二三四五六七八九十]+分之)/;
/** What makes a money figure a ceiling, when it comes right before it. */
export const CAP_BEFORE = /(?:不超过|不高于|最高|最多|上限为?|封顶|不超|不得超过|不得高于|不能超过|不应超过|不宜超过)(?:补贴|奖励|补助|资助|给予|金额|额度|资金|为|可达|原则上|合计|共计|累计|总计|配套|支持|扶持)*(?:不超过|不得超过)?$/;
/** A figure right after one of these is an award (给予20万元 / 20万元的一次性奖励). */
export const AWARD_BEFORE = /(?:给予|奖励|补助|补贴|资助|奖补|一次性|安排|发放|扶持|支持|配套|获得|可获|拨付)[^，,；;。]{0,10}$/;
export const AWARD_AFTER = /^(?:人民币)?(?:的)?(?:一次性)?(?:奖励|补助|补贴|资助|奖补|扶持|支持|配套|开办补助|资金)/;
/** What makes a rate a ceiling ("按不超过…的30%"). */
export const UPTO_RATE = /不超过|不高于|最高|最多/;
/** A comparison right before a threshold: 达到/超过/不低于 3000万元. */
export const CMP_BEFORE = /(?:达到|达|超过|突破|不低于|不少于|高于|大于|低于|不足|不满|少于|在|为|满|增长|增加|同比增长)$/;
/** A boundary right after a threshold: 3000万元以上 / 及以上 / (含)以上 / 以下. */
export const CMP_AFTER = /^(?:[(（]含[)）])?(?:及以上|以上|以下|及以下|以内|(?:[(（]含[)）]))/;
/** Category lists before 分别: 国家级、省级、市级 (items joined by these). */
export const LIST_JOIN = /[、,，和及与或]/;
/** Words that open a provision and say nothing about the fact itself. */
export const LEAD_WORDS = /^(?:每(?:人次|人|家|个|项|户|年)|不超过|不高于|最高|第[一二三四五六七八九十百零]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、]|[.．、]|[①②③④⑤⑥⑦⑧⑨⑩]|[对凡按依经在就于为向]|对于|按照|按其|依据|根据|其中|其|给予|经认定的?|经批准的?|符合条件的|符合|鼓励|支持|并且|且|或者|或|(?:企业)?拥有(?!量)|如|若|的|、|，|,)+/;
/** Words that close a fact phrase and say nothing about it. */
export const TAIL_WORDS = /(?:[(（]|的|在|达到|达|为|超过|突破|高于|大于|低于|不足|少于|不低于|不少于|满|增长|累计|按|给予|部分|之)+$/;
/** A provision with no figure on purpose. */
export const NO_FIGURE = /一事一议|择优(?:给予|予以)?(?:奖励|补助|资助|支持|激励)|给予(?:适当|一定)(?:的)?(?:奖励|补助|资助|补贴|支持)|(?:给予|予以)(?:重点|适当)?(?:资助|支持|激励|奖励|扶持)(?=[，,。；;]|$)/;
/** Modifiers the compiler reports but never computes (可上调10%, 再提高2个百分点). */
export const RATE_MODIFIER = /上调|上浮|再提高|提高\d|提高[一二三四五六七八九十]|再增加|增加\d+个百分点/;
/** Steps the compiler cannot compute as 每满 steps: 每超过1亿元, 每增加1人, 每新设一家, 每连续租满1年. */
export const STEP_WORDS = /每(?:超过|增加|新增|新设|多|连续)/;
/** Periods of payment. */
export const PERIOD_YEARS = /(?:补贴期限|补助期限|补贴期|补助期|期限|最长不超过|最长|连续|期限为)\s*(?:不超过|最长|为)?\s*(\d+|[一二两三四五六七八九十])\s*年/;
/** Rates apply after conversion: 折合人民币. */
export const CONVERTED = /折合人民币|折算人民币/;
/** A base an award is measured by and capped at: 按其实际投入给予…不超过50万元 / 按实际发生费用给予. */
export const COST_NOUN = /(?:投入|费用|投资|支出|成本|价款|租金|费|发生)(?:额|总额)?$/;
/**
 * Whom an award is paid to when it is not the applicant enterprise: 奖励各街道, 给予园区运营方, 给予经营者.
 * The noun right after the pay verb ends with one of these.
 */
export const OTHER_PARTY = /(?:街道|乡镇|镇街|区县|县区|各区|各县|社区|村集体|村委会|主管部门)$/;
/** Whom a yearly cap is per, when it is not the applicant itself: 每个网点每年最多补贴3万元. */
export const APPLICANT_NOUN = /^(?:企业|单位|机构|项目|主体|申报主体|家|户|人|个人|法人)$/;
/** A one-off sum followed by a yearly one while in operation: 一次性补助5万元，每运营满1年再给予补助2万元. */
export const YEAR_ON_YEAR = /每(?:运营|经营|营业|使用|运行)?满\s*(?:1|一)\s*(?:个)?年/;
/**
 * A judgement the authority makes when it reviews (创新能力强, 经营状况良好, 制度健全): the
 * applicant cannot state it as a fact, so it is told, never asked.
 */
export const EVALUATIVE = /强烈|良好|较好|较强|较为|完善|健全|稳定|突出|显著|领先|扎实|明显|规范|科学|得当|有力|能力强|水平高|基础好|意识强|一定成果|可推广|示范效应|带动作用|切实|如实|承诺|能够|能力|适合|需求|有利于|有重要影响|有显著效果|积极带动/;
/** Words in a condition stretch that state no fact of the applicant: references, procedure, what it may then do. */
export const NOT_A_CONDITION = /^(?:符合(?:申报|相关|上述|以上|本[^，]{0,4})?条件|满足(?:以下|下列|上述)|经[^，,]{0,16}(?:推荐|审核|认定|批准|同意|评审)$|[^，,]{0,10}审核通过|可(?:以)?[^，,]{0,16}(?:申报|申请|入库|享受)|(?:鼓励|支持|推动|引导)[^，,]{0,30}$|根据|按照|依据|[^，,]{0,12}(?:条件|要求)$|符合[^，,]*(?:条件|要求|规定|指南)|择优)/;
/** Where the applicant is registered is the document's region, not a fact of its own. */
export const REGION_MODIFIER = /^(?:在[^，,的]{1,12}?(?:行政区域|辖区|区域|境)内|在[^，,的]{1,12}?(?:注册|登记|设立|落户)(?:的)?|(?:省内|市内|区内|县内|本市|本省|本区|我市|我省|我区|本地)(?=\p{Script=Han}))/u;
/** A 、-list of actions ("落户、纳入…平台") is several statements; a list of nouns is one. */
export const STATEMENT_VERB = /^(?:促进|落户|纳入|进入|获得|取得|通过|设立|建立|拥有|具有|具备|开展|参与|应用|开发|完成|实现|列入|入选|被|上报|承担|帮助|建成)/;
/** What an award sentence's "对…的" may ask of the applicant: a category it holds or a step it took. */
export const CATEGORY = /^(?:被|经|已|首次|新)?(?:认定|评为|评定|入选|获得|获评|荣获|列入|纳入|进入|取得|通过|获批|上市|落户|应用|开发|开展)|不低于|不少于|达到|超过/;
/** A sentence about the procedure (材料, 初审, 审核, 公示…) states no condition of the applicant. */
export const PROCEDURE = /提交|材料|工作日|为准|^(?:初审|受理|实地审核|审核|审查|评审|公示|拨付|验收|程序|流程)/;
