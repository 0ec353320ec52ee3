/**
 * The year the asker's own case happens in ("今年（2026年）刚落户", "2022年能申报吗"), so a policy
 * that no longer (or not yet) covers that year is not promised. A year that dates something else
 * ("申请日在2016年2月之前", "2024年完成GDP") is not the case's: a month after it, or no word of
 * arriving, applying or qualifying right after it, leaves the year unsaid.
 */
const THIS_YEAR = /今年(?:[（(]\s*(\d{4})\s*年?\s*[)）])?/;
const STATED = /(?<![至到~—-]\s*)(\d{4})\s*年(?!\s*\d{1,2}\s*月|[底末初前后以内度]|[至到~—-])(?=[^，。；？！,.;?!]{0,4}?(?:刚|新|才|能|可以|可否|可不可以|还能|申请|申报|落户|迁入|入驻|成立|注册|设立|纳入|认定|获得|获批))/;

export function caseYear(text: string, asOf: string): number | undefined {
  const n = text.normalize("NFKC");
  const stated = n.match(STATED);
  if (stated) return Number(stated[1]);
  const now = n.match(THIS_YEAR);
  if (now) return now[1] ? Number(now[1]) : Number(asOf.slice(0, 4));
  return undefined;
}
