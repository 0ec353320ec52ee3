import type { FactType } from "./registry.js";

/**
 * Whether a fact's name and its follow-up question are what a person would write: a noun phrase
 * (a thing the applicant has, a figure it can state), not a stretch of a sentence cut around a
 * number ("予以", "三年", "年度实际减免金额给予不", "按申报单位申请…计算的利息"). Pure; the word
 * lists are the grammar words of the genre, not the vocabulary of any one policy.
 */

/** Verbs of granting and regulating: a fact the applicant states never contains them. */
export const GRANT_VERBS = /给予|予以|规定|奖补|遴选|拨付|发放|兑现|(?:奖励|补贴|资助|补助|扶持)(?!资金|金额|额|经费|期限|月数|年限|年数)/;
/** Words that point elsewhere in the sentence: the name is a fragment of it. */
export const FRAGMENT_WORDS = /分别|其中|上述|下列|如下|前述|相应的?$|之一|以下简称/;
/** A name never opens with a preposition, a conjunction or a particle. */
export const LEADING_FUNCTION = /^(?:[的和或及且在对于按以向由从将把之、，]|^并(?!购)|^其(?![他它余])|以上|以下|根据|依据|按照|对于|关于|经过|如果|凡是?)/u;
/** …nor ends with one, or with a word left hanging ("给予不", "各", "已", "首次"). */
export const TRAILING_FUNCTION = /(?:[的和或及并且在对于按以向由与各不给已之、，]|以上|以下|以内|首次|方面)$/u;
/** A policy's own action, never a fact of the applicant ("推进人才…便利化"). */
export const POLICY_ACTION = /^(?:推进|推动|实施|鼓励|支持|引导|加快|加强|深化|优化|完善|重点对|重点支持|建立健全)/;
/** A leading verb that leaves a noun phrase after it ("带动指定…年增收", "有与其…相适应的人员"). */
export const LEADING_VERB = /^(?:带动|设立(?!年限|时间)|推进|实施|有(?=与|关于)|拥有|具有|获得|取得)/;
/** Figures: digits, percent, or a Chinese numeral with its measure ("三年", "五个"), not an ordinal (第一年). */
export const FIGURE = /[0-9０-９%％‰]|(?<![第统唯上])[一二两三四五六七八九十百千]+(?:个|年|名|家|项|倍|万|亿|次|类)(?!性)/u;
/** A span of time or a rank that tells one fact from another is part of its name: 近3年平均增速, 排行榜Top10. */
export const NAMING_FIGURE = /(?:近|前|过去|最近|连续)\s*[\d一二两三四五六七八九十]+\s*(?:个)?(?:年|月)|[\d一二两三四五六七八九十]+\s*(?:个)?(?:年|月)内|Top\s*\d+|前\s*\d+\s*名/giu;
/** Money names end in a noun of money: what was paid, earned, invested or is worth. */
export const MONEY_HEAD =
  /(?:额|费|费用|金|资金|收入|投入|投资|资本|价|价格|价款|租|租金|房租|场租|利息|薪酬|薪金|工资|财力|贡献|贡献度|规模|经费|成本|增收|合同|款|税|税收|资产|支出|利润|产值|营收|收益|基金|报酬|购置|融资|增量|总值|保费|销售|额度|外资|外汇|同比|增长|增幅)$/;
/** Two-character nouns a person does say alone ("房租是多少？"). */
export const SHORT_NOUNS = /^(?:房租|租金|单价|利息|增速|级别|面积|长度|售价|房价|营收|利润|产值|税收)$/;
/** A name that is only the unit it counts ("户数", "年数", "人数", "面积"). */
export const UNIT_ONLY = /^(?:\p{Script=Han}数|人次数?|面积|长度|数量|金额|费用|年限|期限|人员|单价)$/u;
/** Brackets a cut left open ("以上(科研机构…"). */
const unbalanced = (s: string): boolean => (s.match(/[（(]/g)?.length ?? 0) !== (s.match(/[）)]/g)?.length ?? 0);

const han = (s: string): number => s.match(/\p{Script=Han}/gu)?.length ?? 0;
const numeric = (t: FactType): boolean => t !== "boolean" && t !== "text";

/** Why a fact's name is not a noun phrase a person would write, or undefined when it is. */
export function factNameProblem(name: string, type: FactType): string | undefined {
  const s = name.normalize("NFKC").trim();
  if (han(s) < 3 && !SHORT_NOUNS.test(s)) return "名称过短（不足三个汉字）";
  if (UNIT_ONLY.test(s) && !SHORT_NOUNS.test(s)) return "名称只有单位，没有名词";
  if (FIGURE.test(s.replace(NAMING_FIGURE, ""))) return "名称含数字";
  if (GRANT_VERBS.test(s)) return "名称含给予、奖励一类动词";
  if (FRAGMENT_WORDS.test(s)) return "名称含分别、其中、上述一类指代词";
  if (LEADING_FUNCTION.test(s)) return "名称以介词或虚词开头";
  if (TRAILING_FUNCTION.test(s)) return "名称以虚词或残词结尾";
  if (unbalanced(s)) return "名称括号不成对";
  if (POLICY_ACTION.test(s)) return "名称是政策措施，不是申请人的情况";
  if (numeric(type) && LEADING_VERB.test(s)) return "数量的名称以动词开头";
  if ((type === "money" || type === "usd") && !MONEY_HEAD.test(s)) return "金额的名称没有表示金额的中心词";
  if ((type === "money" || type === "usd") && han(s) > 12 && s.includes("的")) return "金额的名称是一个长从句，不是名词短语";
  return undefined;
}

/** Why a follow-up question is not a well-formed Chinese question with its unit, or undefined when it is. */
export function followUpProblem(question: string, type: FactType, unit?: string): string | undefined {
  if (!/？$/.test(question)) return "问题不以问号结尾";
  const unitOk: Record<FactType, RegExp> = {
    money: /（万元）？$/,
    usd: /（万美元）？$/,
    percent: /（%）？$/,
    count: new RegExp(`有多少${unit ?? "\\p{Script=Han}+"}？$`, "u"),
    years: /几年？$/,
    months: /几个月？$/,
    text: /属于哪一类（[^）]+）？$/,
    boolean: /^贵单位是否/,
  };
  if (!unitOk[type].test(question)) return numeric(type) ? "数量的问题没有单位" : "问题的句式不对";
  // The name inside the question: what comes before its question words.
  const name = question
    .replace(/^贵单位是否(?:属于)?/, "")
    .replace(/(?:是多少（[^）]*）|有多少\p{Script=Han}*|是几年|是几个月|属于哪一类（[^）]*）)?？$/u, "")
    .replace(/[“”]/g, "");
  // A span or a rank that names the statement (一年内, 前三年内, Top10) is not a stray figure, as in a name.
  return type === "boolean" ? (GRANT_VERBS.test(name) || FRAGMENT_WORDS.test(name) || FIGURE.test(name.replace(NAMING_FIGURE, "")) ? "问题含句子残片" : undefined) : factNameProblem(name, type);
}
