import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations.js";

/** The tables of the insights store (server/store/migrations.ts creates them). */
export interface InsightsTables {
  questions: { request_id: string; at: string; question: string; channel: string; region: string | null; outcome: string };
  feedback: { request_id: string; at: string; helpful: number; comment: string | null; channel: string | null };
}

export type Engine = "sqlite" | "postgres";

export interface DbConfig {
  /** PostgreSQL when set (DATABASE_URL): every replica shares it. */
  databaseUrl?: string;
  /** Otherwise SQLite in `<dataDir>/insights.sqlite` (DATA_DIR, default .data/). */
  dataDir: string;
}

/** A Kysely over SQLite or PostgreSQL: the query layer is the same for both. Connects lazily. */
export function openDb(cfg: DbConfig): { db: Kysely<InsightsTables>; engine: Engine } {
  if (cfg.databaseUrl) {
    // A down database must fail a query fast, not hang the request that records it.
    const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: 4, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
    // An idle client losing its server (a restart) is reported on the pool; unhandled it would end the process.
    pool.on("error", () => {});
    return { db: new Kysely<InsightsTables>({ dialect: new PostgresDialect({ pool }) }), engine: "postgres" };
  }
  const database = async () => {
    mkdirSync(cfg.dataDir, { recursive: true });
    const d = new Database(join(cfg.dataDir, "insights.sqlite"));
    // Several processes (npm run start:cluster) write the same file: WAL, and wait for a lock instead of failing.
    d.pragma("journal_mode = WAL");
    d.pragma("busy_timeout = 5000");
    return d;
  };
  return { db: new Kysely<InsightsTables>({ dialect: new SqliteDialect({ database }) }), engine: "sqlite" };
}

/** Bring the schema to the latest version; throws with the failing migration's error. */
export async function migrate(db: Kysely<InsightsTables>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`数据库迁移失败${failed ? `（${failed}）` : ""}：${error instanceof Error ? error.message : String(error)}`);
  }
}
