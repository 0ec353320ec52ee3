// npm run reload [-- --port N]: send SIGHUP to the running server (the pid it wrote to its pid file),
// not to npm, whose pid is the one a user sees after `npm start`.
// The pid file is PID_FILE when set, else .run/server-<port>.pid (server/pidfile.ts names it the same way).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const runDir = join(root, ".run");
const USAGE = `用法：npm run reload [-- --port 端口]
  让运行中的政策通重新加载索引（语料有变化时在后台重建）。
  --port N     重新加载监听端口 N 的服务（读取 .run/server-N.pid）
  --help       显示本说明
  设置了 PID_FILE 时读取该文件；只运行着一个服务时可省略 --port。`;

function fail(msg, code = 1) {
  console.error(msg);
  process.exit(code);
}

let args;
try {
  args = parseArgs({ options: { port: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
} catch (e) {
  fail(`参数有误：${e.message}\n\n${USAGE}`, 2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

/** Which pid file: PID_FILE wins; then --port (or PORT); else the only server running from this checkout. */
function pidFile() {
  if (process.env.PID_FILE) return resolve(root, process.env.PID_FILE);
  const port = args.port ?? (process.env.PORT || undefined);
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) fail(`端口无效：${port}`, 2);
    return join(runDir, `server-${Number(port)}.pid`);
  }
  const files = existsSync(runDir) ? readdirSync(runDir).filter((f) => /^server-\d+\.pid$/.test(f)) : [];
  if (files.length === 1) return join(runDir, files[0]);
  if (files.length > 1) {
    const ports = files.map((f) => f.match(/\d+/)[0]).sort((a, b) => a - b);
    fail(`有 ${files.length} 个服务在运行（端口 ${ports.join("、")}），请用 --port 指定，如 npm run reload -- --port ${ports[0]}`, 2);
  }
  return join(runDir, "server-8787.pid");
}

const file = pidFile();
if (!existsSync(file)) fail(`没有找到 pid 文件 ${file}：服务未运行，或以其他端口、其他 PID_FILE 启动（npm run reload -- --port 端口）/ no pid file`);
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
