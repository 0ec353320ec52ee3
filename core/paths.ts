import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout: relative CORPUS_DIR and INDEX_DIR are read from here, whatever the working directory. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Where the documents are (CORPUS_DIR) and where the index is written and read (INDEX_DIR): ingest and server agree. */
export const corpusDirOf = (env: NodeJS.ProcessEnv = process.env): string => resolve(ROOT, env.CORPUS_DIR ?? "corpus");
export const indexDirOf = (env: NodeJS.ProcessEnv = process.env): string => resolve(ROOT, env.INDEX_DIR ?? ".index");
