import type { Config } from "./config.js";
import type { IndexData } from "./index/load.js";
import { Retriever } from "./retrieval/search.js";

/** What routes need: the loaded index and the clock. Built once per index load. */
export interface Services {
  config: Config;
  index: IndexData;
  retriever: Retriever;
  today: () => string;
}

export function createServices(config: Config, index: IndexData): Services {
  return { config, index, retriever: new Retriever(index), today: config.today };
}
