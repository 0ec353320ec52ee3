/** Money as Chinese readers expect it: 200万元, 5.25万元, 500元. */
export function formatYuan(yuan: number): string {
  if (!Number.isFinite(yuan)) return "";
  if (Math.abs(yuan) >= 1e8) return `${trim(yuan / 1e8)}亿元`;
  if (Math.abs(yuan) >= 1e4) return `${trim(yuan / 1e4)}万元`;
  return `${trim(yuan)}元`;
}

const trim = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Operators type money in 万元 (that is how policies and callers speak);
 * "1000", "1000万", "1,000万元", "0.5亿", "3000元" all parse. Returns yuan.
 */
export function parseMoneyWan(input: string): number | undefined {
  const s = input.replace(/[,，\s]/g, "");
  const m = /^(\d+(?:\.\d+)?)(亿元?|万元?|元)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? "万";
  const factor = unit.startsWith("亿") ? 1e8 : unit.startsWith("万") ? 1e4 : 1;
  return Math.round(n * factor * 100) / 100;
}

/** Yuan back to the 万元 number shown in a form field. */
export const yuanToWan = (yuan: number): string => trim(yuan / 1e4);
