/**
 * Retrieval check: for every evaluation question with a `cite_text`, is a
 * clause containing that text in the top 5 of GET /api/search? Starts the
 * real server (building the index if needed) and talks HTTP.
 *
 *   npm run eval:search [-- --questions FILE --k 5 --base URL]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../server/config.js";
import { start } from "../server/start.js";

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { questions: { type: "string", default: "test/eval/questions.jsonl" }, k: { type: "string", default: "5" }, base: { type: "string" } } });
  const running = values.base ? undefined : await start(loadConfig({ ...process.env, PORT: "0" }), () => {});
  const base = values.base ?? running!.url;
  const k = Number(values.k);
  const qs = readFileSync(values.questions!, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; q?: string; turns?: string[]; expect: { cite_text?: string } });
  let hit = 0;
  let asked = 0;
  const times: number[] = [];
  for (const q of qs) {
    const want = q.expect.cite_text;
    if (!want) continue;
    asked++;
    const query = (q.turns ?? [q.q!]).join(" ");
    const t0 = performance.now();
    const res = await fetch(`${base}/api/search?k=${k}&q=${encodeURIComponent(query.slice(0, 500))}`);
    times.push(performance.now() - t0);
    const body = (await res.json()) as { hits: { clauseId: string }[] };
    let rank = -1;
    for (const [i, h] of body.hits.entries()) {
      const c = (await (await fetch(`${base}/api/clauses/${encodeURIComponent(h.clauseId)}`)).json()) as { clause: { text: string } };
      if (norm(c.clause.text).includes(norm(want))) {
        rank = i + 1;
        break;
      }
    }
    if (rank > 0) hit++;
    console.log(`${rank > 0 ? "ok  " : "MISS"} ${q.id} rank ${rank > 0 ? rank : "-"}  ${query.slice(0, 40)}`);
  }
  times.sort((a, b) => a - b);
  console.log(`\nsearch latency ms p50 ${times[Math.floor(times.length / 2)]?.toFixed(1)} p95 ${times[Math.floor(times.length * 0.95)]?.toFixed(1)}`);
  console.log(`top-${k} recall: ${hit}/${asked}`);
  await running?.close();
  process.exit(hit >= asked - 1 ? 0 : 1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(2);
});
