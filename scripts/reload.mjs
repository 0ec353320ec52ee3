// npm run reload: send SIGHUP to the running server (the pid it wrote to PID_FILE),
// not to npm, whose pid is the one a user sees after `npm start`.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const file = resolve(root, process.env.PID_FILE ?? ".run/server.pid");

function fail(msg) {
  console.error(msg);
  process.exit(1);
}

if (!existsSync(file)) fail(`没有找到 pid 文件 ${file}：服务未运行，或以其他 PID_FILE 启动 / no pid file`);
const pid = Number(readFileSync(file, "utf8").trim());
if (!Number.isInteger(pid) || pid <= 0) fail(`pid 文件 ${file} 内容无效 / invalid pid file`);
// On Linux, make sure the pid still belongs to this server and not to a recycled process.
const cmdline = `/proc/${pid}/cmdline`;
if (existsSync("/proc/self/cmdline")) {
  if (!existsSync(cmdline)) fail(`进程 ${pid} 已不存在（pid 文件过期）/ process ${pid} is gone`);
  const cmd = readFileSync(cmdline, "utf8").replace(/\0/g, " ");
  if (!/server\/(main|cluster)\.(ts|js)/.test(cmd)) fail(`进程 ${pid} 不是政策通服务（${cmd.trim().slice(0, 120)}）/ not the server`);
}
try {
  process.kill(pid, "SIGHUP");
} catch (e) {
  fail(`无法向进程 ${pid} 发送 SIGHUP：${e.message}`);
}
console.log(`已通知进程 ${pid} 重新加载索引（语料有变化时在后台重建）/ sent SIGHUP to ${pid}`);
