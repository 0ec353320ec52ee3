/**
 * The grammar words of Chinese subsidy provisions: how a document says "pay",
 * "at most", "at least" and "in instalments". They are the language of the
 * genre, not the vocabulary of any one policy, and every pattern below is
 * bounded so compiling stays linear in the clause length.
 */

/** A provision pays something. */
export const REWARD = /奖励|补助|资助|补贴|贴息|配套|扶持|奖补|支持|资金|经费/;
/** What makes a money figure a ceiling, when it comes right before it. */
export const CAP_BEFORE = /(?:不超过|不高于|最高|最多|上限为?|封顶|不超)(?:补贴|奖励|补助|资助|给予|金额|额度|资金|为|可达|原则上|合计|共计|累计|总计|配套|支持|扶持)*(?:不超过)?$/;
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
export const LEAD_WORDS = /^(?:每(?:人次|人|家|个|项|户|年)|不超过|不高于|最高|第[一二三四五六七八九十百零]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、]|[.．、]|[①②③④⑤⑥⑦⑧⑨⑩]|[对凡按依经在就于为向]|对于|按照|按其|依据|根据|其中|其|给予|经认定的?|经批准的?|符合条件的|符合|鼓励|支持|并且|且|如|若|的|、|，|,)+/;
/** Words that close a fact phrase and say nothing about it. */
export const TAIL_WORDS = /(?:[(（]|的|在|达到|达|为|超过|突破|高于|大于|低于|不足|少于|不低于|不少于|满|增长|累计|按|给予|部分|之)+$/;
/** A provision with no figure on purpose. */
export const NO_FIGURE = /一事一议|择优(?:给予|予以)?(?:奖励|补助|资助|支持)|给予(?:适当|一定)(?:的)?(?:奖励|补助|资助|补贴|支持)/;
/** Modifiers the compiler reports but never computes (可上调10%, 再提高2个百分点). */
export const RATE_MODIFIER = /上调|上浮|再提高|提高\d|提高[一二三四五六七八九十]|再增加|增加\d+个百分点/;
/** Steps the compiler cannot compute as 每满 steps: 每超过1亿元, 每增加1人, 每新设一家, 每连续租满1年. */
export const STEP_WORDS = /每(?:超过|增加|新增|新设|多|连续)/;
/** Periods of payment. */
export const PERIOD_YEARS = /(?:补贴期限|补助期限|期限|最长不超过|最长|连续|期限为)\s*(\d+|[一二两三四五六七八九十])\s*年/;
/** Rates apply after conversion: 折合人民币. */
export const CONVERTED = /折合人民币|折算人民币/;
/** A base an award is measured by and capped at: 按其实际投入给予…不超过50万元 / 按实际发生费用给予. */
export const COST_NOUN = /(?:投入|费用|投资|支出|成本|价款|租金|费)(?:额|总额)?$/;
/** Whom a yearly cap is per, when it is not the applicant itself: 每个网点每年最多补贴3万元. */
export const APPLICANT_NOUN = /^(?:企业|单位|机构|项目|主体|申报主体|家|户|人|个人|法人)$/;
/** A one-off sum followed by a yearly one while in operation: 一次性补助5万元，每运营满1年再给予补助2万元. */
export const YEAR_ON_YEAR = /每(?:运营|经营|营业|使用|运行)?满\s*(?:1|一)\s*(?:个)?年/;
