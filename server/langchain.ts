import { resolve } from "node:path";
import { Document } from "@langchain/core/documents";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { type StructuredToolInterface, tool } from "@langchain/core/tools";
import { z } from "zod";
import { inForce } from "../core/corpus/schema.js";
import { KnownProfileSchema, type Profile } from "../core/facts/registry.js";
import { evaluateAll, isRelevant } from "../core/rules/engine.js";
import type { Match, MatchStatus } from "../core/rules/match.js";
import { llmPhraser } from "./chat/phrase.js";
import { respond } from "./chat/respond.js";
import type { ChatResponse } from "./chat/schema.js";
import { loadConfig } from "./config.js";
import { zodMessages } from "./http/errors.js";
import { ChatRequest, EligibilityRequest, LIMITS } from "./http/schemas.js";
import { IndexProblem, loadIndex, type IndexData } from "./index/load.js";
import type { SearchFilter, SearchHit } from "./retrieval/search.js";
import { createServices, type Services } from "./services.js";

/**
 * The assistant as a LangChain integration: a retriever over the built index (the same hybrid
 * BM25 + vector search as /api/search) and tools an agent can call (search, the deterministic
 * eligibility engine, the /api/chat answer). Amounts come only from the engine: a tool returns
 * the computed figure with its calculation and the clause's verbatim quote, never a model's guess.
 * The index is read-only and loaded once per directory, on first use.
 */
export interface PolicyOptions {
  /** A directory written by `npm run ingest` (or `npm start`). */
  indexDir: string;
  /** The corpus the index was built from: its vocabulary (corpus/vocab) reads document questions. Default CORPUS_DIR or corpus/. */
  corpusDir?: string;
  /** "Today" for validity (YYYY-MM-DD); default TODAY or the system date. */
  today?: string;
}

// Validation messages reach the agent's users: zod speaks Chinese, as in the HTTP API.
z.config(z.locales.zhCN());

/** Indexes by directory, and services by (index, corpus, today): one copy of an index per process. */
const indexes = new Map<string, Promise<IndexData>>();
const loaded = new Map<string, Promise<Services>>();

function indexAt(dir: string): Promise<IndexData> {
  let p = indexes.get(dir);
  if (!p) {
    p = loadIndex(dir).catch((e: unknown) => {
      indexes.delete(dir); // a later call may find the index built
      const why = e instanceof IndexProblem ? e.message : String(e);
      throw new Error(`无法读取政策索引 ${dir}：${why}。请先运行 npm run ingest -- --out ${dir}`);
    });
    indexes.set(dir, p);
  }
  return p;
}

/** The index and services for these options, loaded on first use and shared by retrievers and tools. */
function servicesFor(opts: PolicyOptions): () => Promise<Services> {
  const env: NodeJS.ProcessEnv = { ...process.env, INDEX_DIR: resolve(opts.indexDir) };
  if (opts.corpusDir) env.CORPUS_DIR = resolve(opts.corpusDir);
  if (opts.today) env.TODAY = opts.today;
  const config = loadConfig(env);
  const key = JSON.stringify([config.indexDir, config.corpusDir, opts.today ?? ""]);
  return () => {
    let p = loaded.get(key);
    if (!p) {
      p = indexAt(config.indexDir).then((index) => createServices(config, index));
      p.catch(() => loaded.delete(key));
      loaded.set(key, p);
    }
    return p;
  };
}

/** Zod issues as one Chinese sentence, for an Error a tool or retriever throws. */
const problem = (err: z.ZodError): Error => new Error(`参数有误：${zodMessages(err).join("；")}`);

export interface PolicyRetrieverOptions extends PolicyOptions, BaseRetrieverInput {
  /** Clauses returned per query (1–50, default 5). */
  k?: number;
  /** Only documents of this region (a province or city name) or national ones. */
  region?: string;
  /** Only documents in force on "today" (default true): a lapsed policy is not what an agent should quote as current. */
  inForceOnly?: boolean;
}

/** Metadata of every Document the retriever returns. */
export interface PolicyDocumentMetadata {
  clauseId: string;
  docId: string;
  article: string;
  docTitle: string;
  score: number;
  /** The document is in force on "today". */
  inForce: boolean;
}

/** A retrieved clause as a LangChain Document: the whole clause text, verbatim. */
function toDocument(s: Services, h: SearchHit, today: string): Document<PolicyDocumentMetadata> {
  const doc = s.retriever.doc(h.docId);
  const metadata: PolicyDocumentMetadata = { clauseId: h.clauseId, docId: h.docId, article: h.article, docTitle: h.docTitle, score: h.score, inForce: doc ? inForce(doc, today) : true };
  return new Document({ pageContent: s.retriever.clause(h.clauseId)?.text ?? h.text, metadata, id: h.clauseId });
}

const RetrieverQuery = z
  .string({ message: "查询必须是文字" })
  .trim()
  .min(1, { message: "查询不能为空" })
  .max(LIMITS.queryChars, { message: `查询不能超过${LIMITS.queryChars}个字符` });

export class PolicyRetriever extends BaseRetriever {
  static lc_name() {
    return "PolicyRetriever";
  }
  lc_namespace = ["zhengcetong", "retrievers"];
  private readonly services: () => Promise<Services>;
  private readonly k: number;
  private readonly region: string | undefined;
  private readonly inForceOnly: boolean;

  constructor(opts: PolicyRetrieverOptions) {
    super(opts);
    this.services = servicesFor(opts);
    this.k = Number.isFinite(opts.k) ? Math.min(LIMITS.kMax, Math.max(LIMITS.kMin, Math.round(opts.k!))) : 5;
    this.region = opts.region;
    this.inForceOnly = opts.inForceOnly ?? true;
  }

  async _getRelevantDocuments(query: string): Promise<Document<PolicyDocumentMetadata>[]> {
    const q = RetrieverQuery.safeParse(query);
    if (!q.success) throw problem(q.error);
    const s = await this.services();
    const today = s.today();
    const filter: SearchFilter = { ...(this.region ? { region: this.region } : {}), ...(this.inForceOnly ? { inForceOn: today } : {}) };
    const hits = await s.retriever.search(q.data, this.k, filter);
    return hits.map((h) => toDocument(s, h, today));
  }
}

/** A retriever over the built index: the project's own hybrid search, clauses as Documents. */
export function createPolicyRetriever(opts: PolicyRetrieverOptions): PolicyRetriever {
  return new PolicyRetriever(opts);
}

// ---- tools ----

const AsOf = z.iso.date({ message: "日期格式应为 YYYY-MM-DD" }).optional().describe("以哪一天判断政策是否有效（YYYY-MM-DD），缺省为今天");

const SearchInput = z.object({
  query: RetrieverQuery.describe("要查找的政策内容，中文，如“研发费用补助”"),
  k: z.number({ message: "k 必须是数字" }).int({ message: "k 必须是整数" }).min(1, { message: "k 至少为1" }).max(20, { message: "k 最多为20" }).optional().describe("返回条款数，默认5"),
  region: z.string().max(50, { message: "地区名称过长" }).optional().describe("只看该地区（省或市名称）及全国性的文件"),
  inForceOnly: z.boolean({ message: "inForceOnly 必须是 true 或 false" }).optional().describe("只看今天有效的文件，默认 true"),
});

const EligibilityInput = z.object({
  profile: KnownProfileSchema.describe("企业信息：金额以元计，百分比以百分点计（20 = 20%），地区写全称（如某某市、某某区）"),
  asOf: AsOf,
  ruleId: z.string().max(200).optional().describe("只评估这一条规则（规则编号）"),
  docId: z.string().max(200).optional().describe("只评估这份文件的规则（文件编号）"),
  limit: z.number().int().min(1).max(50).optional().describe("最多返回几条，默认10"),
});

const AskInput = z.object({
  question: z.string({ message: "问题必须是文字" }).trim().min(1, { message: "问题不能为空" }).max(LIMITS.messageChars, { message: `问题不能超过${LIMITS.messageChars}个字符` }).describe("用户的问题，原话"),
  history: z
    .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string() }))
    .max(LIMITS.messages - 1)
    .optional()
    .describe("此前的对话（可选），按时间顺序"),
  profile: KnownProfileSchema.optional().describe("已知的企业信息（可选）"),
  asOf: AsOf,
});

/** Amounts reach the agent only for `eligible`: a pending, lapsed or failed rule's figure is not an award. */
export interface EligibilityResult {
  ruleId: string;
  title: string;
  status: MatchStatus;
  amount?: { yuan?: number; text: string; calculation: string; trace: string[]; upTo?: boolean; approximate?: boolean };
  /** The clause the rule implements, and its words the rule reads, verbatim. */
  citation: { clauseId: string; docId: string; docTitle: string; article: string; quote: string };
  validity?: string;
  reasons: string[];
  failed: string[];
  missing: string[];
  origin?: "curated" | "compiled" | "reviewed";
}

const STATUS_ORDER: Record<MatchStatus, number> = { eligible: 0, needs_info: 1, ineligible: 2, expired: 3, not_yet: 4 };

function resultOf(m: Match): EligibilityResult {
  const a = m.status === "eligible" ? m.amount : undefined;
  return {
    ruleId: m.ruleId,
    title: m.title,
    status: m.status,
    ...(a
      ? { amount: { ...(a.yuan !== undefined ? { yuan: a.yuan } : {}), text: a.text, calculation: a.basis, trace: a.trace, ...(a.upTo ? { upTo: true } : {}), ...(a.approximate ? { approximate: true } : {}) } }
      : {}),
    citation: { clauseId: m.clauseId, docId: m.docId, docTitle: m.docTitle, article: m.article, quote: m.quote },
    ...(m.validity ? { validity: m.validity.text } : {}),
    reasons: m.reasons,
    failed: m.failed,
    missing: m.missingLabels,
    ...(m.origin ? { origin: m.origin } : {}),
  };
}

/** The deterministic engine over a profile: the rules that apply or nearly apply, best first. */
export async function evaluateEligibility(s: Services, input: z.infer<typeof EligibilityInput>): Promise<{ asOf: string; results: EligibilityResult[]; followUps: string[]; notices: string[] }> {
  // The same validation as POST /api/eligibility: compiled facts ("c:…") of this index included.
  const parsed = EligibilityRequest.safeParse({ profile: input.profile, ...(input.asOf ? { asOf: input.asOf } : {}) });
  if (!parsed.success) throw problem(parsed.error);
  const asOf = parsed.data.asOf ?? s.today();
  const profile: Profile = parsed.data.profile;
  const rules = s.index.rules.filter((r) => (!input.ruleId || r.id === input.ruleId) && (!input.docId || r.docId === input.docId));
  if (!rules.length) throw new Error(input.ruleId ? `没有编号为 ${input.ruleId} 的规则` : `文件 ${input.docId} 没有可计算的规则`);
  const evaluation = evaluateAll(rules, profile, s.engineContext(asOf));
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const named = Boolean(input.ruleId || input.docId);
  // Unasked, only what the profile is about: hundreds of rules "need info" for an empty profile.
  const shown = evaluation.matches.filter((m) => m.status === "eligible" || named || isRelevant(ruleById.get(m.ruleId)!, profile));
  shown.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (b.amount?.yuan ?? 0) - (a.amount?.yuan ?? 0) || a.ruleId.localeCompare(b.ruleId));
  return { asOf, results: shown.slice(0, input.limit ?? 10).map(resultOf), followUps: evaluation.followUps.slice(0, 5).map((f) => f.question), notices: evaluation.notices };
}

/** The /api/chat answer to a question: the same composition, and the same optional LLM phrasing with its number guard. */
export async function askQuestion(s: Services, input: z.infer<typeof AskInput>, phrase?: (r: ChatResponse) => Promise<ChatResponse>): Promise<ChatResponse> {
  const req = ChatRequest.safeParse({ messages: [...(input.history ?? []), { role: "user", content: input.question }], ...(input.profile ? { profile: input.profile } : {}), ...(input.asOf ? { asOf: input.asOf } : {}) });
  if (!req.success) throw problem(req.error);
  const r = await respond(req.data, s);
  return phrase ? phrase(r) : r;
}

const json = (x: unknown) => JSON.stringify(x);

/**
 * LangChain tools over the built index. Each returns JSON text for the model and the structured
 * object as the ToolMessage's `artifact` (responseFormat "content_and_artifact").
 */
export function createPolicyTools(opts: PolicyOptions): StructuredToolInterface[] {
  const services = servicesFor(opts);
  let phrase: ((r: ChatResponse) => Promise<ChatResponse>) | undefined | null = null;
  const phraser = (s: Services) => (phrase === null ? (phrase = s.config.llm ? llmPhraser(s.config.llm) : undefined) : phrase);

  const search = tool(
    async (input) => {
      const s = await services();
      const today = s.today();
      const filter: SearchFilter = { ...(input.region ? { region: input.region } : {}), ...((input.inForceOnly ?? true) ? { inForceOn: today } : {}) };
      const hits = (await s.retriever.search(input.query, input.k ?? 5, filter)).map((h) => toDocument(s, h, today));
      const clauses = hits.map((d) => ({ ...d.metadata, text: d.pageContent }));
      return [json({ clauses }), { clauses }] as [string, unknown];
    },
    {
      name: "search_policy_clauses",
      description: "在惠企政策文件中检索条款（混合检索：BM25 + 向量）。返回条款原文、所属文件、条款号和相关度。只用于查找原文；金额请用 evaluate_policy_eligibility 计算。",
      schema: SearchInput,
      responseFormat: "content_and_artifact",
    },
  );

  const eligibility = tool(
    async (input) => {
      const out = await evaluateEligibility(await services(), input);
      return [json(out), out] as [string, unknown];
    },
    {
      name: "evaluate_policy_eligibility",
      description:
        "按企业信息用确定性规则引擎判断能享受哪些扶持：每条给出状态（eligible 符合、needs_info 待补充、ineligible 不符合、expired 已失效、not_yet 尚未生效）、" +
        "按条款计算的金额与算式（仅 eligible 给出金额）、以及条款原文引用。向用户转述金额时必须照抄 amount.text 并附 citation。",
      schema: EligibilityInput,
      responseFormat: "content_and_artifact",
    },
  );

  const ask = tool(
    async (input) => {
      const s = await services();
      const r = await askQuestion(s, input, phraser(s));
      const brief = { answer: r.answer, found: r.found, citations: r.citations.map(({ id, docTitle, article, clauseId, quote }) => ({ id, docTitle, article, clauseId, quote })), followUps: r.followUps, ...(r.total ? { total: r.total } : {}) };
      return [json(brief), r] as [string, unknown];
    },
    {
      name: "ask_policy_question",
      description: "把用户关于惠企政策的问题交给政策通回答（与 /api/chat 相同的答案）：可以申请哪些扶持、按条款计算的金额、逐字引用的条款；信息不足时返回追问。",
      schema: AskInput,
      responseFormat: "content_and_artifact",
    },
  );

  return [search, eligibility, ask];
}
