import { classifyQuestion, type QuestionType, type QuestionVocab } from "../nlu/question-types.js";
import type { DocMeta } from "../../core/corpus/schema.js";
import type { Profile } from "../../core/facts/registry.js";
import type { ChatRequest } from "../http/schemas.js";
import { evaluateAll } from "../../core/rules/engine.js";
import { isOutOfForce, type Match } from "../../core/rules/match.js";
import type { Rule } from "../../core/rules/schema.js";
import type { SearchHit } from "../retrieval/search.js";
import type { Services } from "../services.js";
import { Citations } from "./citations.js";
import { bullets, headline, matchSection, totalOf } from "./compose.js";
import { docNotices, documentAnswer, validityAnswer } from "./doc-answer.js";
import { periodLines, periodMarks } from "./validity-answer.js";
import { caseYear } from "../nlu/case-year.js";
import { foldPrerequisites } from "./programmes.js";
import { bestSentence, contentTerms, coverage } from "./relevance.js";
import { docRoute } from "./question-type.js";
import type { ChatResponse } from "./schema.js";
import { expandProgrammes, isSupporting, pickRules, readsOwnWords, scoreRules } from "./select.js";
import { askedFactsOf, understand, type Understanding } from "./understand.js";
import { candidateRules, compiledFactsOf, readTogether, rulePool, rulesOfClause } from "./candidates.js";
import { bindFacts } from "../nlu/bind.js";
import { messages } from "./messages.js";
import type { DocTurn } from "./doc-turn.js";
import { overlaps } from "../../core/places/contain.js";
import { askedTopic, guide, guideText, isVague } from "./guide.js";
import { thresholds } from "../answer/thresholds.js";
import { isCompound, splitAsks, type SplitMessage } from "../answer/asks.js";

const SHOWN = 3;

/** A turn of chat reads what a document answer reads. */
type Turn = DocTurn;

export async function respond(req: ChatRequest, s: Services): Promise<ChatResponse> {
  const r = await answer(req, s);
  // Conversation state is explicit: the facts the follow-ups ask for come back structured, for the next turn.
  return { ...r, askedFacts: askedFactsOf(r.followUps) };
}

async function answer(req: ChatRequest, s: Services, shared?: Citations): Promise<ChatResponse> {
  const asOf = req.asOf ?? s.today();
  const u = understand(req.messages, req.profile ?? {}, s.questionVocab);
  // The parts of a compound question share one numbering of citations.
  const cites = shared ?? new Citations((id) => s.retriever.clause(id), (id) => s.retriever.doc(id));
  let scope = scopeFor(s.index.docs, u);
  const base = { profile: u.profile, intent: u.intent, asOf };

  if (u.intent === "greeting" && !u.question.replace(/[\p{P}\s]/gu, "").slice(6)) return { ...base, ...greeting(s) };
  // A question naming two places is not refused for the first: another named place with documents is the asker's.
  if (u.region && !hasLocalDocs(s.index.docs, scope)) {
    const other = u.regions.map((r) => scopeFor(s.index.docs, { ...u, region: r })).find((sc) => hasLocalDocs(s.index.docs, sc));
    if (!other) return { ...base, ...notFound(s, `目前收录的政策文件中没有${u.region.name}的地方政策`) };
    scope = other;
  }

  const hits = await s.retriever.search(u.searchText, 8, { docIds: scope });
  bindCandidates(u, s.index.rules, hits);
  const t: Turn = { s, u, asOf, cites, scope, hits };
  // A bare reply ("2亿元") is about the question it answers.
  const qTerms = contentTerms(u.searchText, regionWords(u));
  const best = Math.max(0, ...hits.slice(0, 3).map((h) => coverage(s.index.bm25, qTerms, s.retriever.clause(h.clauseId)?.text ?? h.text)));
  const scored = scoreRules(rulePool(s.index.rules, hits, u.conversationText), u.conversationText, hits, u.stated, u.profile, (id) => scope.has(id), s.index.rules);
  const picked = pickRules(scored.filter((x) => !isSupporting(x.rule)));

  // "能拿多少？现在还有效吗？": the amount and each question about the document, in the order asked.
  const split = shared ? undefined : splitAsks(u.question, s.questionVocab);
  if (split && isCompound(split) && split.asks.every((a) => a.kind === "amount" || !["payer", "ratio"].includes(a.type.id))) {
    const compound = await compoundAnswer(req, t, split);
    if (compound) return { ...base, ...compound };
  }
  // Who pays is a provision of its own; its wording ("市里还是区里") rarely overlaps the clause's.
  if (u.intent === "payer") {
    const payer = payerAnswer(t, scored);
    if (payer) return { ...base, ...(u.questionType ? { questionType: u.questionType.id } : {}), ...payer };
  }
  // The classifier's "out of scope" is only a hint: a question about a named document's contents
  // ("火炬高新区社会消费品零售总额增长多少") has no policy words but is answered by the document.
  const namesDoc = [...s.retriever.namedDocs(u.question).keys()].some((id) => scope.has(id));
  // A document question ("…不合格怎么办") need not say a policy word; it answers only from a relevant clause.
  const offTopic = u.intent === "out_of_scope" && !(namesDoc && best >= thresholds.namedDocCoverage) && !u.questionType;
  // A question about what a document says is answered from the document, unless it also asks an amount a rule computes.
  const qt = u.questionType;
  const parts = qt && !offTopic ? askedParts(u.question, s.questionVocab) : [];
  if (parts.length > 1) {
    // Each part finds its own clauses: the interpretation article is not what the validity words retrieve.
    const answers: Body[] = [];
    for (const p of parts) {
      const partHits = await s.retriever.search(p.text, 8, { docIds: scope });
      const a = documentAnswer({ ...t, u: { ...u, question: p.text, searchText: p.text }, hits: partHits }, p.type, (why) => notFound(s, why));
      if (a?.found) answers.push(a);
    }
    if (answers.length > 1) return { ...base, ...answers.reduce(joinAnswers) };
  }
  if (qt && !offTopic) {
    const route = docRoute(qt, u.question, picked, s.questionVocab);
    const payer = route === "payer" ? payerAnswer(t, scored) : undefined;
    if (payer) return { ...base, questionType: qt.id, ...payer };
    const doc = documentAnswer(t, qt, (why) => notFound(s, why));
    if (doc && route === "rules-then-doc" && doc.found) return { ...base, ...joinAnswers(rulesAnswer(t, expandProgrammes(picked, scored, "how_much")), doc) };
    if (doc) return { ...base, ...doc };
  }
  // A word of the question no document uses ("安家费") is a subject the corpus lacks: a rule its other words
  // happen to name ("引进") does not answer it unless the asker's figures bind that rule.
  const absent = qTerms.some((x) => x.length >= 2 && /^\p{Script=Han}+$/u.test(x) && !s.index.bm25.has(x));
  const unnamed = picked.every((p) => p.signals.facts.length === 0 && (absent || (p.signals.keywords.length === 0 && (p.signals.lead ?? 0) < thresholds.ruleLead)));
  if (offTopic || (best < thresholds.minCoverage && unnamed)) {
    // "我是苏州的企业，有什么政策？" names no subject: list what the place has and ask one question back.
    if (isVague(u.question, regionWords(u), s.questionVocab)) {
      const g = guide(s.index.docs, s.index.rules, scope, u.profile, s.engineContext(asOf), asOf);
      if (g.lines.length) return { ...base, answer: guideText(g, u.region?.name), found: true, citations: [], matches: [], followUps: g.question ? [g.question.text] : [], notices: [] };
    }
    const topic = askedTopic(u.question, regionWords(u), s.questionVocab);
    return { ...base, ...notFound(s, topic ? `收录的政策文件中没有关于“${topic}”的规定` : "收录的政策文件中没有与您的问题相关的规定", nearestTopics(t)) };
  }
  if (u.intent === "out_of_scope") return { ...base, intent: "document_fact", ...factAnswer(t, qTerms) };
  if (u.intent === "validity") return { ...base, ...(validityAnswer(t, "validity") ?? factAnswer(t, qTerms)) };
  // Procedure and document questions ("怎么拨付", "什么时候之前报送") are answered by the sentence that says so.
  // "落户奖励是多少" reads like a question about the text, but a rule computes its answer from the stated figures.
  const figure = (p: (typeof picked)[number]) => readsOwnWords(p.rule) && !["qualification", "unspecified"].includes(p.rule.amount.kind);
  const asksFigure = /多少|几|金额|额度|标准/.test(u.question);
  const computes = picked.some((p) => figure(p) && (p.signals.facts.length > 0 || (asksFigure && (p.signals.lead ?? 0) >= thresholds.ruleLead && p.signals.retrieval >= 0.5)));
  const wantsRules = ["which_subsidies", "how_much", "conditions", "statement"].includes(u.intent) || (computes && ["document_fact", "procedure"].includes(u.intent));
  if (picked.length && wantsRules) return { ...base, ...rulesAnswer(t, expandProgrammes(picked, scored, u.intent)) };
  return { ...base, ...factAnswer(t, qTerms) };
}

type Body = Omit<ChatResponse, "profile" | "intent" | "asOf">;

/** The retrieved clauses' rules say which facts the conversation's numbers may be; bind them by the rules' phrases. */
function bindCandidates(u: Understanding, rules: readonly Rule[], hits: readonly SearchHit[]): void {
  const cands = candidateRules(rules, hits);
  const defs = compiledFactsOf(cands);
  if (!defs.length) return;
  const bound = bindFacts(defs, u.turns, undefined, u.expectByTurn, readTogether(cands));
  // What the asker typed into the facts panel, or the hand-written extractor read, wins, unless the
  // asker said the fact again in a later turn: the later figure replaces the earlier one.
  for (const b of bound) {
    const said = u.statedTurn.get(b.key);
    if (u.profile[b.key] === undefined || (said !== undefined && said < b.turn)) u.profile[b.key] = b.value;
    u.stated.add(b.key);
  }
}

function regionWords(u: Understanding): string[] {
  return u.regions.flatMap((r) => [r.name, r.name.replace(/(省|市|区|县)$/, "")]);
}

/**
 * A document covers a region when it is national or its own region contains or is contained by it. A
 * document whose region is unknown covers every place its known part does not exclude: a question is
 * never refused for a place because a document did not say where it applies.
 */
function covers(doc: DocMeta, r: NonNullable<Understanding["region"]>): boolean {
  if (doc.region.level === "national") return true;
  return overlaps(doc.region, r) && Boolean(r.province || r.city);
}

function scopeFor(docs: readonly DocMeta[], u: Understanding): Set<string> {
  return new Set(docs.filter((d) => !u.region || covers(d, u.region)).map((d) => d.id));
}

function hasLocalDocs(docs: readonly DocMeta[], scope: Set<string>): boolean {
  return docs.some((d) => scope.has(d.id) && d.region.level !== "national");
}

function coveredRegions(docs: readonly DocMeta[]): string {
  const place = (d: DocMeta) => [d.region.province, d.region.city !== d.region.province ? d.region.city : undefined, d.region.district].filter(Boolean).join("");
  const names = new Set(docs.map((d) => (d.region.level === "national" ? "全国" : d.region.level === "unknown" ? `${place(d)}地区未标明的文件` : place(d))));
  return [...names].join("、");
}

/** The provisions the search came closest to, by title, for a refusal to name ("相近的内容"). */
function nearestTopics(t: Turn): string[] {
  const titles: string[] = [];
  for (const h of t.hits.slice(0, 5)) {
    const r = rulesOfClause(t.s.index.rules, h.clauseId)[0];
    // Only a provision's own title says what it is about; a bare article number says nothing.
    const title = r?.title;
    if (title && !/^第[一二三四五六七八九十百]+条/.test(title) && !titles.includes(title) && titles.length < 3) titles.push(title);
  }
  return titles;
}

function notFound(s: Services, why: string, nearest: readonly string[] = []): Body {
  const answer = [
    `抱歉，${why}，无法据此给出补贴结论或金额。`,
    ...(nearest.length ? [`已收录文件中相近的内容有：${nearest.map((x) => `“${x}”`).join("、")}，如与您的问题有关，可以换个说法再问。`] : []),
    "",
    `目前收录的政策覆盖：${coveredRegions(s.index.docs)}（共${s.index.docs.length}份文件）。`,
    messages().notFoundAdvice,
  ];
  return { answer: answer.join("\n"), found: false, citations: [], matches: [], followUps: [], notices: [] };
}

function greeting(s: Services): Body {
  return {
    answer: messages().greeting.replace("{docs}", String(s.index.docs.length)),
    found: true,
    citations: [],
    matches: [],
    followUps: ["贵企业注册在哪个城市？属于什么行业？"],
    notices: [],
  };
}

function rulesAnswer(t: Turn, asked: Rule[]): Body {
  const year = caseYear(t.u.conversationText, t.asOf);
  const ctx = { ...t.s.engineContext(t.asOf), ...(year !== undefined ? { caseYear: year } : {}) };
  const first = evaluateAll(asked, t.u.profile, ctx);
  const failing = new Set(first.matches.filter((m) => m.status === "ineligible").map((m) => m.ruleId));
  const rules = foldPrerequisites(asked, t.s.index.rules, (id) => failing.has(id));
  const evaluation = rules.length === asked.length && rules.every((r, i) => r === asked[i]) ? first : evaluateAll(rules, t.u.profile, ctx);
  // Keep the relevance order, but never lead with a refusal when something fits: in force first, then
  // what fits on the terms of a policy out of force, then refusals (in force, then out of force).
  const terms = (m: Match) => (isOutOfForce(m.status) ? (m.validity?.onTerms ?? "ineligible") : m.status);
  const behind = (m: Match) => (terms(m) === "ineligible" ? 2 : 0) + (isOutOfForce(m.status) ? 1 : 0);
  const matches = evaluation.matches
    .map((m, i) => ({ m, i }))
    .sort((a, b) => behind(a.m) - behind(b.m) || a.i - b.i)
    .map((x) => x.m);
  const shown = matches.slice(0, SHOWN);
  const followUps = evaluation.followUps.slice(0, 2).map((f) => f.question);
  // Validity before money: the first line says which shown policies are out of force, with the dates.
  const lapsedLead = outOfForceLead(t, shown);
  // Validity comes once per document from the engine; the per-rule copies of it would repeat it,
  // and a document the first line already declared out of force needs no notice below.
  const shownDocs = new Set(shown.map((m) => m.docId).filter((id) => !lapsedLead.docIds.has(id)));
  const notices = [
    ...new Set([
      ...evaluation.notices.filter((n) => [...shownDocs].some((id) => n.includes(t.s.retriever.doc(id)?.title ?? "\u0000"))),
      ...shown.flatMap((m) => m.notices).filter((n) => !/^该政策(有效期|已被新的文件废止|自.*起施行，截至)/.test(n)),
    ]),
  ];

  const lines: string[] = [...lapsedLead.lines];
  lines.push(shown.length > 1 ? "根据您提供的信息，相关的扶持政策如下：" : "根据您提供的信息：");
  for (const m of shown) lines.push(`- ${headline(m)}${t.cites.mark(m.clauseId, m.quote)}`);
  const total = t.s.questionVocab.total?.test(t.u.question) ? totalOf(shown) : undefined;
  if (total) lines.push("", total.line);
  lines.push("");
  for (const m of shown) lines.push(...matchSection(m, t.cites), "");
  // Out of its period for the year the asker named: the document's own words on its period.
  const lapsedDocs = [...new Set(shown.filter((m) => m.lapsed).map((m) => m.docId))].map((id) => t.s.retriever.doc(id)).filter((d): d is DocMeta => !!d);
  for (const d of lapsedDocs) {
    const period = periodLines(t, d);
    if (period.length) lines.push(`**《${d.title}》的适用期限**`, ...period, "");
  }
  if (followUps.length) lines.push(...bullets("还需要您补充", followUps), "");
  if (notices.length) lines.push(...bullets("提示", notices));
  return { answer: lines.join("\n").trim(), found: true, citations: t.cites.all(), matches, followUps, followUpFacts: evaluation.followUps.slice(0, 5), notices, ...(total ? { total: total.total } : {}) };
}

/**
 * "该政策已于2025年12月31日失效": one line per shown document out of force, with its dates and the
 * document's own validity sentence cited, before any amount.
 */
function outOfForceLead(t: Turn, shown: readonly Match[]): { lines: string[]; docIds: Set<string> } {
  const off = new Map<string, Match>();
  for (const m of shown) if (m.validity?.inForce === false && !off.has(m.docId)) off.set(m.docId, m);
  if (!off.size) return { lines: [], docIds: new Set() };
  const marks = (docId: string) => {
    const d = t.s.retriever.doc(docId);
    return d ? periodMarks(t, d) : "";
  };
  const only = off.size === 1 && shown.every((m) => m.docId === [...off.keys()][0]);
  const lines = only
    ? [...off.values()].map((m) => `**${m.validity!.text}**（《${m.docTitle}》）${marks(m.docId)}，以下为其原定扶持内容，仅供参考。`)
    : [...off.values()].map((m) => `**注意：《${m.docTitle}》${m.validity!.text.replace(/^该政策/, "")}**${marks(m.docId)}，其原定扶持内容仅供参考。`);
  return { lines: [...lines, ""], docIds: new Set(off.keys()) };
}

/** A figure or fact stated in a document: quote the sentence that holds it. */
function factAnswer(t: Turn, allTerms: string[]): Body {
  // Inside a document, the words that named it ("火炬高新区") do not pick the sentence; what is asked does.
  const naming = t.s.retriever.namingTerms(t.s.retriever.namedDocs(t.u.question));
  const narrowed = allTerms.filter((x) => !naming.has(x));
  const qTerms = narrowed.length ? narrowed : allTerms;
  let pick: { hit: SearchHit; quote: string; score: number } | undefined;
  // A question that names a document is answered from that document, or not at all from another one.
  const named = t.s.retriever.namedDocs(t.u.question);
  const ownHits = t.hits.filter((h) => named.has(h.docId));
  const candidates = (ownHits.length ? ownHits : t.hits).slice(0, 5);
  candidates.forEach((hit, rank) => {
    const clause = t.s.retriever.clause(hit.clauseId);
    if (!clause) return;
    const b = bestSentence(t.s.index.bm25, t.u.question, qTerms, clause.text);
    if (!b) return;
    const score = b.score - rank * 0.04;
    if (!pick || score > pick.score) pick = { hit, quote: b.quote, score };
  });
  if (!pick) return notFound(t.s, "收录的政策文件中没有与您的问题相关的规定");
  const mark = t.cites.mark(pick.hit.clauseId, pick.quote);
  const doc = t.s.retriever.doc(pick.hit.docId);
  // Asked about a year the quoted passage does not speak of: say so rather than pass one year off as another.
  const clause = t.s.retriever.clause(pick.hit.clauseId);
  const years = [...new Set(t.u.question.match(/\d{4}年/g) ?? [])];
  const context = `${pick.quote}${clause?.headings.join("") ?? ""}${clause?.text.slice(0, 40) ?? ""}`;
  const offYear = years.length > 0 && !years.some((y) => context.includes(y));
  const lead = offYear
    ? `文件中没有找到与“${years.join("、")}”直接对应的表述。最接近的内容见《${pick.hit.docTitle}》${pick.hit.article}：`
    : `根据《${pick.hit.docTitle}》${pick.hit.article}：`;
  const lines = [lead, "", `> ${pick.quote}${mark}`];
  const others = candidates.slice(0, 4).filter((h) => h.clauseId !== pick!.hit.clauseId && h.docId === pick!.hit.docId).slice(0, 2);
  if (others.length) {
    lines.push("", "**相关条款**");
    for (const h of others) {
      const b = bestSentence(t.s.index.bm25, t.u.question, qTerms, t.s.retriever.clause(h.clauseId)?.text ?? h.text);
      if (b) lines.push(`- ${h.article}：${b.quote}${t.cites.mark(h.clauseId, b.quote)}`);
    }
  }
  const notices = docNotices(t, doc ? [doc.id] : []);
  if (notices.length) lines.push("", ...bullets("提示", notices));
  return { answer: lines.join("\n"), found: true, citations: t.cites.all(), matches: [], followUps: [], notices };
}

/** Who pays: the cost-sharing provision of the document in question, computed for the asker's district. */
function payerAnswer(t: Turn, scored: ReturnType<typeof scoreRules>): Body | undefined {
  const rule = scored.find((x) => x.rule.amount.kind === "costShare" && (x.score > 0 || t.hits.some((h) => h.docId === x.rule.docId)))?.rule;
  if (!rule) return undefined;
  const evaluation = evaluateAll([rule], t.u.profile, t.s.engineContext(t.asOf));
  const m = evaluation.matches[0];
  const mark = t.cites.mark(m.clauseId, m.quote);
  const lines = [`**${m.title}**（《${m.docTitle}》${m.article}）${mark}`, ""];
  if (m.amount?.text) lines.push(`${m.amount.text}${mark}`);
  if (m.amount?.trace.length) lines.push("", ...m.amount.trace.map((x) => `- ${x}`));
  lines.push("", `> ${m.quote}${mark}`);
  const followUps = m.status === "needs_info" ? evaluation.followUps.slice(0, 1).map((f) => f.question) : [];
  const notices = docNotices(t, [m.docId]);
  if (notices.length) lines.push("", ...bullets("提示", notices));
  return { answer: lines.join("\n"), found: true, citations: t.cites.all(), matches: [m], followUps, notices };
}

/** "由谁解释？从哪天开始施行？": the question's parts that ask different things about the document, in order. */
function askedParts(question: string, vocab: QuestionVocab): { text: string; type: QuestionType }[] {
  const out: { text: string; type: QuestionType }[] = [];
  const pieces = question.split(/(?<=[？?])/).map((x) => x.trim()).filter((x) => x.replace(/[\p{P}\s]/gu, "").length >= 4);
  for (const [i, text] of pieces.entries()) {
    // A later part ("从哪天开始施行？") takes the document named in the first.
    const type = classifyQuestion(text, vocab);
    if (type && !out.some((o) => o.type.id === type.id)) out.push({ text: i === 0 ? text : `${pieces[0]}${text}`, type });
  }
  return out;
}

/**
 * Each ask of a compound question answered in order: the amount by the rules (on everything the message
 * says but the document questions), each document question from its own retrieved clauses; one
 * numbering of citations. Undefined when the amount finds no rule: the question then takes the usual way.
 */
async function compoundAnswer(req: ChatRequest, t: Turn, split: SplitMessage): Promise<Body | undefined> {
  const { s, u, cites } = t;
  const withLast = (content: string): ChatRequest => {
    const messages = [...req.messages];
    const i = messages.map((m) => m.role).lastIndexOf("user");
    messages[i] = { ...messages[i], content };
    return { ...req, messages };
  };
  const parts: Body[] = [];
  for (const a of split.asks) {
    if (a.kind === "amount") {
      const r = await answer(withLast(split.context), s, cites);
      if (!r.found || !r.matches.length) return undefined;
      const { profile: _p, intent: _i, asOf: _a, ...body } = r;
      parts.push(body);
      continue;
    }
    // A document question is about the subject the message names: its words and this part's, not the amount asked.
    const text = `${split.subject}${a.text}`;
    const hits = await s.retriever.search(text, 8, { docIds: t.scope });
    const doc = documentAnswer({ ...t, u: { ...u, question: text, searchText: text, questionType: a.type }, hits }, a.type, (why) => notFound(s, why));
    parts.push(doc?.found ? doc : { ...notFound(s, "收录的政策文件中没有与这一问相关的规定"), answer: `关于“${a.text.replace(/[？?。！!，,；;]+$/, "")}”：收录的文件中没有找到相关规定。` });
  }
  const rules = parts.find((p) => p.matches.length);
  if (!rules) return undefined;
  const questionType = parts.find((p) => p.questionType)?.questionType;
  return {
    ...rules,
    answer: parts.map((p) => p.answer).join("\n\n"),
    citations: cites.all(),
    found: true,
    notices: [...new Set(parts.flatMap((p) => p.notices))],
    ...(questionType ? { questionType } : {}),
  };
}

/** The computed amounts first, then the document's answer to the rest of the question; one citation list. */
function joinAnswers(rules: Body, doc: Body): Body {
  return {
    ...rules,
    answer: `${rules.answer}\n\n${doc.answer}`,
    citations: doc.citations,
    notices: [...new Set([...rules.notices, ...doc.notices])],
    ...(doc.questionType ? { questionType: doc.questionType } : {}),
  };
}

export type { Profile };
