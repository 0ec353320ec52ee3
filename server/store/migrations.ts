import type { Kysely, Migration, MigrationProvider } from "kysely";

/**
 * The insights schema, versioned: each entry runs once per database, in name
 * order, recorded in kysely_migration. Never edit a shipped entry; add the
 * next one. Column types are the ones SQLite and PostgreSQL read alike
 * (times are ISO-8601 UTC text, so they compare as text on both).
 */
export const MIGRATIONS: Record<string, Migration> = {
  "2026-12-07-001-insights": {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable("questions")
        .addColumn("request_id", "varchar(255)", (c) => c.primaryKey())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("channel", "varchar(16)", (c) => c.notNull())
        .addColumn("region", "varchar(64)")
        .addColumn("outcome", "varchar(16)", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("questions_at").on("questions").column("at").execute();
      await db.schema
        .createTable("feedback")
        .addColumn("request_id", "varchar(255)", (c) => c.primaryKey())
        .addColumn("at", "varchar(32)", (c) => c.notNull())
        .addColumn("helpful", "integer", (c) => c.notNull())
        .addColumn("comment", "text")
        .addColumn("channel", "varchar(16)")
        .execute();
      await db.schema.createIndex("feedback_at").on("feedback").column("at").execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable("feedback").execute();
      await db.schema.dropTable("questions").execute();
    },
  },
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
