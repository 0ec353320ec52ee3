import type { Match } from "../lib/types.js";

/** Read aloud in about a minute: the operator's script, not a report. */
export const MAX_REPLY_CHARS = 300;
const MAX_POLICIES = 3;
const ORDINALS = ["一是", "二是", "三是"];
const CLOSING = "以上是按文件的初步测算，最终以主管部门审核为准。";

/** 《苏州市企业知识产权登峰行动计划》: the years in brackets are not said aloud. */
const shortTitle = (t: string): string => t.replace(/\s*[（(][^（）()]*[)）]\s*/g, "").trim() || t;

/** The amount as a sentence part; nothing when the rule does not name one (never a guessed figure). */
function amountPhrase(m: Match): string {
  const a = m.amount;
  const named = a && (a.yuan !== undefined || a.max !== undefined) && !/未规定/.test(a.text);
  if (m.status === "eligible") return named ? `可以申请，${a!.text}` : "可以申请，具体金额由主管部门核定";
  const need = (m.missingLabels?.length ? m.missingLabels : m.missing).slice(0, 2).join("、");
  return `${need ? `还要确认${need}等情况` : "还要补充一些情况"}${named ? `，符合的话标准是${a!.text}` : ""}`;
}

/** One note about dates at most: the nearest end of an in-force period. */
function expiryNote(ms: Match[], asOf: string): string {
  const ending = ms
    .filter((m) => m.validity?.validTo && m.validity.validTo >= asOf)
    .sort((a, b) => a.validity!.validTo!.localeCompare(b.validity!.validTo!))[0];
  if (!ending) return "";
  const [y, mo, d] = ending.validity!.validTo!.split("-").map(Number);
  return `提醒一下，${shortTitle(ending.docTitle)}有效期到${y}年${mo}月${d}日，请尽早申报。`;
}

const length = (s: string): number => [...s].length;

/**
 * The 答复口径: spoken Chinese an operator reads to the caller — at most three
 * policies, each with what it gives, no verbatim quotes, one date note at most,
 * never over MAX_REPLY_CHARS. `matches` come ranked (most relevant first) and
 * limited to rules aimed at the caller.
 */
export function replyText(matches: Match[], asOf = new Date().toISOString().slice(0, 10)): string {
  // A policy out of force is never offered, not even "for reference": the caller would hear an amount they cannot claim.
  const pool = matches.filter((m) => m.status === "eligible" || m.status === "needs_info");
  if (!pool.length) return `您好，按您说的情况，暂未核对出完全符合条件的政策。您可以再说说企业所在地、类型和具体项目，我再帮您查。${CLOSING}`;
  // Several rules of one clause (申报条件, 经费) are one policy to a caller: the first, best-ranked, speaks for it.
  const picked: Match[] = [];
  for (const m of pool) {
    if (picked.length >= MAX_POLICIES) break;
    if (!picked.some((p) => p.clauseId === m.clauseId)) picked.push(m);
  }
  for (let n = picked.length; n >= 1; n--) {
    const some = picked.slice(0, n);
    const items = some.map((m, i) => `${n > 1 ? ORDINALS[i] : ""}${shortTitle(m.docTitle)}的${spokenTitle(m)}，${amountPhrase(m)}`);
    const head = n > 1 ? `您好，按您说的情况，可以关注${n}项政策：` : "您好，按您说的情况，可以关注";
    const text = `${head}${items.join("；")}。${expiryNote(some, asOf)}${CLOSING}`;
    if (length(text) <= MAX_REPLY_CHARS) return text;
  }
  // Even one policy is too long (a long amount text): name it and leave the figures to the screen.
  const m = picked[0];
  const text = `您好，按您说的情况，可以关注${shortTitle(m.docTitle)}的${spokenTitle(m)}，具体标准我发短信给您。${CLOSING}`;
  return [...text].slice(0, MAX_REPLY_CHARS).join("");
}

/** A compiled rule may be titled with the document and article; the caller hears the article's own words. */
function spokenTitle(m: Match): string {
  const t = m.title.startsWith(m.docTitle) ? m.article : m.title;
  return t.replace(/[（(][^（）()]*[)）]/g, "").trim() || m.article;
}
