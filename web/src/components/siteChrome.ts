import { h } from "../lib/dom.js";

/** Validity of an indexed document, as the list on the chat page shows it. */
export interface PolicySummary {
  id?: string;
  docId?: string;
  title: string;
  docNumber?: string;
  validTo?: string;
  inForce?: boolean;
}

/** The server may wrap the list under any key; take the first array of titled objects. */
export function policiesFrom(body: unknown): PolicySummary[] {
  if (Array.isArray(body)) return body.filter((p): p is PolicySummary => typeof p?.title === "string");
  if (body && typeof body === "object") {
    for (const v of Object.values(body)) if (Array.isArray(v)) return policiesFrom(v);
  }
  return [];
}

export function policyList(policies: PolicySummary[]): HTMLElement {
  const today = new Date().toISOString().slice(0, 10);
  return h(
    "ul",
    { class: "policy-list" },
    policies.map((p) => {
      const inForce = p.inForce ?? (p.validTo ? today <= p.validTo : undefined);
      return h(
        "li",
        null,
        h("span", { class: "policy-title" }, `《${p.title}》`),
        h(
          "span",
          { class: "policy-meta" },
          p.docNumber,
          inForce !== undefined && h("span", { class: `badge badge--${inForce ? "eligible" : "ineligible"}` }, inForce ? "现行有效" : "已失效"),
        ),
      );
    }),
  );
}
