import { loadConfig } from "./config.js";
import { ListenError } from "./listen-error.js";
import { pidFileFor, writePidFile } from "./pidfile.js";
import { start, type Running } from "./start.js";

async function main(): Promise<void> {
  const config = loadConfig();
  let running: Running | undefined;
  let pending = false;
  // SIGHUP: pick up a changed corpus (rebuilt off the request path) without a restart.
  // Handled from the start: the default action of SIGHUP would end the process.
  const reload = () => {
    if (!running) {
      // The corpus may have changed after start-up checked it: look again once serving.
      pending = true;
      return console.log("正在启动，启动完成后重新检查语料 / still starting; will reload once serving");
    }
    running.reload().then(
      (r) => console.log(r.rebuilt ? "索引已重建并切换" : "语料未变化，已重新加载索引"),
      (e: unknown) => console.error(`重新加载失败，继续使用原索引：${e instanceof Error ? e.message : String(e)}`),
    );
  };
  process.on("SIGHUP", reload);
  // Written once the port is open (a server that cannot get its port must not take over the running one's pid file),
  // and before the index loads, so `npm run reload` finds this process (not npm) from the first moment.
  running = await start(config, console.log, { onListening: (_url, port) => writePidFile(pidFileFor(config.pidFile, port)) });
  if (pending) reload();
  console.log(`政策通已启动：${running.url}  （今天按 ${config.today()} 计算政策有效期；进程 ${process.pid}，npm run reload 重新加载索引）`);
  // SIGTERM/SIGINT: stop accepting, let requests in flight finish, then exit.
  const stop = () => running!.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(`启动失败 / failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof ListenError ? e.exitCode : 1);
});
