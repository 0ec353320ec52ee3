import { respond } from "../chat/respond.js";
import type { Services } from "../services.js";
import type { Compute } from "./types.js";

/** CHAT_THREADS=0: answers computed on the event loop, as a single-threaded server does. */
export function inlineCompute(s: Services): Compute {
  return {
    threads: 0,
    // The inline services read the same clock the route read `today` from.
    chat: (req) => respond(req, s),
    search: (q, k, filter) => s.retriever.search(q, k, filter),
    queued: () => 0,
    close: async () => {},
  };
}
