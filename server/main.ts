import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { ensureIndex } from "./index/ensure.js";
import { createServices } from "./services.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const index = await ensureIndex(config.indexDir, config.corpusDir);
  const services = createServices(config, index);
  const app = createApp(services);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`政策通已启动：http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${info.port}  （语料 ${index.manifest.counts.documents} 份政策，今天 ${config.today()}）`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
