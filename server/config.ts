import { resolve } from "node:path";
import { availableParallelism, cpus } from "node:os";
import { corpusDirOf, indexDirOf, ROOT } from "../core/paths.js";
import { proxyMatcher } from "./http/client-ip.js";
import { adminUsersFromEnv, type AdminUser } from "./admin/auth.js";

export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  indexDir: string;
  /**
   * The index is a shipped artifact (INDEX_READONLY=1): verify it, never rebuild it;
   * a missing, corrupt or mismatched index stops the start instead.
   */
  indexReadOnly: boolean;
  /** sha256 of the artifact's manifest.json (INDEX_SHA256): pins the whole index, since the manifest lists every file's checksum. */
  indexSha256?: string;
  /** How often the served index's files are checked for changes (INDEX_WATCH_MS, 0: never): a change triggers a verified reload. */
  indexWatchMs: number;
  allowedOrigins: string[];
  /** "Today" for validity checks; TODAY=YYYY-MM-DD overrides the clock (tests, replaying a date). */
  today: () => string;
  rateLimitPerMinute: number;
  workers: number;
  logLevel: string;
  /** Rate-limit counters in this Redis, shared by every replica (REDIS_URL); per process when unset. */
  redisUrl?: string;
  /** Proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy: string[];
  /** Worker threads computing chat and search answers; 0 computes them on the event loop (CHAT_THREADS). */
  chatThreads: number;
  /** How much lower the threads' CPU priority is than the event loop's (nice increment, CHAT_THREAD_NICE). */
  chatThreadNice: number;
  /**
   * Admission to the compute threads under overload: at most `maxQueue` chats and searches wait for a thread,
   * none longer than `maxWaitMs`; the rest get 503 + Retry-After at once (COMPUTE_QUEUE_MAX, 0 turns the bound off;
   * COMPUTE_QUEUE_WAIT_MS, 0 waits without a deadline). Only with CHAT_THREADS > 0.
   */
  computeQueue: { maxQueue: number; maxWaitMs: number; /** Answer budget from arrival (COMPUTE_DEADLINE_MS, 0: none): what could not be answered within it is shed, not computed late. */ deadlineMs: number };
  /** Socket limits of the HTTP server: slow or idle clients must not hold connections. */
  http: { requestTimeoutMs: number; headersTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /** Where `npm start` writes its pid for `npm run reload` (PID_FILE); unset: `.run/server-<port>.pid` (server/pidfile.ts). */
  pidFile?: string;
  llm?: { baseUrl: string; model: string; apiKey?: string };
  /** The name the pages show instead of 政策通 (SITE_TITLE). */
  siteTitle?: string;
  /** The insights store (server/store): PostgreSQL at DATABASE_URL, else SQLite under DATA_DIR; rows kept INSIGHTS_RETENTION_DAYS. */
  insights: { dataDir: string; databaseUrl?: string; retentionDays: number };
  /** Admin page and API at /admin, only when ADMIN_TOKEN or ADMIN_USERS is set; `users` are the named admins (ADMIN_TOKEN is "admin"). */
  admin?: { users: AdminUser[]; maxUploadBytes: number; auditFile?: string; /** Failed logins per address per minute before 429 (ADMIN_LOGIN_MAX_FAILURES). */ maxLoginFailures?: number };
}

/** A non-negative integer from the environment, or a bilingual error naming the variable. */
function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} 须为不小于 ${min} 的整数 / ${name} must be an integer ≥ ${min}: ${raw}`);
  return n;
}

const list = (raw: string | undefined) => (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const localDate = (d = new Date()) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 无效 / invalid PORT: ${env.PORT}`);
  const today = env.TODAY;
  if (today && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`TODAY 须为 YYYY-MM-DD / TODAY must be YYYY-MM-DD: ${today}`);
  const requestTimeoutMs = intEnv(env, "REQUEST_TIMEOUT_MS", 30_000, 1000);
  // Node requires the header deadline to fall within the request deadline.
  const headersTimeoutMs = Math.min(intEnv(env, "HEADERS_TIMEOUT_MS", 10_000, 1000), requestTimeoutMs);
  const cfg: Config = {
    port,
    host: env.HOST ?? "127.0.0.1",
    corpusDir: corpusDirOf(env),
    indexDir: indexDirOf(env),
    indexReadOnly: ["1", "true", "yes"].includes((env.INDEX_READONLY ?? "").toLowerCase()),
    ...(env.INDEX_SHA256 ? { indexSha256: env.INDEX_SHA256.trim().toLowerCase() } : {}),
    indexWatchMs: intEnv(env, "INDEX_WATCH_MS", 5_000),
    allowedOrigins: list(env.ALLOWED_ORIGINS),
    today: today ? () => today : () => localDate(),
    rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 0) || 0,
    workers: Math.max(1, Number(env.WORKERS ?? 1) || cpus().length),
    logLevel: env.LOG_LEVEL ?? "info",
    ...(env.SITE_TITLE?.trim() ? { siteTitle: env.SITE_TITLE.trim().slice(0, 40) } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    trustProxy: list(env.TRUST_PROXY),
    chatThreads: intEnv(env, "CHAT_THREADS", availableParallelism()),
    chatThreadNice: Math.min(19, intEnv(env, "CHAT_THREAD_NICE", 10)),
    computeQueue: { maxQueue: intEnv(env, "COMPUTE_QUEUE_MAX", 64), maxWaitMs: intEnv(env, "COMPUTE_QUEUE_WAIT_MS", 500), deadlineMs: intEnv(env, "COMPUTE_DEADLINE_MS", 1000) },
    http: {
      requestTimeoutMs,
      headersTimeoutMs,
      keepAliveTimeoutMs: intEnv(env, "KEEP_ALIVE_TIMEOUT_MS", 5_000, 0),
      maxConnections: intEnv(env, "MAX_CONNECTIONS", 1024, 1),
    },
    ...(env.PID_FILE ? { pidFile: resolve(ROOT, env.PID_FILE) } : {}),
    insights: { dataDir: resolve(ROOT, env.DATA_DIR ?? ".data"), ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}), retentionDays: intEnv(env, "INSIGHTS_RETENTION_DAYS", 180, 1) },
  };
  if (env.ADMIN_TOKEN || env.ADMIN_USERS?.trim()) {
    const mb = Number(env.ADMIN_MAX_UPLOAD_MB ?? 20);
    cfg.admin = { users: adminUsersFromEnv(env), maxUploadBytes: Math.round((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024), ...(env.ADMIN_AUDIT_FILE ? { auditFile: env.ADMIN_AUDIT_FILE } : {}), maxLoginFailures: intEnv(env, "ADMIN_LOGIN_MAX_FAILURES", 30, 1) };
  }
  proxyMatcher(cfg.trustProxy); // throws on an entry that is not an address or CIDR range
  // The admin API edits the corpus and rebuilds the index; a shipped read-only index is never rebuilt.
  if (cfg.admin && cfg.indexReadOnly) throw new Error("ADMIN_TOKEN 不能与 INDEX_READONLY 同时使用：只读索引不会重建 / the admin API needs a writable index");
  if (env.LLM_BASE_URL && env.LLM_MODEL) cfg.llm = { baseUrl: env.LLM_BASE_URL, model: env.LLM_MODEL, ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}) };
  return cfg;
}
