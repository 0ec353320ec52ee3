import { parseChineseNumber } from "../../core/text/numbers.js";
import { keyOf, type FactSpec } from "./facts.js";
import type { Draft } from "./recognise.js";

/**
 * A sentence that only limits how many units the per-unit awards before it pay:
 * "同一个人（指自然人）同一年度国内发明专利申请和授权资助分别不超过5件" / "每家企业每年资助专利不超过10件".
 * Pure. A limit for every applicant is computed (maxUnits); one for natural persons only binds
 * when the applicant says it is one (maxUnitsFor a yes/no fact), and is told as well, since an
 * enterprise applying is not bound by it.
 */
export interface CountLimit {
  max: number;
  measure: string;
  /** 个人/自然人 only. */
  personal: boolean;
  /** 分别: each award has the limit, not their sum. */
  each: boolean;
}

const LIMIT = /(?:不超过|不多于|最多(?:资助|奖励|补助|补贴)?|以)\s*(\d+|[一二两三四五六七八九十]+)\s*(件|项|个|台|套|人|次|篇)(?:为限)?/;
const SCOPE = /^(?:[（(][^）)]*[）)])?\s*(?:同一|每个|每家|每一|单个|每年|每位|每名)/;

export function countLimitOf(sentence: string): CountLimit | undefined {
  if (/\d\s*(?:万|亿)?\s*(?:元|%|‰)|[一二三四五六七八九十百千]+\s*(?:万|亿)?元/.test(sentence)) return undefined;
  if (!SCOPE.test(sentence) || !/资助|奖励|补助|补贴|支持/.test(sentence)) return undefined;
  const m = LIMIT.exec(sentence);
  if (!m) return undefined;
  const max = parseChineseNumber(m[1]);
  if (!max || !Number.isInteger(max) || max <= 0) return undefined;
  const scope = sentence.slice(0, m.index);
  return { max, measure: m[2], personal: /个人|自然人/.test(scope) && !/单位|企业|机构/.test(scope), each: /分别|各/.test(scope) };
}

/**
 * Applies the limit to the per-unit drafts right before it that count in its measure. Returns
 * false (nothing changed) when there are none, or when several share one unstated joint limit.
 */
export function applyCountLimit(drafts: Draft[], limit: CountLimit, sentence: string, end: number): boolean {
  const open: Draft[] = [];
  for (let i = drafts.length - 1; i >= 0; i--) {
    const a = drafts[i].amount;
    if (a.kind !== "perUnit" || a.unit !== limit.measure || a.maxUnits !== undefined) break;
    open.push(drafts[i]);
  }
  if (!open.length || (open.length > 1 && !limit.each)) return false;
  // The document's own word for whom the limit binds (同一个人（指自然人）).
  const person: FactSpec = { phrase: "自然人", type: "boolean" };
  for (const d of open) {
    d.amount = { ...(d.amount as Extract<Draft["amount"], { kind: "perUnit" }>), maxUnits: limit.max, ...(limit.personal ? { maxUnitsFor: keyOf(person) } : {}) };
    d.span = { start: d.span.start, end };
    if (limit.personal) {
      d.notes = [...(d.notes ?? []), sentence];
      if (!d.facts.some((f) => keyOf(f) === keyOf(person))) d.facts.push(person);
    }
  }
  return true;
}
