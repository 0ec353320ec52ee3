import { z } from "zod";
import { normalizeSameLength } from "../../core/text/numbers.js";
import { expandPattern, readVocab, unboundedReason, VocabError } from "../../core/vocab.js";

/**
 * What a question asks for, by rules. Each intent has cue patterns; the
 * first intent in PRECEDENCE with a hit is the answer, the others come back
 * as secondary so a combined question ("要什么条件，最多能拿多少") loses nothing.
 */

export type Intent =
  | "which_subsidies"
  | "how_much"
  | "conditions"
  | "document_fact"
  | "validity"
  | "payer"
  | "procedure"
  | "out_of_scope"
  | "greeting";

export interface IntentResult {
  intent: Intent;
  /** Other intents the text also asks for, in precedence order. */
  secondary: Intent[];
  flags: {
    /** Asks for a ceiling ("最多", "最高", "上限"). */
    asksMaximum: boolean;
    /** Describes the asker's own enterprise ("我们", "我司", "本企业"). */
    selfReference: boolean;
    /** Phrased as a yes/no question ("能申报吗", "是否符合"). */
    yesNo: boolean;
    /** Plainly personal or unrelated ("个人所得税", "天气"): not a policy question whatever it asks. */
    offTopic: boolean;
  };
}

const GREETING = /^(?:你好|您好|嗨|哈喽|hello|hi|hey|在吗|在不在|早上好|上午好|下午好|晚上好|早|谢谢|多谢|感谢|再见|拜拜)(?:呀|啊|哈|你好)?[!！。.,，~～?？\s]*$/i;

/** Plainly personal or unrelated matters. */
const OFF_TOPIC = /个人所得税|个税|专项附加扣除|子女教育扣除|住房贷款利息|天气|气温|下雨|股票|基金净值|彩票|房价|买房|房贷|个人公积金|养老金|退休|离婚|结婚|恋爱|菜谱|做饭|电影|电视剧|笑话|讲个故事|星座|游戏攻略|翻译一下|写一首诗|高考|考研|签证|机票|火车票|景点|旅游攻略/;

/** Words that make a question about enterprise policy, whatever else it mentions; subject words come from corpus/vocab/topics.yaml. */
const GENERIC_POLICY = /补贴|补助|奖励|资助|扶持|奖补|政策|申报|申请|企业|公司|园区|项目|资金|财政|认定|培训|标准|意见|办法|方案|规划|通知/;

const SELF = /我们|我司|我公司|本公司|本企业|我单位|本单位|我方|我企|我们公司|咱们|我家/;

const PATTERNS: Record<Exclude<Intent, "greeting" | "out_of_scope">, RegExp> = {
  validity: /有效期|到期|过期|失效|还有效|是否有效|仍然有效|什么时候(?:开始)?(?:施行|实施|执行|生效)|何时(?:施行|实施|生效|到期)|施行(?:日期|时间)|实施期限|执行期限|截至哪|有效至|还能用吗|废止/,
  payer: /哪一?级(?:的)?财政|谁出钱|谁出(?:资|的)?[？?]?$|谁(?:来)?(?:付|给|出)|(?:市里|市级|市)还是(?:区里|区级|区|县里|县)|(?:市里|区里|县里|市级|区级|市财政|区财政|县财政)(?:出|承担|负担|给|拿)(?:多少|几成|什么比例|百分之几)|(?:区里|区|县里|县)还是(?:市里|市)|哪级政府|谁来出钱|谁(?:来)?承担|由谁(?:来)?(?:出|承担|支付|负担)|(?:市|区|县|省|中央|属地)财政(?:各)?(?:承担|负担|出)|资金(?:来源|由)|分担比例|承担比例|哪里出(?:钱|资)|钱从哪/,
  procedure: /(?:怎么|如何|怎样|去哪|在哪|到哪)(?:里)?(?:申报|申请|办理|提交|报送|领取|兑现|拨付|发放|认定|备案)|申报(?:流程|程序|步骤|材料|时间|入口|渠道|方式)|申请(?:流程|程序|步骤|材料|入口|方式)|(?:拨付|兑现|发放)(?:方式|流程|时间)?|(?:什么时候|何时|几号|哪天)(?:之前|前)?(?:报送|提交|申报|截止)|截止(?:时间|日期)|需要(?:准备|提交)(?:哪些|什么)(?:材料|资料)|找(?:哪个|什么)部门|哪个部门(?:负责|受理)|受理(?:部门|单位)|审核流程|公示/,
  document_fact: /目标(?:是)?(?:多少|什么)|(?:计划|力争|争取|预计)(?:到|在)?\d{0,4}年?(?:底)?(?:达到|实现|完成|建成|培育|新增)|(?:GDP|生产总值|地区生产总值)|中央财政(?:资金)?|每年(?:开展|举办|组织|培育|新增|认定|建设)(?:多少|几)|(?:累计|共|一共|总共)(?:培育|建成|认定|获得|引进|新增)(?:了)?(?:多少|几)|十四五|十三五|(?:完成|实现|获得|争取到|达到)了(?:多少|几)|规划(?:中|里)?(?:提出|要求)/,
  how_much: /(?:补贴|补助|奖励|资助|奖补|扶持|支持)(?:的)?(?:标准|比例|金额|资金|力度|额度)(?:是|为|有)?(?:什么|多少|如何|怎么算)|按(?:什么|多少|怎样的)(?:标准|比例)|比例是多少|(?:资金|金额)(?:是|有)多少|怎么算|多少钱|(?:能|可以|可)(?:拿|领|获得|得到|申请到|享受|补|奖)(?:到)?(?:多少|几)|补(?:贴|助)?多少|奖(?:励)?多少|资助多少|(?:多少|几)(?:万|元|钱)|多少(?:补贴|补助|奖励|资助|扶持|奖补|资金)|最多|最高|上限|封顶|额度|金额(?:是)?多少|给多少|一年(?:能|可以)?.{0,6}?多少|按(?:什么|多少)比例/,
  conditions: /适用于|适不适用|是否适用|能不能享受|条件|门槛|资格|要求(?:是什么|有哪些)?|符合|够不够|满足|能(?:不能)?申报|可以申报|能申请吗|能不能申请|可不可以申请|可以申请吗|有没有资格|能享受吗|可以享受吗|是否(?:可以|能够?)(?:享受|申报|申请)|算不算|属不属于|需要(?:是|具备|达到|有)/,
  which_subsidies: /哪几(?:类|种|项|个|档)|哪些(?:补贴|补助|奖励|政策|扶持|支持|项目|资金|优惠)|什么(?:补贴|补助|奖励|政策|扶持|支持|优惠)|有(?:没有|什么|啥)(?:补贴|政策|扶持|奖励|支持)|(?:能|可以)(?:享受|申请|申报|拿)(?:到)?(?:哪些|什么|啥)|适用(?:哪些|什么)|推荐(?:一下)?政策|有哪些|有什么/,
};

const PRECEDENCE: readonly Exclude<Intent, "greeting" | "out_of_scope">[] = ["validity", "payer", "procedure", "document_fact", "how_much", "conditions", "which_subsidies"];

/** A plain "how many" with nothing else asked is about the document's figures ("示范企业有多少家"). */
const WEAK_DOCUMENT = /(?:有|共有|一共有|总共有|分为?)?(?:多少|几)(?:家|个|项|件|类|档|种|个层次|批|亿|万)/;

/** Asking about the document, not about us: a document marker and no self-description or subsidy ask. */
function isDocumentQuestion(t: string): boolean {
  return PATTERNS.document_fact.test(t) && !SELF.test(t) && !/(?:能|可以)(?:拿|领|获得|得到|享受)|补贴|补助|奖励|资助/.test(t.replace(/中央财政(?:资金)?/g, ""));
}

/** Recent answers: understanding a chat asks this of the same turn two or three times. */
const recent = new Map<string, IntentResult>();

export function classifyIntent(text: string): IntentResult {
  const key = String(text ?? "");
  const hit = recent.get(key);
  if (hit) return hit;
  // Shared between callers: frozen, so none can change another's answer.
  const r = classify(key);
  Object.freeze(r.flags);
  Object.freeze(r.secondary);
  Object.freeze(r);
  if (recent.size >= 256) recent.delete(recent.keys().next().value!);
  recent.set(key, r);
  return r;
}

function classify(text: string): IntentResult {
  const t = normalizeSameLength(text).slice(0, 2000).trim();
  const flags = {
    asksMaximum: /最多|最高|上限|封顶|顶格|最大/.test(t),
    selfReference: SELF.test(t),
    yesNo: /吗[？?。！!\s]*$|[能可]不[能可]|是不是|是否|有没有|够不够|算不算/.test(t),
    offTopic: OFF_TOPIC.test(t) && !/企业|公司|补贴|政策/.test(t),
  };
  if (!t || GREETING.test(t)) return { intent: "greeting", secondary: [], flags };
  if (!topicVocab().policy.test(t) && (OFF_TOPIC.test(t) || !/[\u4e00-\u9fa5]/.test(t))) return { intent: "out_of_scope", secondary: [], flags };
  if (OFF_TOPIC.test(t) && !/企业|公司|补贴|政策/.test(t)) return { intent: "out_of_scope", secondary: [], flags };

  const hits = PRECEDENCE.filter((i) => (i === "document_fact" ? isDocumentQuestion(t) : PATTERNS[i].test(t)));
  if (hits.length === 0 && !SELF.test(t) && WEAK_DOCUMENT.test(t)) return { intent: "document_fact", secondary: [], flags };
  if (hits.length === 0) {
    // A bare description of the enterprise ("我们是杭州的电商企业") is asking what applies.
    const intent: Intent = topicVocab().policy.test(t) ? "which_subsidies" : "out_of_scope";
    return { intent, secondary: [], flags };
  }
  return { intent: hits[0], secondary: hits.slice(1), flags };
}

// ---------------------------------------------------------------------------

/** Canonical policy terms and the ways users say them (corpus/vocab/topics.yaml), read once. */
const TopicsFile = z
  .object({
    topics: z.array(z.object({ name: z.string().min(1), pattern: z.string().min(1), flags: z.enum(["i"]).optional() }).strict()),
    policyWords: z.array(z.string().min(1)),
  })
  .strict();

let vocab: { topics: readonly [string, RegExp][]; policy: RegExp } | undefined;
function topicVocab() {
  if (vocab) return vocab;
  const file = readVocab("topics.yaml", TopicsFile);
  const topics = file.topics.map((t): [string, RegExp] => {
    const src = expandPattern(t.pattern);
    const why = unboundedReason(src);
    if (why) throw new VocabError(`词表文件 corpus/vocab/topics.yaml：${t.name} 的模式可能无限回溯（${why}）`);
    return [t.name, new RegExp(src, t.flags ?? "")];
  });
  const words = file.policyWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return (vocab = { topics, policy: new RegExp(`${GENERIC_POLICY.source}${words ? `|${words}` : ""}`) });
}

/** Salient policy terms in the text, in order of first appearance. */
export function detectTopics(text: string): string[] {
  try {
    const t = normalizeSameLength(String(text ?? "")).slice(0, 20000);
    const found: { topic: string; at: number }[] = [];
    for (const [topic, re] of topicVocab().topics) {
      const m = re.exec(t);
      if (m) found.push({ topic, at: m.index });
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.topic);
  } catch {
    return [];
  }
}
