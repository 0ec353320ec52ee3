/**
 * Ask one question from the command line: prints the answer as text (its sources
 * and follow-up questions after it); `--json` prints the whole response as JSON instead.
 *   npm run ask -- "我们是刚落户杭州的新电商企业，实际投资额1000万元，能拿多少？"
 *   npm run ask -- --json "…"
 *   npm run ask -- --help
 */
import { formatAnswer, parseAsk } from "./ask-text.js";

async function main(): Promise<void> {
  const args = parseAsk(process.argv.slice(2));
  if ("exit" in args) {
    (args.exit === 0 ? console.log : console.error)(args.message);
    process.exit(args.exit);
  }
  // Loaded only for a question: --help answers at once, without jieba or the index.
  const [{ respond }, { loadConfig }, { ensureIndex }, { createServices }] = await Promise.all([import("../chat/respond.js"), import("../config.js"), import("../index/ensure.js"), import("../services.js")]);
  const config = loadConfig();
  const index = await ensureIndex(config.indexDir, config.corpusDir, (m) => console.error(m));
  const result = await respond({ messages: [{ role: "user", content: args.question }], ...(args.asOf ? { asOf: args.asOf } : {}) }, createServices(config, index));
  console.log(args.json ? JSON.stringify(result, null, 2) : formatAnswer(result));
}

main().catch((e: unknown) => {
  console.error(`出错了：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
