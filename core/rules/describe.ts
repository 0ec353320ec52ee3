import { FACT_BY_KEY, type FactValue } from "../facts/registry.js";
import { formatYuan } from "./money.js";

/** How a fact's value reads in Chinese, in the unit its definition names. */

export const factLabel = (key: string): string => FACT_BY_KEY.get(key)?.label ?? key;

export function describeValue(key: string, value: FactValue | readonly string[]): string {
  if (Array.isArray(value)) return value.join("、");
  const def = FACT_BY_KEY.get(key);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "string") return value;
  switch (def?.type) {
    case "money":
      return formatYuan(value as number);
    case "usd":
      return formatYuan(value as number).replace(/元$/, "美元");
    case "percent":
      return `${value}%`;
    case "years":
      return `${value}年`;
    case "months":
      return `${value}个月`;
    default:
      return `${value}${def?.unit ?? ""}`;
  }
}

/** Chinese date as documents write it: 2025-12-31 → 2025年12月31日. */
export function cnDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
