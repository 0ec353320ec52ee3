import pino, { type Logger } from "pino";

/** One structured JSON logger per process; `LOG_LEVEL=silent` for tests. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, messageKey: "msg" });
}
export type { Logger };
