import { loadConfig } from "./config.js";
import { start } from "./start.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await start(config);
  console.log(`政策通已启动：${running.url}  （今天按 ${config.today()} 计算政策有效期）`);
  const stop = () => {
    running.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(`启动失败 / failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
