import type { Clause } from "../../core/corpus/schema.js";
import { cnDate } from "../../core/rules/describe.js";
import { stripWhitespace } from "../../core/text/whitespace.js";
import { bullets } from "./compose.js";
import { docNotices, type DocTurn } from "./doc-turn.js";
import type { AnswerBody } from "./schema.js";
import { askedDoc } from "./validity-answer.js";

/**
 * "哪个部门印发的？": the issuer ingest read from the document's head, sign-off or interpretation
 * clause, with its number and date. The citation is the first clause that names the issuer,
 * verbatim; a document whose issuer was not read gets the sentence answer instead.
 */
export function issuerAnswer(t: DocTurn): AnswerBody | undefined {
  const doc = askedDoc(t, ["issuer"]);
  if (!doc?.issuer) return undefined;
  const issuers = doc.issuer.split("、");
  const clauses = t.s.index.clausesOf(doc.id);
  const cited: { clause: Clause; quote: string }[] = [];
  for (const name of issuers) {
    const want = stripWhitespace(name);
    const c = clauses.find((x) => stripWhitespace(x.text).includes(want));
    // Quote the name as the clause writes it (the clause may break it with spaces).
    if (c && c.text.includes(name)) cited.push({ clause: c, quote: name });
  }
  const marks = cited.map((x) => t.cites.mark(x.clause.id, x.quote)).join("");
  const extra = [doc.docNumber ? `文号${doc.docNumber}` : "", doc.published ? `${cnDate(doc.published)}发布` : ""].filter(Boolean).join("，");
  const lines = [`**《${doc.title}》由${doc.issuer}印发${extra ? `（${extra}）` : ""}。**${marks}`];
  const notices = docNotices(t, [doc.id]);
  if (notices.length) lines.push("", ...bullets("提示", notices));
  return { answer: lines.join("\n"), found: true, citations: t.cites.all(), matches: [], followUps: [], notices, questionType: "issuer" };
}
