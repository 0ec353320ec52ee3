import { parseChineseNumber } from "../../core/text/numbers.js";

/**
 * How an award is paid out, when the document says: 分三年按40%、30%、30%比例拨付;
 * 一次性拨付补助金额的80%，项目通过验收后，再拨付剩余的20%. Shares must add up to 100.
 */
export interface Payment {
  /** Where the payment wording starts, in the text given. */
  at: number;
  shares: { label: string; percent: number }[];
}

const LIST = /((?:\d+(?:\.\d+)?\s*[%％]\s*[、，,]\s*)+\d+(?:\.\d+)?\s*[%％])/;
const YEARS = /分\s*([一二两三四五六七八九十\d]+)\s*年/;
const TWO_STEP = /(?:一次性|先行?|首期|首次|预)?(?:预拨|拨付|兑现|发放|拨)[^，。；%％]{0,14}?(\d+(?:\.\d+)?)\s*[%％][^。]{0,40}?(?:再|剩余|余下|其余)[^，。；%％]{0,12}?(\d+(?:\.\d+)?)\s*[%％]/;

export function paymentOf(text: string): Payment | undefined {
  const list = LIST.exec(text);
  if (list && /拨付|发放|兑现|拨/.test(text.slice(list.index, list.index + list[0].length + 12) + text.slice(Math.max(0, list.index - 12), list.index))) {
    const shares = list[1].split(/[、，,]/).map((x) => Number(x.replace(/[%％\s]/g, "")));
    const years = YEARS.exec(text.slice(Math.max(0, list.index - 14), list.index + list[0].length + 14));
    const n = years ? parseChineseNumber(years[1]) : undefined;
    if (Math.abs(shares.reduce((a, b) => a + b, 0) - 100) < 1e-9 && (!n || n === shares.length)) {
      const from = Math.max(0, (years ? Math.min(list.index, text.lastIndexOf("分", list.index)) : list.index) - 0);
      return { at: startOfPart(text, from), shares: shares.map((percent, i) => ({ label: n ? `第${i + 1}年` : `第${i + 1}期`, percent })) };
    }
  }
  const two = TWO_STEP.exec(text);
  if (two) {
    const a = Number(two[1]);
    const b = Number(two[2]);
    if (Math.abs(a + b - 100) < 1e-9) return { at: startOfPart(text, two.index), shares: [{ label: "首次拨付", percent: a }, { label: "验收后拨付", percent: b }] };
  }
  return undefined;
}

/** Back to the start of the comma part, so the payment words are cut whole. */
function startOfPart(text: string, at: number): number {
  let i = at;
  while (i > 0 && !/[，,。；;]/.test(text[i - 1])) i--;
  return i;
}

/**
 * "投资专项奖励资金由投资基金企业及其管理企业按各50%的比例分享": the award above is shared between
 * payees. Told with the award, not computed: each payee's part is the share of the same amount.
 */
export function isShareSplit(sentence: string): boolean {
  if (/\d\s*(?:万|亿)?\s*元/.test(sentence)) return false;
  return /由[^。；;]{2,40}?(?:按|各按)[^。；;]{0,6}?\d+(?:\.\d+)?\s*[%％][^。；;]{0,8}?(?:分享|分配|共享|分成)/.test(sentence);
}
