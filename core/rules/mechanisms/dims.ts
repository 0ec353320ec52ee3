import { FACT_BY_KEY, isCompiledKey, type FactType } from "../../facts/registry.js";

function typeFromKey(key: string): FactType {
  const unit = key.slice(key.lastIndexOf(":") + 1);
  return unit === "元" ? "money" : unit === "美元" ? "usd" : unit === "%" ? "percent" : unit === "是否" ? "boolean" : unit === "类别" ? "text" : "count";
}
import type { Dimension } from "../quantities.js";

/** The dimension a fact's numbers are written in, for provenance. */
export function dimOfFact(key: string): Dimension {
  // A compiled key carries its unit ("c:融资总额:元"), so it is known before the index registers it.
  const t = FACT_BY_KEY.get(key)?.type ?? (isCompiledKey(key) ? typeFromKey(key) : undefined);
  return t === "money" ? "money" : t === "usd" ? "usd" : t === "percent" ? "percent" : "count";
}
