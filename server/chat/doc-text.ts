/** Pieces of a sentence a one-line answer is made of: the span that answers, the time limit it states. Verbatim. */

/** Comma-separated parts of a sentence from the first one matching `re` to the end, trimmed: the part that answers. */
export function spanFrom(sentence: string, re: RegExp, max = 90): string {
  const parts = sentence.match(/[^，,]+[，,]?/g) ?? [sentence];
  const at = parts.findIndex((p) => re.test(p));
  let span = at >= 0 ? parts.slice(at).join("") : sentence;
  if (span.length > max) {
    const cut = (span.match(/[^，,]+[，,]?/g) ?? [span]).reduce((acc, p) => (acc.length + p.length <= max || !acc ? acc + p : acc), "");
    span = cut;
  }
  return span.replace(/^[（(][一二三四五六七八九十\d]{1,3}[)）]|^\d{1,2}[.．、]|^第[一二三四五六七八九十百零]+条\s*/, "").replace(/[，,；;。]$/, "").trim();
}

/** The comma-part of a sentence matching `re`, with its neighbour when it is short. */
export function partWith(sentence: string, re: RegExp): string {
  const parts = sentence.match(/[^，,]+[，,]?/g) ?? [sentence];
  const at = parts.findIndex((p) => re.test(p));
  if (at < 0) return spanFrom(sentence, /./);
  let s = parts[at];
  if (s.length < 12 && at > 0) s = parts[at - 1] + s;
  return s.replace(/^[（(][一二三四五六七八九十\d]{1,3}[)）]|^\d{1,2}[.．、]|^第[一二三四五六七八九十百零]+条\s*/, "").replace(/[，,；;。]$/, "").trim();
}

const TIME = [
  // A period ("建设期为3年", "为期两年").
  /(?:期|期限|周期|时限|为期)(?:为|是)?\s*(?:\d+|[一二两三四五六七八九十]+)\s*(?:年|个月)/,
  /(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:[至到—\-－~～]+\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)/,
  /(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:前|之前|以前|底前|止|截止)/,
  /(?:之日起|起|后)?\s*\d+\s*(?:个)?(?:工作日|日|天|个月)\s*(?:内|以内|之内)/,
  /\d+\s*[-－—~～至]\s*\d+\s*月份?/,
  /\d{4}\s*年\s*(?:\d{1,2}\s*月|[一二三四]季度|上半年|下半年|底)(?:\s*\d{1,2}\s*日)?/,
  /[一二三四]季度|上半年|下半年|每年\s*\d{1,2}\s*月/,
];

/** The time limit a sentence states; `dateOf` marks a date that describes something else ("专利申请日在…之前"). */
export function timeIn(sentence: string, dateOf?: RegExp): string | undefined {
  for (const re of TIME) {
    const m = re.exec(sentence);
    if (m && !dateOf?.test(sentence.slice(0, m.index))) return m[0].replace(/^(?:之日起|起|后)/, "").trim();
  }
  return undefined;
}

/** How much a time expression says about a time limit: a window or a "前/内" limit more than a bare date. */
export function timeStrength(sentence: string, dateOf?: RegExp): number {
  const time = timeIn(sentence, dateOf);
  if (!time) return 0;
  return /[至到—\-－~～]|前$|止$|截止$|内$/.test(time) ? 0.2 : 0.08;
}
