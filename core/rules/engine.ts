import { inForce, type Region } from "../corpus/schema.js";
import { FACT_BY_KEY, type Profile } from "../facts/registry.js";
import { allOf, condLabel, evalCond, TRUE, type CondResult } from "./conditions.js";
import { cnDate, factLabel } from "./describe.js";
import { shareFor } from "./mechanisms/cost-share.js";
import { computeAmount } from "./formulas.js";
import type { Evaluation, FollowUp, Match, MatchValidity, TermsStatus } from "./match.js";
import { fenToYuan, formatFen, percentOf, subFen, yuanToFen } from "./money.js";
import { checkRegion, type ProvinceOfCity } from "./region.js";
import { clauseIdOf, type Cond, type Rule } from "./schema.js";

/**
 * The deterministic eligibility engine: rules (data) and an enterprise profile
 * in, one match per rule out. Pure — documents and rules come in `ctx`, the
 * date too, so the same input always gives the same answer.
 */

/** What the engine needs of a document (a subset of DocMeta). */
export interface DocInfo {
  id: string;
  title: string;
  validFrom?: string;
  validTo?: string;
  /** Repealed by another document of the corpus ("同时废止《…》"), from that one's start if known. */
  supersededBy?: string;
  supersededFrom?: string;
  region?: Region;
}

export interface EngineContext {
  /** ISO date the answer is given for. */
  asOf: string;
  docs: ReadonlyMap<string, DocInfo>;
  rulesById: ReadonlyMap<string, Rule>;
  /** Lets a stated city settle a province-level document. */
  provinceOf?: ProvinceOfCity;
  /** The year the asker's case happens in, when they say it ("今年（2026年）刚落户"). */
  caseYear?: number;
}

export function makeContext(rules: readonly Rule[], docs: Iterable<DocInfo>, asOf: string, provinceOf?: ProvinceOfCity): EngineContext {
  return {
    asOf,
    docs: new Map([...docs].map((d) => [d.id, d])),
    rulesById: new Map(rules.map((r) => [r.id, r])),
    ...(provinceOf ? { provinceOf } : {}),
  };
}

/** Not in force on asOf: the match still shows what the document provided, with this notice. */
export function validityNotice(doc: Pick<DocInfo, "validFrom" | "validTo" | "supersededBy" | "supersededFrom"> | undefined, asOf: string): string | undefined {
  if (!doc) return undefined;
  if (doc.supersededBy && (!doc.supersededFrom || asOf >= doc.supersededFrom)) return `该政策已被新的文件废止${doc.supersededFrom ? `（自${cnDate(doc.supersededFrom)}起）` : ""}，以下为其原定扶持内容，仅供参考`;
  if (doc.validTo && asOf > doc.validTo) {
    return `该政策有效期至${cnDate(doc.validTo)}，已于${cnDate(doc.validTo)}失效（截至${asOf}），以下为其原定扶持内容，仅供参考`;
  }
  if (doc.validFrom && asOf < doc.validFrom) return `该政策自${cnDate(doc.validFrom)}起施行，截至${asOf}尚未生效`;
  return undefined;
}

/**
 * Validity before money: a document not in force on asOf makes each of its rules `expired`
 * (its period ended, or a document of the corpus repealed it) or `not_yet` (it starts later),
 * with the dates in one line. Unknown bounds are open, as in `inForce`.
 */
export function validityOf(
  doc: DocInfo | undefined,
  asOf: string,
  docs?: ReadonlyMap<string, DocInfo>,
): (Omit<MatchValidity, "onTerms"> & { status?: "expired" | "not_yet" }) | undefined {
  if (!doc) return undefined;
  const dates = { ...(doc.validFrom ? { validFrom: doc.validFrom } : {}), ...(doc.validTo ? { validTo: doc.validTo } : {}) };
  if (inForce(doc, asOf)) return { inForce: true, text: doc.validTo ? `有效期至${cnDate(doc.validTo)}` : "未写明有效期截止日期", ...dates };
  const period = doc.validTo ? `（有效期${doc.validFrom ? `${cnDate(doc.validFrom)}至` : "至"}${cnDate(doc.validTo)}）` : "";
  if (doc.supersededBy && (!doc.supersededFrom || asOf >= doc.supersededFrom)) {
    const by = docs?.get(doc.supersededBy)?.title;
    return {
      inForce: false,
      status: "expired",
      text: `该政策已被${by ? `《${by}》` : "新的文件"}废止${doc.supersededFrom ? `（自${cnDate(doc.supersededFrom)}起）` : ""}`,
      ...dates,
      supersededBy: doc.supersededBy,
      ...(by ? { supersededByTitle: by } : {}),
      ...(doc.supersededFrom ? { supersededFrom: doc.supersededFrom } : {}),
    };
  }
  if (doc.validTo && asOf > doc.validTo) return { inForce: false, status: "expired", text: `该政策已于${cnDate(doc.validTo)}失效${period}`, ...dates };
  return { inForce: false, status: "not_yet", text: `该政策自${cnDate(doc.validFrom!)}起施行，尚未生效${period}`, ...dates };
}

/**
 * The asker's case falls in a year the document does not cover: the policy is not theirs to claim,
 * whatever the amount would have been. Only a stated year decides this; an undated question is
 * answered on the document's terms, with the validity notice.
 */
export function outsideCoverage(doc: Pick<DocInfo, "validFrom" | "validTo"> | undefined, year: number | undefined): string | undefined {
  if (!doc || year === undefined) return undefined;
  if (doc.validTo && doc.validTo < `${year}-01-01`) return `政策有效期至${cnDate(doc.validTo)}，您所说${year}年的情形已不在适用期内`;
  if (doc.validFrom && doc.validFrom > `${year}-12-31`) return `政策自${cnDate(doc.validFrom)}起施行，您所说${year}年的情形不在适用期内`;
  return undefined;
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Prerequisite rules (`requires`) are conditions like any other: unknown stays unknown. */
function prerequisites(rule: Rule, profile: Profile, ctx: EngineContext, seen: Set<string>, refs: FailedRef[] = []): CondResult {
  const parts: CondResult[] = [];
  for (const id of rule.requires) {
    const req = ctx.rulesById.get(id);
    if (!req || seen.has(id)) continue;
    seen.add(id);
    const own = req.conditions ? evalCond(req.conditions, profile) : TRUE;
    const r = allOf([own, prerequisites(req, profile, ctx, seen, refs)]);
    // The prerequisite's own clause says what failed; the answer quotes it.
    if (own.value === false) refs.push({ ruleId: req.id, clauseId: clauseIdOf(req.docId, req.article), quote: req.quote });
    parts.push({ ...r, failed: r.failed.map((f) => `${req.title}：${f}`) });
  }
  return parts.length ? allOf(parts) : TRUE;
}

type FailedRef = NonNullable<Match["failedRefs"]>[number];

/**
 * General conditions (十八) are confirmed at application: an unknown one is
 * listed to confirm and never holds the rule back; an explicit false fails it.
 * They are read leaf by leaf because such lists are conjunctions (须同时符合).
 */
function generalConditions(rule: Rule, profile: Profile, ctx: EngineContext): { result: CondResult; confirm: string[]; refs: NonNullable<Match["failedRefs"]> } {
  const failed: string[] = [];
  const met: string[] = [];
  const confirm: string[] = [];
  const refs: NonNullable<Match["failedRefs"]> = [];
  for (const id of rule.general) {
    const g = ctx.rulesById.get(id);
    if (!g?.conditions) continue;
    // Conjunct by conjunct: a list's items are read one by one, a route of alternatives (或) as a whole.
    for (const part of conjuncts(g.conditions)) {
      const r = evalCond(part, profile);
      if (r.value === false && !refs.some((x) => x.ruleId === g.id)) refs.push({ ruleId: g.id, clauseId: clauseIdOf(g.docId, g.article), quote: g.quote });
      if (r.value === false) failed.push(...r.failed.map((f) => `${g.title.replace(/[：:，,\s]+$/, "")}：${f}`));
      else if (r.value === true) met.push(...r.met);
      else confirm.push(condLabel(part));
    }
  }
  return { result: { value: failed.length ? false : true, met, failed, missing: [] }, confirm, refs };
}

/** The parts of an all-of, flattened; anything else is one part. */
const conjuncts = (c: Cond): Cond[] => ("all" in c ? c.all.flatMap(conjuncts) : [c]);

/** Who pays, when the document splits funding by district (杭州 四、（二十）). */
function costShareNotice(rule: Rule, profile: Profile, ctx: EngineContext, yuan: number): string | undefined {
  const district = typeof profile.district === "string" && profile.district.trim() ? profile.district.trim() : undefined;
  if (!district || rule.amount.kind === "costShare") return undefined;
  for (const r of ctx.rulesById.values()) {
    if (r.docId !== rule.docId || r.amount.kind !== "costShare") continue;
    const s = shareFor(r.amount, district);
    const total = yuanToFen(yuan);
    const local = percentOf(total, s.local);
    return `资金由市、区两级财政共同承担（${r.article}）：按${formatFen(total)}计，${district}属地财政承担${s.local}%（${formatFen(local)}），市财政承担${s.upper}%（${formatFen(subFen(total, local))}）`;
  }
  return undefined;
}

export function evaluateRule(rule: Rule, profile: Profile, ctx: EngineContext): Match {
  const doc = ctx.docs.get(rule.docId);
  const own = rule.conditions ? evalCond(rule.conditions, profile) : TRUE;
  const general = generalConditions(rule, profile, ctx);
  const prereqRefs: FailedRef[] = [];
  const combined = allOf([checkRegion(doc?.region, profile, ctx.provinceOf), own, prerequisites(rule, profile, ctx, new Set([rule.id]), prereqRefs), general.result]);
  const refs = [...prereqRefs, ...general.refs.filter((g) => !prereqRefs.some((p) => p.ruleId === g.ruleId))];
  const calc = computeAmount(rule.amount, profile);

  const lapsed = outsideCoverage(doc, ctx.caseYear);
  const onTerms: TermsStatus =
    combined.value === false || calc.zero ? "ineligible" : combined.value === undefined || calc.missing.length ? "needs_info" : "eligible";
  // Validity before money: out of force, the rule is never eligible, whatever its conditions give.
  const period = validityOf(doc, ctx.asOf, ctx.docs);
  const off = period?.status !== undefined;
  const onCase: TermsStatus = lapsed ? "ineligible" : onTerms;
  const status: Match["status"] = period?.status ?? onCase;
  const missing = status === "needs_info" ? uniq([...combined.missing, ...calc.missing]) : [];
  // Out of force, the conditions that fail still say why the terms alone would not pay (for reference).
  const failing = status === "ineligible" || (off && onCase === "ineligible");
  const notices: string[] = [];
  const validNote = validityNotice(doc, ctx.asOf);
  if (validNote) notices.push(validNote);
  for (const note of rule.notes) if (!note.when || evalCond(note.when, profile).value === true) notices.push(note.text);
  // Out of the policy's period, what the document provided stays visible, for reference only.
  const amount = onTerms === "ineligible" ? undefined : withPayment(rule, calc.amount);
  if (amount?.yuan !== undefined) {
    const share = costShareNotice(rule, profile, ctx, amount.yuan);
    if (share) notices.push(share);
  }

  return {
    ruleId: rule.id,
    docId: rule.docId,
    clauseId: clauseIdOf(rule.docId, rule.article),
    docTitle: doc?.title ?? rule.docId,
    article: rule.article,
    title: rule.title,
    quote: rule.quote,
    status,
    ...(amount ? { amount } : {}),
    ...(calc.outcome ? { outcome: calc.outcome } : {}),
    // Kept when ineligible too: what already holds is part of "what would change the outcome".
    reasons: combined.met,
    failed: failing ? [...(lapsed && !off ? [lapsed] : []), ...combined.failed, ...(calc.zero ? [calc.zero] : [])] : [],
    ...(lapsed && !off ? { lapsed: true } : {}),
    ...(period ? { validity: validityField(period, off ? onCase : undefined) } : {}),
    missing,
    missingLabels: missing.map(factLabel),
    general: uniq([...general.confirm, ...(calc.confirm ?? [])]),
    notices,
    origin: rule.origin,
    ...(rule.reviewed ? { reviewedAt: rule.reviewed.at } : {}),
    ...(refs.length && failing ? { failedRefs: refs } : {}),
  };
}

function validityField({ status: _status, ...v }: NonNullable<ReturnType<typeof validityOf>>, onTerms?: TermsStatus): MatchValidity {
  return { ...v, ...(onTerms ? { onTerms } : {}) };
}

/** 分三年按40%、30%、30%拨付: the award's instalments, once the award is known. */
function withPayment(rule: Rule, amount: Match["amount"]): Match["amount"] {
  if (!amount || !rule.payment || amount.yuan === undefined || amount.schedule) return amount;
  const total = yuanToFen(amount.yuan);
  let left = total;
  const schedule = rule.payment.map((s, i) => {
    // The last instalment takes what rounding left, so the parts add up to the award.
    const fen = i === rule.payment!.length - 1 ? left : percentOf(total, s.percent);
    left = subFen(left, fen);
    return { label: s.label, yuan: fenToYuan(fen) };
  });
  const parts = schedule.map((s, i) => `${s.label}${rule.payment![i].percent}%：${formatFen(yuanToFen(s.yuan))}`).join("；");
  return { ...amount, schedule, trace: [...amount.trace, `分${schedule.length}次拨付：${parts}`] };
}

/**
 * 本条款与本措施第三条可叠加支持: an eligible award whose article stacks with others adds the definite
 * awards the asker is also eligible for under them, each named in the calculation. A stacked award
 * that is pending or only a ceiling is told, not added.
 */
function applyStacking(matches: Match[], rules: readonly Rule[], profile: Profile, ctx: EngineContext): void {
  rules.forEach((rule, i) => {
    const m = matches[i];
    if (!rule.stacksWith?.length || m.status !== "eligible" || m.amount?.yuan === undefined || m.amount.upTo) return;
    const own = articleHead(rule.article);
    const others = [...ctx.rulesById.values()].filter(
      (r) => r.id !== rule.id && r.docId === rule.docId && articleHead(r.article) !== own && rule.stacksWith!.some((a) => articleHead(r.article) === a),
    );
    const added: { article: string; yuan: number; text: string }[] = [];
    const pending: string[] = [];
    for (const r of others) {
      const j = rules.indexOf(r);
      const o = j >= 0 ? matches[j] : evaluateRule(r, profile, ctx);
      if (o.status === "eligible" && o.amount?.yuan !== undefined && !o.amount.upTo) added.push({ article: r.article, yuan: o.amount.yuan, text: o.amount.text });
      else if (o.status === "needs_info") pending.push(r.article);
    }
    if (!added.length) {
      if (pending.length) m.notices.push(`本条与${uniq(pending).join("、")}可叠加支持；补充相关情况后可一并测算`);
      return;
    }
    const total = added.reduce((sum, a) => sum + yuanToFen(a.yuan), yuanToFen(m.amount.yuan));
    const parts = [`${m.article}${formatFen(yuanToFen(m.amount.yuan))}`, ...added.map((a) => `${a.article}${formatFen(yuanToFen(a.yuan))}`)];
    m.amount = {
      ...m.amount,
      yuan: fenToYuan(total),
      text: `合计${formatFen(total)}`,
      basis: parts.join(" + "),
      trace: [...m.amount.trace, `本条与${rule.stacksWith.join("、")}可叠加支持：${parts.join(" + ")} = ${formatFen(total)}`],
    };
    if (pending.length) m.notices.push(`${uniq(pending).join("、")}还需补充信息，未计入合计`);
  });
}

/** 第三条（一） → 第三条: the article a rule sits in, without its item. */
const articleHead = (article: string): string => /^第[一二三四五六七八九十百]+条/.exec(article)?.[0] ?? article;

/** 从优、就高、不重复: within a group only the highest eligible award counts. */
function applyExclusive(matches: Match[], rules: readonly Rule[]): void {
  const groups = new Map<string, number[]>();
  rules.forEach((r, i) => {
    if (r.exclusiveGroup && matches[i].status === "eligible") groups.set(r.exclusiveGroup, [...(groups.get(r.exclusiveGroup) ?? []), i]);
  });
  const worth = (m: Match) => m.amount?.yuan ?? m.amount?.max ?? 0;
  for (const [group, idx] of groups) {
    if (idx.length < 2) continue;
    const best = idx.reduce((b, i) => (worth(matches[i]) > worth(matches[b]) ? i : b), idx[0]);
    const win = matches[best];
    for (const i of idx) {
      const m = matches[i];
      m.exclusive = { group, counts: i === best };
      if (i === best) {
        const others = idx.filter((j) => j !== best).map((j) => `“${matches[j].title}”`).join("、");
        m.notices.push(`按“从优、就高、不重复”原则，本项与${others}只享受其一，按本项执行`);
      } else {
        m.notices.push(`按“从优、就高、不重复”原则，本项与“${win.title}”（${win.article}）只享受其一，按较高的“${win.title}”${win.amount ? `（${win.amount.text}）` : ""}执行`);
      }
    }
  }
}

/** Missing facts ranked by how many pending rules wait on each. */
function followUpsOf(matches: Match[]): FollowUp[] {
  const by = new Map<string, string[]>();
  for (const m of matches) if (m.status === "needs_info") for (const f of m.missing) by.set(f, [...(by.get(f) ?? []), m.ruleId]);
  return [...by.entries()]
    .map(([fact, ruleIds], order) => ({ fact, ruleIds, order }))
    .sort((a, b) => b.ruleIds.length - a.ruleIds.length || a.order - b.order)
    .map(({ fact, ruleIds }) => {
      const def = FACT_BY_KEY.get(fact);
      return { fact, label: def?.label ?? fact, question: def?.question ?? `请补充：${fact}`, decides: ruleIds.length, ruleIds };
    });
}

export function evaluateAll(rules: readonly Rule[], profile: Profile, ctx: EngineContext): Evaluation {
  const matches = rules.map((r) => evaluateRule(r, profile, ctx));
  applyExclusive(matches, rules);
  applyStacking(matches, rules, profile, ctx);
  const docNotices = uniq(rules.map((r) => r.docId)).flatMap((id) => {
    const n = validityNotice(ctx.docs.get(id), ctx.asOf);
    return n ? [`《${ctx.docs.get(id)!.title}》：${n}`] : [];
  });
  return { matches, followUps: followUpsOf(matches), notices: docNotices };
}

/** Whether a rule is about something the asker mentioned (any of its subject facts stated and not false). */
export function isRelevant(rule: Rule, profile: Profile): boolean {
  return rule.subject.some((k) => profile[k] !== undefined && profile[k] !== false);
}
