/**
 * Ask one question from the command line: prints the answer, then the full JSON.
 *   npm run ask -- "我们是刚落户杭州的新电商企业，实际投资额1000万元，能拿多少？"
 *   npm run ask -- --json "…"     (JSON only)
 */
import { parseArgs } from "node:util";
import { respond } from "../chat/respond.js";
import { loadConfig } from "../config.js";
import { ensureIndex } from "../index/ensure.js";
import { createServices } from "../services.js";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: "boolean" }, "as-of": { type: "string" } } });
  const question = positionals.join(" ").trim();
  if (!question) {
    console.error('用法 / usage: npm run ask -- "问题"   [--json] [--as-of YYYY-MM-DD]');
    process.exit(2);
  }
  const config = loadConfig();
  const index = await ensureIndex(config.indexDir, config.corpusDir, (m) => console.error(m));
  const result = await respond({ messages: [{ role: "user", content: question }], ...(values["as-of"] ? { asOf: values["as-of"] } : {}) }, createServices(config, index));
  if (!values.json) console.log(`${result.answer}\n\n${"─".repeat(40)}`);
  console.log(JSON.stringify(result, null, 2));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
