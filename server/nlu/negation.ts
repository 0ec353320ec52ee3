/**
 * Polarity of a statement around a matched term. Chinese negates before the
 * verb ("还没纳入", "不是高企", "未设立") and sometimes after the term
 * ("联网直报还没纳入"); a question ("是否", "是不是", "有没有") states nothing.
 */

export type Polarity = "affirmed" | "negated" | "asked";

/** Verbs that may sit between a negator and the term: "没有[纳入]联网直报", "不[属于]高企". */
const VERB = "(?:被|进|进入|上|加入|纳入|在|是|属于|获得|取得|通过|认定为?|评为|评上|为|成为|拿到|建立|设立|建|设|有|参与|参加|做|开展|办|举办|落户|入选|申请|拥有|开设|运营|经营)?";
const NEGATOR = "(?:不是|不属于|不算|并非|并不是|没有|没|未曾|未|尚未|还未|还没有|还没|暂未|暂时没有|仍未|从未|从来没有|无|不)";
// Two verb slots: "还没有[被][认定为]高新技术企业".
const BEFORE = new RegExp(`${NEGATOR}(?:再|曾|过)?${VERB}${VERB}(?:过|了)?(?:一家|一个|一所)?$`);
const QUESTION_BEFORE = /(?:是否|是不是|有没有|能否|可否|算不算|属不属于|要不要|需不需要|需要|必须|要求|应当|得是|如何|怎么|怎样|哪些)(?:为|是|有|已|已经|被)?(?:纳入|属于|认定为?)?$/;
const AFTER = /^(?:还|也|都|尚|暂|仍)?(?:不是|没有|没|未|不算|不属于)/;
const QUESTION_AFTER = /^(?:吗|么|嘛|没有?[？?]|不[？?]|与否)/;

/**
 * `before` is the clause text up to the term, `after` the clause text after
 * it. Only the few characters next to the term count, so "没有送餐人员感染，
 * 已纳入联网直报" keeps the 纳入 affirmed.
 */
export function polarity(before: string, after: string): Polarity {
  const b = before.slice(-8);
  const a = after.slice(0, 6);
  if (QUESTION_BEFORE.test(b) || QUESTION_AFTER.test(a)) return "asked";
  const negBefore = BEFORE.test(b) && !/(?:不是没有|并非没有|不是不)$/.test(b);
  const negAfter = AFTER.test(a);
  return negBefore !== negAfter ? "negated" : "affirmed";
}
