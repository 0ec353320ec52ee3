import { LEAD_WORDS, TAIL_WORDS } from "./words.js";

/**
 * The document's own name for a fact, cut from the words before its number:
 * "按不超过项目研发投入的" → "项目研发投入". Parenthesised asides ("（不含税，下同）")
 * and the grammar words around the phrase are dropped; what is left is the phrase.
 */
export function factPhrase(raw: string): string {
  // The words before a number may start inside an item's label ("(5)实缴注册资本" seen from "5)"):
  // a closing bracket with no opening one before it ends that label.
  let s = raw.replace(/^[^（(）)]*[)）]/, "").replace(/[（(][^（）()]{0,20}[)）]/g, "").replace(/[“”"'‘’《》【】\s]/g, "");
  // Only the last clause of the words before the number names it.
  s = s.split(/[，,；;。：:]/).at(-1) ?? "";
  // A table row's number ("2 购置费150万元-200万元") is not part of the name.
  s = s.replace(/^\d{1,2}(?=\p{Script=Han})/u, "");
  // "人民币30万元、50万元、实到外资额": a list of figures before the phrase is not part of it.
  s = s.replace(/^.*\d[^、]*、/, "");
  // "按其获得的创投基金投资额": what follows the last 的 of a long lead is the noun.
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(LEAD_WORDS, "").replace(TAIL_WORDS, "");
    s = s.replace(/^(?:不超过|不高于|最高|最多|实际|当年|上年度?|年度)?(?=.)/, (m) => (m === "实际" || m === "当年" || m === "上年" || m === "上年度" || m === "年度" ? m : ""));
    if (s === before) break;
  }
  if (s.length > 16) {
    const k = s.lastIndexOf("的");
    if (k >= 0 && s.length - k - 1 >= 2) s = s.slice(k + 1);
  }
  // Cut at a word boundary (、等与和及) rather than mid-word: "…大数据应用等信息技术融合产业发展类荣誉示范试点企业".
  if (s.length > 16) {
    const cuts = [...s.matchAll(/[、等与和及]/g)].map((m) => m.index + 1).filter((i) => s.length - i >= 2 && s.length - i <= 20);
    s = cuts.length ? s.slice(cuts[0]) : s.slice(-16);
  }
  return s;
}

/** A phrase is usable when it still names something (two characters of Han text at least). */
export const usable = (p: string): boolean => (p.match(/\p{Script=Han}/gu)?.length ?? 0) >= 2;
