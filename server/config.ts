import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { cpus } from "node:os";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  indexDir: string;
  allowedOrigins: string[];
  /** "Today" for validity checks; TODAY=YYYY-MM-DD overrides the clock (tests, replaying a date). */
  today: () => string;
  rateLimitPerMinute: number;
  workers: number;
  logLevel: string;
  llm?: { baseUrl: string; model: string; apiKey?: string };
  /** Admin page and API at /admin, only when ADMIN_TOKEN is set. */
  admin?: { token: string; maxUploadBytes: number; auditFile?: string };
}

const localDate = (d = new Date()) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT 无效 / invalid PORT: ${env.PORT}`);
  const today = env.TODAY;
  if (today && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`TODAY 须为 YYYY-MM-DD / TODAY must be YYYY-MM-DD: ${today}`);
  const cfg: Config = {
    port,
    host: env.HOST ?? "127.0.0.1",
    corpusDir: resolve(ROOT, env.CORPUS_DIR ?? "corpus"),
    indexDir: resolve(ROOT, env.INDEX_DIR ?? ".index"),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    today: today ? () => today : () => localDate(),
    rateLimitPerMinute: Number(env.RATE_LIMIT_PER_MINUTE ?? 0) || 0,
    workers: Math.max(1, Number(env.WORKERS ?? 1) || cpus().length),
    logLevel: env.LOG_LEVEL ?? "info",
  };
  if (env.ADMIN_TOKEN) {
    const mb = Number(env.ADMIN_MAX_UPLOAD_MB ?? 20);
    cfg.admin = { token: env.ADMIN_TOKEN, maxUploadBytes: Math.round((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024), ...(env.ADMIN_AUDIT_FILE ? { auditFile: env.ADMIN_AUDIT_FILE } : {}) };
  }
  if (env.LLM_BASE_URL && env.LLM_MODEL) cfg.llm = { baseUrl: env.LLM_BASE_URL, model: env.LLM_MODEL, ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}) };
  return cfg;
}
