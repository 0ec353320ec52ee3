import type { Config } from "./config.js";
import type { IndexData } from "./index/load.js";
import { loadQuestionVocab, type QuestionVocab } from "./nlu/question-types.js";
import { findRegions, primaryRegion } from "../core/places/regions.js";
import { Retriever } from "./retrieval/search.js";
import { makeContext, type EngineContext } from "../core/rules/engine.js";

/** What routes need: the loaded index, the retriever, the clock. Built once per index load. */
export interface Services {
  config: Config;
  index: IndexData;
  retriever: Retriever;
  today: () => string;
  engineContext: (asOf: string) => EngineContext;
  /** Cue words of document questions (corpus/vocab/question-types.yaml). */
  questionVocab: QuestionVocab;
}

const provinceOf = (city: string): string | undefined => primaryRegion(findRegions(city))?.province;

export function createServices(config: Config, index: IndexData): Services {
  const contexts = new Map<string, EngineContext>();
  return {
    config,
    index,
    retriever: new Retriever(index),
    today: config.today,
    questionVocab: loadQuestionVocab(config.corpusDir),
    engineContext: (asOf) => {
      let ctx = contexts.get(asOf);
      if (!ctx) {
        ctx = makeContext(index.rules, index.docs, asOf, provinceOf);
        if (contexts.size > 64) contexts.clear();
        contexts.set(asOf, ctx);
      }
      return ctx;
    },
  };
}
