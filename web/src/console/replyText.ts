import { sortMatches } from "../components/status.js";
import type { Match } from "../lib/types.js";

const source = (m: Match): string => `《${m.docTitle}》${m.article}`;

/**
 * The reply an operator reads out or sends by SMS: what can be claimed and
 * how much, what is still needed, and where each point is written.
 */
export function replyText(matches: Match[], notices: string[] = []): string {
  const sorted = sortMatches(matches);
  const eligible = sorted.filter((m) => m.status === "eligible");
  const pending = sorted.filter((m) => m.status === "needs_info");
  const lines: string[] = ["您好，根据您提供的企业情况，初步核对结果如下："];
  if (eligible.length) {
    lines.push(`一、符合条件的政策（${eligible.length}项）`);
    eligible.forEach((m, i) => {
      const amount = m.amount ? `：${m.amount.text}${m.amount.basis ? `（${m.amount.basis}）` : ""}` : "";
      lines.push(`${i + 1}. ${source(m)}${amount}。依据原文：“${m.quote}”`);
    });
  } else {
    lines.push("一、暂未核对出完全符合条件的政策。");
  }
  if (pending.length) {
    lines.push(`二、还需补充信息的政策（${pending.length}项）`);
    pending.slice(0, 5).forEach((m, i) => {
      const need = (m.missingLabels?.length ? m.missingLabels : (m.missing ?? [])).join("、");
      lines.push(`${i + 1}. ${source(m)}${need ? `，需确认：${need}` : ""}`);
    });
    if (pending.length > 5) lines.push(`（另有${pending.length - 5}项，补充信息后可再核对）`);
  }
  for (const n of notices) lines.push(`提示：${n}`);
  lines.push("以上为按政策原文的初步测算，最终以主管部门审核为准。");
  return lines.join("\n");
}
