import type { Kysely } from "kysely";
import { type DbConfig, type Engine, type InsightsTables, migrate, openDb } from "./db.js";
import { storedQuestion } from "./mask.js";
import type { Channel, InsightsResponse, Outcome } from "./schema.js";

const DAY_MS = 86_400_000;
/**
 * A question that was answered is kept only this long, so a 没用 clicked
 * afterwards can name it; past it, unless rated 没用, it is deleted:
 * what people ask and get an answer to is not the office's business.
 */
export const FEEDBACK_WINDOW_MS = DAY_MS;
/** Rows listed per table in one insights reply. */
const TOP = 50;

export interface QuestionRecord {
  requestId: string;
  question: string;
  channel: Channel;
  region?: string;
  outcome: Outcome;
}

export interface FeedbackRecord {
  requestId: string;
  helpful: boolean;
  comment?: string;
  channel?: Channel;
}

export interface InsightsOptions extends DbConfig {
  /** Days a recorded question or feedback is kept (INSIGHTS_RETENTION_DAYS, default 180). */
  retentionDays: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What people ask that the documents do not answer, and what they think of
 * the answers: the only shared state of the server, in SQLite or PostgreSQL.
 * Personal data is masked before anything is written. The schema is migrated
 * on first use; a failed migration (database down) is retried on the next call.
 */
export class InsightsStore {
  readonly engine: Engine;
  private readonly db: Kysely<InsightsTables>;
  private ready: Promise<void> | undefined;

  constructor(private readonly opts: InsightsOptions) {
    ({ db: this.db, engine: this.engine } = openDb(opts));
  }

  private async use(): Promise<Kysely<InsightsTables>> {
    this.ready ??= migrate(this.db).catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    await this.ready;
    return this.db;
  }

  /** Record the question of an answer; answered ones are kept only for the feedback window. */
  async recordQuestion(q: QuestionRecord, now = Date.now()): Promise<void> {
    const db = await this.use();
    const row = { request_id: q.requestId, at: iso(now), question: storedQuestion(q.question), channel: q.channel, region: q.region?.slice(0, 64) ?? null, outcome: q.outcome };
    // A client may resend its own X-Request-Id: the later answer replaces the earlier record.
    await db
      .insertInto("questions")
      .values(row)
      .onConflict((oc) => oc.column("request_id").doUpdateSet({ at: row.at, question: row.question, channel: row.channel, region: row.region, outcome: row.outcome }))
      .execute();
  }

  /** Record (or replace: 没用 then a comment) the rating of an answer. */
  async recordFeedback(f: FeedbackRecord, now = Date.now()): Promise<void> {
    const db = await this.use();
    const row = { request_id: f.requestId, at: iso(now), helpful: f.helpful ? 1 : 0, comment: f.comment ? storedQuestion(f.comment, 1000) || null : null, channel: f.channel ?? null };
    await db
      .insertInto("feedback")
      .values(row)
      .onConflict((oc) => oc.column("request_id").doUpdateSet({ at: row.at, helpful: row.helpful, comment: row.comment, channel: row.channel }))
      .execute();
  }

  /** The last `days` days: the questions left unanswered (found nothing, refused, or rated 没用), most asked first, and the ratings. */
  async insights(days: number, now = Date.now(), limit = TOP): Promise<InsightsResponse> {
    const db = await this.use();
    const since = iso(now - days * DAY_MS);
    const unhelpful = db.selectFrom("feedback").select("request_id").where("helpful", "=", 0);
    const unanswered = await db
      .selectFrom("questions")
      .select((eb) => ["question", eb.fn.countAll<string | number>().as("count"), eb.fn.max("at").as("lastAt")])
      .where("at", ">=", since)
      .where((eb) => eb.or([eb("outcome", "in", ["nothing", "refused"]), eb("request_id", "in", unhelpful)]))
      .groupBy("question")
      .orderBy((eb) => eb.fn.countAll(), "desc")
      .orderBy((eb) => eb.fn.max("at"), "desc")
      .limit(limit)
      .execute();
    const counts = await db.selectFrom("feedback").select((eb) => ["helpful", eb.fn.countAll<string | number>().as("n")]).where("at", ">=", since).groupBy("helpful").execute();
    const recent = await db
      .selectFrom("feedback as f")
      .leftJoin("questions as q", "q.request_id", "f.request_id")
      .select(["f.request_id", "f.at", "f.helpful", "f.comment", "f.channel", "q.channel as qchannel", "q.question", "q.region"])
      .where("f.at", ">=", since)
      .orderBy("f.at", "desc")
      .limit(limit)
      .execute();
    // PostgreSQL counts are bigint, which pg hands over as text.
    const n = (helpful: number) => Number(counts.find((c) => Number(c.helpful) === helpful)?.n ?? 0);
    return {
      days,
      since,
      unanswered: unanswered.map((u) => ({ question: u.question, count: Number(u.count), lastAt: u.lastAt })),
      feedback: {
        helpful: n(1),
        unhelpful: n(0),
        recent: recent.map((r) => ({
          requestId: r.request_id,
          at: r.at,
          helpful: Number(r.helpful) === 1,
          comment: r.comment,
          channel: (r.channel ?? r.qchannel ?? null) as Channel | null,
          question: r.question ?? null,
          region: r.region ?? null,
        })),
      },
    };
  }

  /** Delete what is past retention, and answered questions past the feedback window that nobody rated 没用. */
  async prune(now = Date.now()): Promise<{ questions: number; feedback: number }> {
    const db = await this.use();
    const cutoff = iso(now - this.opts.retentionDays * DAY_MS);
    const old = await db.deleteFrom("questions").where("at", "<", cutoff).executeTakeFirst();
    const fb = await db.deleteFrom("feedback").where("at", "<", cutoff).executeTakeFirst();
    const unhelpful = db.selectFrom("feedback").select("request_id").where("helpful", "=", 0);
    const answered = await db
      .deleteFrom("questions")
      .where("outcome", "=", "answered")
      .where("at", "<", iso(now - FEEDBACK_WINDOW_MS))
      .where("request_id", "not in", unhelpful)
      .executeTakeFirst();
    return { questions: Number(old.numDeletedRows) + Number(answered.numDeletedRows), feedback: Number(fb.numDeletedRows) };
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
