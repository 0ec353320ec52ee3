import type { Cond, Leaf } from "../../core/rules/schema.js";
import { findQuantities, normalizeSameLength } from "../../core/text/numbers.js";
import { keyOf, type FactSpec } from "./facts.js";
import { ENTITY_KIND, kindAtEnd, kindsIn } from "./kinds.js";
import { factPhrase, usable } from "./phrase.js";
import { thresholdsOnly } from "./recognise.js";
import { parts, sentences, type Span } from "./segments.js";
import { CATEGORY, EVALUATIVE, NOT_A_CONDITION, PROCEDURE, REGION_MODIFIER, STATEMENT_VERB } from "./words.js";

/**
 * Eligibility stated in words (申报条件, 应当符合下列条件, 对…的企业): the conditions a
 * clause sets, as a three-valued condition tree. Pure.
 * - a quantity keeps its boundary word (以上/不低于/超过…), read by the threshold reader;
 * - a statement about the applicant (拥有省级以上研发机构, 无严重失信行为) is a yes/no fact
 *   named by the document's words;
 * - who it is for: a kind the vocabulary knows (高校, 科研院所, 省份) is the `entityKind` fact,
 *   a kind of enterprise (邮政快递企业, 高新技术企业) a yes/no fact;
 * - "…，或…" and "之一" are any-of; a plain list is all-of;
 * - a judgement the authority makes (创新能力强, 经营状况良好) is no fact the asker can state:
 *   it is told as a note, never asked.
 */
export interface Statement {
  cond?: Cond;
  facts: FactSpec[];
  notes: string[];
}

const NUMBERING = /^\s*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩]|——)\s*/;
const THRESHOLD_UNITS = new Set(["yuan", "usd", "count", "percent", "years"]);

const han = (s: string) => s.match(/\p{Script=Han}/gu)?.length ?? 0;
const all = (cs: Cond[]): Cond | undefined => (cs.length === 0 ? undefined : cs.length === 1 ? cs[0] : { all: cs });
const any = (cs: Cond[]): Cond | undefined => (cs.length === 0 ? undefined : cs.length === 1 ? cs[0] : { any: cs });

/** "设立三年以上" / "维持5年以上": a bare verb before years names how long it lasted, 设立年限. */
export function nameYears(facts: FactSpec[], leaves: Leaf[]): Leaf[] {
  const renamed = new Map<string, string>();
  for (const f of facts) {
    if (f.type !== "years" || !/^\p{Script=Han}{0,4}(?:设立|成立|注册|维持|运营|经营|存续)$/u.test(f.phrase)) continue;
    const old = keyOf(f);
    f.phrase = `${f.phrase}年限`;
    renamed.set(old, keyOf(f));
  }
  return leaves.map((l) => (renamed.has(l.fact) ? { ...l, fact: renamed.get(l.fact)! } : l));
}

class Reader {
  facts: FactSpec[] = [];
  notes: string[] = [];
  /** Statements an award sentence may carry: a category (认定, 入选, 纳入…), not any policy talk. */
  only: RegExp | undefined;
  /** Set by a part that lists kinds of enterprise: a further such part is one more of them. */
  kindList = false;
  constructor(readonly text: string) {}
  n = "";

  boolean(phrase: string): Leaf | undefined {
    const p = phrase.replace(/[“”"《》\s]/g, "").replace(/^[的，,、]+|[的，,、]+$/g, "");
    if (han(p) < 3 || p.length > 48) return undefined;
    const s: FactSpec = { phrase: p, type: "boolean" };
    if (!this.facts.some((f) => keyOf(f) === keyOf(s))) this.facts.push(s);
    return { fact: keyOf(s), op: "eq", value: true, label: p };
  }

  kind(kindsList: string[], label: string): Leaf {
    return { fact: ENTITY_KIND, op: "in", value: kindsList, label };
  }

  /**
   * Who a subject phrase names: "具有独立法人资格的企业或者省内高等院校、科研院所等科研机构" →
   * any(all(企业, 具有独立法人资格), 高等院校/科研机构). A plain 企业 names no condition unless
   * `explicit` (申报主体是企业的) or other kinds stand beside it.
   */
  subject(phrase: string, explicit = false): Cond | undefined {
    const p = phrase.replace(/[（(][^（）()]*[)）]/g, "").replace(/^(?:对于|对|凡是|凡|由)/, "");
    const alts = p.split(/或者|或是|或(?=[^，,、]{0,12}(?:企业|高校|院校|院所|机构|协会|个人|省份))/).filter(Boolean);
    const named = alts.map((a) => ({ a, kinds: kindsIn(a.slice(Math.max(0, a.lastIndexOf("的") + 1))) }));
    const contrasted = new Set(named.flatMap((x) => x.kinds)).size > 1 || explicit;
    const out: Cond[] = [];
    for (const { a, kinds } of named) {
      const lastDe = a.lastIndexOf("的");
      const head = a.slice(lastDe + 1);
      const mods = lastDe > 0 ? a.slice(0, lastDe).split("的") : [];
      const parts: Cond[] = [];
      const end = kindAtEnd(head);
      if (kinds.length && (contrasted || !kinds.every((k) => k === "企业"))) {
        if (!(kinds.length === 1 && kinds[0] === "企业" && end && head.length > end.word.length)) parts.push(this.kind(kinds, `申报主体为${head}`));
      }
      // A kind of enterprise the vocabulary does not list is a yes/no fact: 邮政快递企业, 高新技术企业.
      if (end?.kind === "企业" && head.length > end.word.length && !REGION_MODIFIER.test(head)) {
        const b = this.boolean(head.replace(/^(?:各类|各|相关|其他|上述|该|本)/, ""));
        if (b) parts.push(b);
      }
      for (const m of mods) {
        const t = m.replace(REGION_MODIFIER, "").trim();
        if (!t || NOT_A_CONDITION.test(t) || EVALUATIVE.test(t) || /\d/.test(t)) continue;
        const b = this.boolean(t);
        if (b) parts.push(b);
      }
      const c = all(parts);
      if (c) out.push(c);
    }
    return out.length === named.length || out.length > 0 ? (named.length > 1 && out.length === named.length ? any(out) : all(out)) : undefined;
  }

  /** A stretch without figures: statements, judgements split off, 、-lists of actions split. */
  words(text: string): Cond[] {
    let s = text;
    const out: Cond[] = [];
    s = s.replace(/^(?:企业|单位|其)(?=\p{Script=Han}{2})/u, "");
    const pieces = s.split("、").every((x) => STATEMENT_VERB.test(x)) ? s.split("、") : [s];
    for (const piece of pieces) {
      const subs = EVALUATIVE.test(piece) ? piece.split(/并且|并|且|，/) : [piece];
      for (const sub of subs) {
        const t = sub.replace(/^(?:企业|单位|其|已经|同时|并且|并|且|以及|年度|当年度?|上一?年度?)(?=\p{Script=Han}{2})/u, "").replace(/的$/, "");
        if (!t) continue;
        if (EVALUATIVE.test(t)) {
          this.notes.push(t);
          continue;
        }
        if (NOT_A_CONDITION.test(t)) continue;
        if (this.only && !this.only.test(t)) continue;
        const b = this.boolean(t);
        if (b) out.push(b);
      }
    }
    return out;
  }

  /** One comma part (offsets in the text). */
  part(span: Span): Cond | undefined {
    const raw = this.n.slice(span.start, span.end);
    const qs = findQuantities(raw).filter((q) => THRESHOLD_UNITS.has(q.unit) && !q.perUnit);
    if (!qs.length) {
      const s = raw.replace(/[的；;。\s]+$/, "");
      if (NOT_A_CONDITION.test(s)) return undefined;
      // "属于领军人才企业、高成长性创新企业、设立研发机构的规模以上企业": kinds of enterprise, any of them.
      const list = s.replace(/^(?:但|但是)?(?:属于|为|是)?(?:经认定的?)?/, "").split("、");
      if (list.length > 1 && list.every((x) => kindAtEnd(x)?.kind === "企业" && !/等/.test(x))) {
        this.kindList = true;
        return any(list.map((x) => this.boolean(x)).filter((x): x is Leaf => !!x));
      }
      // "具有独立法人资格的企业或者省内高等院校、科研院所等科研机构": whom, and what of them.
      if (kindAtEnd(s) && (/的/.test(s) || kindsIn(s).length > 1)) return this.subject(s);
      return all(this.words(s));
    }
    // "有效发明专利拥有量1件或实用新型专利、外观设计专利25件以上的高新技术企业": routes with a figure each.
    const routes: Span[] = [];
    let from = span.start;
    for (const m of raw.matchAll(/或者|或/g)) {
      const at = span.start + m.index!;
      const left = findQuantities(this.n.slice(from, at)).length > 0;
      const right = findQuantities(this.n.slice(at + m[0].length, span.end)).length > 0;
      if (left && right) {
        routes.push({ start: from, end: at });
        from = at + m[0].length;
      }
    }
    routes.push({ start: from, end: span.end });
    const conds: Cond[] = [];
    for (const r of routes) {
      const t = thresholdsOnly(this.text, r);
      const leaves = t ? nameYears(t.facts, t.conditions) : [];
      for (const f of t?.facts ?? []) if (!this.facts.some((x) => keyOf(x) === keyOf(f))) this.facts.push(f);
      // "拥有量1件" / "拥有3件": a holding with no boundary word is a floor.
      for (const q of findQuantities(this.n.slice(r.start, r.end))) {
        if (q.unit !== "count" || leaves.some((l) => l.value === q.value)) continue;
        const before = this.n.slice(r.start, r.start + q.start);
        if (!/拥有量?$|持有量?$/.test(before)) continue;
        const phrase = factPhrase(before.replace(/(?:拥有量?|持有量?)$/, "")) || factPhrase(before);
        if (!usable(phrase)) continue;
        const s: FactSpec = { phrase, type: "count", ...(q.measure ? { measure: q.measure } : {}) };
        if (!this.facts.some((x) => keyOf(x) === keyOf(s))) this.facts.push(s);
        leaves.push({ fact: keyOf(s), op: "gte", value: q.value, word: "拥有", label: `${phrase}${q.raw}` });
      }
      const c = all(leaves);
      if (c) conds.push(c);
    }
    // "一年内没有因重大违规经营问题受过处罚": a period, not a threshold; the statement is the fact.
    if (!conds.length && qs.every((q) => q.unit === "years")) return all(this.words(raw.replace(/[的；;。\s]+$/, "")));
    const routed = any(conds);
    // "…25件以上的高新技术企业": the kind after the figures is whom the figures are asked of.
    const lastQ = qs.at(-1)!;
    const tail = raw.slice(lastQ.end).replace(/^(?:[(（]含[)）])?(?:及以上|以上|以下|以内)?(?:[(（]含[)）])?的/, "");
    const who = tail && tail !== raw.slice(lastQ.end) ? this.subject(tail.replace(/[；;。\s]+$/, "")) : undefined;
    return all([...(routed ? [routed] : []), ...(who ? [who] : [])]);
  }

  /** A sentence: comma parts, "，或…" joins a part to the one before as its alternative. */
  sentence(span: Span): Cond | undefined {
    const units: { cond: Cond; alt: boolean }[] = [];
    for (const p of parts(this.text, span)) {
      let a = p.start;
      const head = NUMBERING.exec(this.n.slice(a, p.end));
      if (head && a === span.start) a += head[0].length;
      const lead = /^\s*(?:或者|或是|或)/.exec(this.n.slice(a, p.end));
      if (lead) a += lead[0].length;
      const join = /^\s*(?:并且|且|同时|以及)/.exec(this.n.slice(a, p.end));
      if (join) a += join[0].length;
      if (a >= p.end) continue;
      const wasList = this.kindList;
      this.kindList = false;
      let c = this.part({ start: a, end: p.end });
      if (!c) continue;
      const isList = this.kindList;
      // "…独角兽企业,自贸区…新设立从事…研发企业的": after a list of kinds, one more kind.
      if (!isList && wasList && "fact" in c && /企业$/.test(c.label)) this.kindList = true;
      const prev = units.at(-1);
      if (prev && (lead || (wasList && this.kindList))) prev.cond = { any: [...("any" in prev.cond ? prev.cond.any : [prev.cond]), ...("any" in c ? c.any : [c])] };
      else units.push({ cond: c, alt: !!lead });
      c = undefined;
    }
    return all(units.map((u) => u.cond));
  }
}

/** The kind a lead states ("申报主体是高校或者科研机构的"), as a condition. */
function leadKind(r: Reader, lead: string): Cond | undefined {
  const m = /(?:申报主体|申请主体|申报单位|申请单位)(?:是|为)([^，,。；;:：]{1,30}?)的/.exec(lead);
  if (!m) return undefined;
  const ks = kindsIn(m[1]);
  return ks.length ? r.kind(ks, `申报主体为${m[1]}`) : undefined;
}

/**
 * A line that opens with the kind of applicant it is about ("①现代物流业：上一年度…营业收入6000万元以上;
 * …纳税总额不低于1000万元。"): its conditions are that kind's, one route among others, and no
 * condition of every applicant.
 */
export function scopedLine(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf("\n", at - 1) + 1).replace(NUMBERING, "");
  const m = /^([^，,。；;：:\d\n]{2,40})[：:]/.exec(line);
  return !!m && !/条件|要求|标准|范围|方式|程序|材料/.test(m[1]);
}

/** A sentence that opens with its own subject ("创新创业人才类企业设立三年以上…") states another route. */
const OWN_SUBJECT = /^([^，,。；;、的]{2,16}?(?:类|型)企业)(?=设立|成立|拥有|具有|具备|应|须|需|在)/;

/**
 * A whole qualification clause: its sentences are all-of, except a sentence that opens with a
 * subject of its own, which is another route (any-of). Items (children) are read by the caller.
 */
export function readStatement(text: string, span: Span = { start: 0, end: text.length }): Statement {
  const r = new Reader(text);
  r.n = normalizeSameLength(text);
  const routes: Cond[][] = [[]];
  for (const s of sentences(text, span.start, span.end)) {
    const body = r.n.slice(s.start, s.end);
    if (/^(?:鼓励|支持|引导|推动)/.test(body) || PROCEDURE.test(body.replace(NUMBERING, ""))) continue;
    if (scopedLine(text, s.start)) continue;
    if (/优先支持|可适当放宽|放宽申报条件|参照执行/.test(body)) {
      r.notes.push(text.slice(s.start, s.end));
      continue;
    }
    const kind = leadKind(r, body);
    if (kind) routes.at(-1)!.push(kind);
    // A lead that introduces the items below ("应当符合下列基本条件:") states nothing itself.
    if (/(?:下列|以下)[^，,。；;]{0,8}(?:条件|要求)/.test(body) && /[:：]\s*$/.test(body + (text[s.end] ?? ""))) continue;
    if (kind) continue;
    const stripped = body.replace(NUMBERING, "");
    // "对不满足以上条件,但属于…的": another route to the same outcome.
    const otherwise = /^对?(?:不满足|不符合|未达到|达不到)(?:以上|上述|前述)(?:条件|标准)/.exec(stripped);
    if (otherwise && routes.at(-1)!.length) {
      routes.push([]);
      const at = s.start + body.indexOf(otherwise[0]) + otherwise[0].length;
      const c = r.sentence({ start: at, end: s.end });
      if (c) routes.at(-1)!.push(c);
      continue;
    }
    const own = OWN_SUBJECT.exec(stripped);
    let c: Cond | undefined;
    if (own && routes.at(-1)!.length) {
      const who = r.boolean(own[1]);
      routes.push(who ? [who] : []);
      // The subject's own words are not a fact of the route's figures.
      const at = s.start + body.indexOf(own[1]) + own[1].length;
      c = r.sentence({ start: at, end: s.end });
    } else c = r.sentence(s);
    if (c) routes.at(-1)!.push(c);
    c = undefined;
  }
  const cond = any(routes.map((x) => all(x)).filter((x): x is Cond => !!x));
  return { ...(cond ? { cond } : {}), facts: r.facts, notes: r.notes };
}

const OWN_AWARD = /(?:给予|奖励|补助|补贴|资助)[^。；;]{0,8}\d/;
const KIND_TAIL = /的([^，,。；;的]{2,14}?(?:企业|单位|机构|公司|商户|组织))[。；;，,\s]*$/;

/**
 * "（一）…营业额达到500万元以上的住宿业企业。（二）…的餐饮业企业。": each item describes a different
 * kind of applicant, so an applicant is one of them. Items that all end in the same noun ("…的企业")
 * are a list of conditions every applicant meets. Items paying an award of their own are rules apart.
 */
function kindsList(items: readonly string[]): boolean {
  const plain = items.map((i) => normalizeSameLength(i)).filter((i) => !OWN_AWARD.test(i));
  if (plain.length < 2) return false;
  const tails = plain.map((i) => KIND_TAIL.exec(i)?.[1]);
  if (tails.some((t) => !t || /^(?:企业|单位|机构|公司)$/.test(t))) return false;
  return new Set(tails).size === tails.length;
}

/** Items of a list clause ("（一）…（二）…"): all of them, or any when the lead says 之一 or each item is a kind of applicant. */
export function readItems(lead: string, items: readonly string[]): Statement {
  const r = new Reader(lead);
  r.n = normalizeSameLength(lead);
  const kind = leadKind(r, r.n);
  const facts = [...r.facts];
  const notes: string[] = [];
  const conds: Cond[] = [];
  for (const item of items) {
    const s = readStatement(item);
    for (const f of s.facts) if (!facts.some((x) => keyOf(x) === keyOf(f))) facts.push(f);
    notes.push(...s.notes);
    if (s.cond) conds.push(s.cond);
  }
  const joined = /之一|其中一项|任一|任意一/.test(lead) || kindsList(items) ? any(conds) : all(conds);
  const cond = all([...(kind ? [kind] : []), ...(joined ? [joined] : [])]);
  return { ...(cond ? { cond } : {}), facts, notes };
}

/**
 * What an award sentence asks of whom it pays, in words: the "对…的" parts before the award
 * ("对进入…Top10的符合条件的新电商企业"), a "从其落户、纳入…起" start, the head noun right
 * before 给予 ("…的省份给予1亿元"), and a "鼓励邮政快递企业…" preamble's kind. Thresholds are
 * the recogniser's; phrases in `skip` (the formula's own facts) are not asked twice.
 */
export function awardConditions(text: string, span: Span, skip: readonly string[], broad = false, leadOnly = false): Statement {
  const r = new Reader(text);
  r.only = broad ? undefined : CATEGORY;
  r.n = normalizeSameLength(text);
  const ps = parts(text, span);
  const conds: Cond[] = [];
  // A lead of the awards after it ("对…超过100万元的…企业可享受：") holds no award: its figures are thresholds.
  const award = leadOnly ? -1 : ps.findIndex((p) => /给予|奖励\d|予以|一次性(?:奖励|补助|资助)|\d(?:\.\d+)?万?元/.test(r.n.slice(p.start, p.end)));
  const until = award < 0 ? ps.length : award;
  const keep = (c: Cond | undefined) => {
    if (!c) return;
    const ls = "fact" in c ? [c] : [];
    if (ls.length && ls.every((l) => skip.some((s) => l.label.includes(s) || s.includes(l.label)))) return;
    conds.push(c);
  };
  // Only a run of parts that ends in 的 (or a 对… part) states whom: the rest is policy talk.
  let runStart = -1;
  for (let i = 0; i < until; i++) {
    const s = r.n.slice(ps[i].start, ps[i].end).trim();
    if (/^(?:对于|对|凡)/.test(s) && runStart < 0) runStart = i;
    const pre = /^(?:鼓励|支持|引导)(?:和支持)?([^，,、]{2,14}?企业)/.exec(s);
    if (pre && runStart < 0) keep(r.subject(pre[1]));
  }
  const lastDe = (() => {
    for (let i = until - 1; i >= 0; i--) if (/的\s*$/.test(r.n.slice(ps[i].start, ps[i].end))) return i;
    return -1;
  })();
  if (runStart < 0 && lastDe >= 0) {
    runStart = lastDe;
    while (runStart > 0 && !/^(?:鼓励|支持|推动|引导|加快|积极|为|根据|按照)/.test(r.n.slice(ps[runStart - 1].start, ps[runStart - 1].end).trim()) && runStart > lastDe - 2) runStart--;
  }
  for (let i = Math.max(0, runStart); runStart >= 0 && i < until; i++) {
    let s = r.n.slice(ps[i].start, ps[i].end).trim().replace(/^(?:对于|对|凡是|凡|且|并且|同时)/, "");
    s = s.replace(/^从其?/, "").replace(/起$/, "");
    s = s.replace(/[（(]以下简称[^）)]*[)）]/g, "");
    // "维持5年以上且开展对外许可的专利(群)": the figures are the recogniser's, the words beside them ours.
    for (const piece of s.split(/并且|且|并/)) readPiece(piece);
  }
  function readPiece(piece: string): void {
    // "在鹿城区注册": where the applicant is registered is the document's region, no fact of its own.
    let s = piece.replace(REGION_MODIFIER, "");
    if (!s) return;
    if (findQuantities(s).some((q) => THRESHOLD_UNITS.has(q.unit))) {
      const k = s.lastIndexOf("的");
      const tail = k >= 0 ? s.slice(k + 1) : "";
      if (tail && kindAtEnd(tail)) keep(r.subject(tail));
      return;
    }
    const lastDeAt = s.lastIndexOf("的");
    const tail = s.slice(lastDeAt + 1);
    if (lastDeAt >= 0 && (kindAtEnd(tail) || !tail)) {
      // "进入…Top10的符合条件的新电商企业": the statements, then whom.
      for (const m of s.slice(0, lastDeAt).split("的")) for (const c of r.words(m.replace(REGION_MODIFIER, ""))) keep(c);
      if (tail) keep(r.subject(tail));
    } else {
      const subj = /^([^、，,]{2,12}?企业)(?=\p{Script=Han})/u.exec(s);
      if (subj) {
        keep(r.subject(subj[1]));
        s = s.slice(subj[1].length);
      }
      const k = s.lastIndexOf("的");
      for (const c of r.words(k > 0 ? s.slice(0, k) : s)) keep(c);
    }
  }
  // "对维持5年以上且开展对外许可的专利(群)给予支持": the subject inside the award part itself.
  if (award >= 0 && runStart < 0) {
    // "年度荣获省级表彰的优秀跨境电子商务企业一次性给予…5万元": without 对 too, when a kind of applicant ends the stretch.
    const own = r.n.slice(ps[award].start, ps[award].end);
    const bare = /^\s*([^，,的]{2,20}的[^的，,]{2,16}?)(?:一次性)?(?:给予|予以)/.exec(own);
    const m = /^\s*(?:对于|对|凡)([^，,]+的[^的，,]{0,12}?)(?:给予|予以)/.exec(own) ?? (bare && kindAtEnd(bare[1].slice(bare[1].lastIndexOf("的") + 1)) ? bare : undefined);
    if (m) for (const piece of m[1].split(/并且|且|并/)) readPiece(piece);
    // "（四）年度荣获国家级表彰的优秀跨境电子商务企业，一次性给予…": whom, in the part right before the award.
    const before = award > 0 ? r.n.slice(ps[award - 1].start, ps[award - 1].end).replace(NUMBERING, "").trim() : "";
    if (!m && /^[^的]{2,20}的[^的]{2,16}$/.test(before) && kindAtEnd(before)) readPiece(before);
  }
  // "…成效显著的省份给予1亿元": the head noun before the award verb.
  if (award >= 0) {
    const p = r.n.slice(ps[award].start, ps[award].end);
    const m = /的([^的，,]{2,10}?)(?:给予|予以|奖励|补助)/.exec(p);
    const k = m ? kindAtEnd(m[1]) : undefined;
    if (m && k && k.kind !== "企业") keep(r.kind([k.kind], `申报主体为${m[1]}`));
  }
  const cond = all(conds);
  return { ...(cond ? { cond } : {}), facts: r.facts, notes: r.notes };
}
