import { afterAll, beforeAll } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { loadConfig } from "../../server/config.js";
import { start } from "../../server/start.js";

/** The index built once by test/global-setup.ts; each test file serves it from its own server. */
export const testIndexDir = (): string => process.env.TEST_INDEX_DIR ?? mkdtempSync(join(tmpdir(), "zct-index-"));

/**
 * Start the real server on a free loopback port. `TODAY` defaults to a fixed date so validity is stable.
 * Answers are computed on the event loop unless a test asks for threads (CHAT_THREADS): each thread
 * loads jieba and the index (seconds of CPU), and test/api/pool.test.ts covers the threaded path.
 */
export async function startServer(env: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void>; reload(): Promise<{ rebuilt: boolean }> }> {
  // The insights store of test servers lives in a temp dir, never in the repository's .data/.
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", INDEX_DIR: testIndexDir(), TODAY: "2026-11-21", LOG_LEVEL: "silent", CHAT_THREADS: "0", DATA_DIR: join(tmpdir(), `zct-test-data-${process.pid}`), ...env });
  const running = await start(config, () => {});
  return { url: running.url, close: () => running.close(), reload: running.reload };
}

/**
 * A server over a temporary corpus of just these documents, with a fresh index: what a government
 * loading its own files gets. `close` also removes the temporary folder.
 */
export async function startCorpusServer(files: readonly string[], env: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "zct-corpus-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  for (const f of files) copyFileSync(f, join(corpus, basename(f)));
  const server = await startServer({ CORPUS_DIR: corpus, INDEX_DIR: join(dir, "index"), ...env });
  return {
    url: server.url,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The server of one test file or describe block: started before its tests, closed after them.
 * `url` is read inside the tests, once the server is up.
 */
export function serverForSuite(start: () => Promise<{ url: string; close(): Promise<void> }>, timeoutMs?: number): { readonly url: string } {
  let running: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    running = await start();
  }, timeoutMs);
  afterAll(() => running?.close());
  return {
    get url() {
      return running?.url ?? "";
    },
  };
}
