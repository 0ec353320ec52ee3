/** What `npm run ask` reads from its command line and how it prints an answer (pure, so tests need no index). */
import { parseArgs } from "node:util";
import type { ChatResponse } from "../chat/schema.js";

export const USAGE = `用法：npm run ask -- [选项] "问题"
  在命令行向政策通提问，打印回答、出处和追问。

选项：
  --json               输出完整的 JSON 响应（与 POST /api/chat 相同），而不是文字
  --as-of YYYY-MM-DD   按这一天判断政策是否有效（默认今天，或环境变量 TODAY）
  -h, --help           显示本说明

环境变量：CORPUS_DIR、INDEX_DIR（索引缺失或语料变化时先构建索引）、TODAY。
示例：
  npm run ask -- "我们公司实缴注册资本2亿元，落户本区能拿多少扶持？"
  npm run ask -- --json --as-of 2024-06-01 "这项扶持政策的有效期到什么时候？"`;

/** The answer as a person reads it: the text, then each cited clause, then what we would ask next. */
export function formatAnswer(r: ChatResponse): string {
  const out = [r.answer.trim()];
  if (r.citations.length) out.push("", "出处：", ...r.citations.map((c) => `[${c.id}] 《${c.docTitle}》${c.article}：“${c.quote}”`));
  if (r.followUps.length) out.push("", "还需要了解：", ...r.followUps.map((q) => `- ${q}`));
  if (r.notices.length) out.push("", ...r.notices.map((n) => `注：${n}`));
  return out.join("\n");
}

interface Args {
  json: boolean;
  asOf?: string;
  question: string;
}

/** The command line, or a Chinese message and exit code (0 for --help). */
export function parseAsk(argv: string[]): Args | { exit: number; message: string } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    // node:util's messages are English ("Unknown option '--x'"): say it in Chinese, with the option it named.
    const opt = /'([^']+)'/.exec(e instanceof Error ? e.message : "")?.[1];
    return { exit: 2, message: `参数有误${opt ? `：无法识别或缺少取值的选项 ${opt}` : ""}\n\n${USAGE}` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { exit: 0, message: USAGE };
  const question = positionals.join(" ").trim();
  if (!question) return { exit: 2, message: `请提供一个问题。\n\n${USAGE}` };
  const asOf = values["as-of"];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return { exit: 2, message: `--as-of 须为 YYYY-MM-DD 格式的日期：${asOf}` };
  return { json: Boolean(values.json), question, ...(asOf ? { asOf } : {}) };
}

const parse = (args: string[]) =>
  parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, "as-of": { type: "string" }, help: { type: "boolean", short: "h" } } });
