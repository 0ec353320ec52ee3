import { classifyIntent } from "../nlu/intent.js";
import type { QuestionType } from "../nlu/question-types.js";
import { formatFen, percentOf, yuanToFen } from "../../core/rules/money.js";
import { findQuantities } from "../../core/text/numbers.js";
import { facet, type Candidate } from "./doc-sentences.js";
import { partWith, spanFrom, timeIn } from "./doc-text.js";
import type { DocTurn } from "./doc-turn.js";
import { terms } from "../../core/text/tokenize.js";

/** The one-line answer of each document question type (是/否/后果/时间/上限…, with the date or number). */

export interface Lead {
  text: string;
  /** Sub-items to list after the quote (materials, steps, cases). */
  list?: boolean;
}

/**
 * Whether the words saying 是/否 in a span speak of what is asked: just after them ("全面取消…申请资助",
 * "不再受理") stands a word of the question. "批准…终止等重大事项" says 终止 of nothing asked.
 */
function asksAbout(t: DocTurn, span: string, polar: RegExp | undefined): boolean {
  if (!polar) return false;
  const m = new RegExp(polar.source, polar.flags.replace("g", "")).exec(span);
  if (!m) return false;
  const after = span.slice(m.index, m.index + m[0].length + 24);
  const places = new Set(t.u.regions.map((r) => r.name));
  return terms(t.u.question).some((x) => x.length >= 2 && /^\p{Script=Han}+$/u.test(x) && !places.has(x) && !/^(?:现在|目前|还有|还给|还会|还能|以后|今后|可以|能够|是否)$/.test(x) && after.includes(x));
}

/** The one-line answer for a type, from the chosen sentence. Everything quoted in it is verbatim from the sentence. */
export function leadFor(t: DocTurn, qt: QuestionType, c: Candidate): Lead | undefined {
  const s = c.sentence;
  const introducesList = /[：:]$|以下|如下|下列/.test(s.trim()) && c.clause.childIds.length > 0;
  switch (qt.id) {
    case "consequence":
      return { text: `后果：${spanFrom(s, qt.cue)}。`, list: introducesList };
    case "stacking": {
      const no = qt.no?.test(s);
      const yes = qt.yes?.test(s);
      const span = spanFrom(s, qt.cue);
      if (yes && !no) return { text: `可以叠加：${span}。` };
      if (no) return { text: `${classifyIntent(t.u.question).flags.yesNo ? "否，" : ""}不能重复享受：${span}。` };
      return { text: `文件规定：${span}。` };
    }
    case "exists": {
      const span = spanFrom(s, qt.cue);
      // 是/否 only when the words that say so speak of what is asked: "取消…资格" answers no question about an award.
      const no = asksAbout(t, span, qt.no);
      const yes = asksAbout(t, span, qt.yes);
      if (no && !yes) return { text: `否，${span}。` };
      if (yes) return { text: `是，${span}。` };
      return { text: `文件规定：${span}。` };
    }
    case "deadline": {
      const time = timeIn(s, qt.dateOf);
      if (!time) return { text: `时间要求：${spanFrom(s, qt.cue)}。` };
      const kind = /内$/.test(time) ? "期限" : /(?:前|之前|以前|底前|止|截止)$/.test(time) ? "截止时间" : "时间";
      return { text: `${kind}：${time}。` };
    }
    case "payer":
      return { text: `资金来源：${partWith(s, qt.cue)}。` };
    case "definition": {
      const m = /[^，,。；;：:]{0,40}?(?:是指|所称|指)/.exec(s);
      return { text: `定义：${spanFrom(s.slice(m ? m.index : 0), /./, 120)}。` };
    }
    case "limit":
      return { text: `上限：${partWith(s, qt.cue)}。` };
    case "procedure": {
      const list = introducesList || c.clause.childIds.length >= 2;
      const contact = facet(qt, "contact", t.u.question);
      const where = contact || facet(qt, "office", t.u.question) || facet(qt, "who", t.u.question);
      const materials = !where && facet(qt, "materials", t.u.question);
      const label = materials ? "需要提交" : contact ? "联系方式" : facet(qt, "office", t.u.question) ? "办理部门" : where ? "负责" : "程序";
      if (list) {
        // Sub-items titled as steps ("(一)组织申报。(二)评审立项。") are the procedure in one line.
        const items = c.clause.childIds.map((id) => t.s.retriever.clause(id)?.text ?? "");
        const steps = items.map((x) => /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、])\s*([^。；;：:，,]{2,10})[。：:]/.exec(x)?.[1]);
        if (!materials && steps.length >= 2 && steps.every(Boolean)) return { text: `${label}：${steps.join("→")}。`, list };
        if (materials && introducesList) return { text: `${label}以下${items.length}项材料：`, list };
      }
      return { text: `${label}：${spanFrom(s, qt.cue, 120)}${/[：:]$/.test(s.trim()) ? "" : "。"}`, list };
    }
    case "ratio":
      return ratioLead(t, s);
    case "interpret":
      return { text: `解释部门：${partWith(s, qt.cue)}。` };
    case "issuer":
      return { text: `印发：${partWith(s, qt.cue)}。` };
    default:
      return undefined;
  }
}

/**
 * "政府投入100万元，企业投入不少于200%" asked with 100万元: 100万元 × 200% = 至少200万元.
 * The base is the asker's own figure, the rate the sentence's; nothing else is computed.
 */
function ratioLead(t: DocTurn, sentence: string): Lead | undefined {
  const money = findQuantities(t.u.question).filter((x) => x.unit === "yuan" && !x.perUnit);
  const rate = findQuantities(sentence).find((x) => x.unit === "percent");
  if (money.length !== 1 || !rate) return undefined;
  const base = money[0];
  const bound = /(?:不超过|不高于|最多|至多)[^，,。；]{0,30}$/.test(sentence.slice(0, rate.start)) ? "至多" : "至少";
  const result = formatFen(percentOf(yuanToFen(base.value), rate.value));
  return { text: `${bound}${result}（${formatFen(yuanToFen(base.value))} × ${rate.raw.replace(/\s/g, "")}）。` };
}
