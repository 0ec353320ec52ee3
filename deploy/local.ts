/**
 * A whole deployment on this machine, from Debian's packages: redis-server,
 * N replicas of the server on loopback ports sharing one read-only index and
 * one rate limit in Redis, and nginx in front (deploy/nginx.conf.template).
 * Everything it writes lives in one temporary directory, so it runs as an
 * ordinary user. Used by `npm run deploy:local` and by test/deploy/.
 *
 *   npm run deploy:local [-- --replicas 2 --port 8820]
 *
 * nginx listens on --port, Redis on --port+1, replicas on the ports after that.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sha256 } from "../core/index/manifest.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const NGINX_BIN = process.env.NGINX_BIN ?? "/usr/sbin/nginx";
export const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";
const TEMPLATE = join(ROOT, "deploy", "nginx.conf.template");

/** The Debian packages this needs and does not find (apt-get install -y nginx redis-server). */
export function missingBinaries(): string[] {
  return [NGINX_BIN, REDIS_BIN].filter((b) => !existsSync(b));
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

/** A child process with its combined output kept for error messages. */
export interface Proc {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** Signal without waiting for a graceful exit (SIGKILL: a crash). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function proc(cmd: string, args: string[], port: number, env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Proc {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const kill = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    port,
    output: () => out,
    kill,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(t);
    },
  };
}

async function waitFor(what: string, p: Proc, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`${what} exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.output()}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await p.stop();
  throw new Error(`${what} not ready within ${timeoutMs} ms:\n${p.output()}`);
}

export async function startRedis(port: number, dir: string): Promise<Proc & { url: string }> {
  mkdirSync(dir, { recursive: true });
  // No persistence: the counters are one minute long, and the data dir stays in the temp tree.
  const p = proc(REDIS_BIN, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--protected-mode", "yes"], port);
  await waitFor("redis-server", p, async () => /Ready to accept connections/i.test(p.output()), 10_000);
  return Object.assign(p, { url: `redis://127.0.0.1:${port}` });
}

/** Fill the template's ${NAME} placeholders; an unknown name is an error, not an empty string. */
export function renderNginxConf(template: string, vars: Record<string, string>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`nginx template: no value for \${${name}}`);
    return vars[name];
  });
}

export async function startNginx(port: number, upstreamPorts: number[], prefix: string): Promise<Proc & { url: string; conf: string }> {
  mkdirSync(prefix, { recursive: true });
  for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(prefix, d), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const conf = renderNginxConf(readFileSync(TEMPLATE, "utf8"), {
    NGINX_PREFIX: prefix,
    // As root, nginx's workers would switch to "nobody", who cannot write the temp tree; as anyone else the line is ignored.
    NGINX_USER: isRoot ? "root" : (process.env.USER ?? "nobody"),
    LISTEN: `127.0.0.1:${port}`,
    UPSTREAM_SERVERS: upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n        "),
  });
  const file = join(prefix, "nginx.conf");
  writeFileSync(file, conf);
  const test = spawnSync(NGINX_BIN, ["-t", "-p", prefix, "-c", file, "-e", join(prefix, "error.log")], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
  const p = proc(NGINX_BIN, ["-p", prefix, "-c", file, "-e", join(prefix, "error.log"), "-g", "daemon off;"], port);
  const url = `http://127.0.0.1:${port}`;
  await waitFor("nginx", p, async () => (await fetch(`${url}/healthz`)).status > 0, 10_000);
  return Object.assign(p, { url, conf: file });
}

export interface ReplicaOptions {
  port: number;
  indexDir: string;
  redisUrl: string;
  dir: string;
  env?: Record<string, string>;
}

/** One replica: `node --import tsx server/main.ts`, as `npm start` runs it; ready when /readyz says so. */
export async function startReplica(o: ReplicaOptions): Promise<Proc & { url: string; pidFile: string }> {
  const pidFile = join(o.dir, `replica-${o.port}.pid`);
  const env = {
    ...process.env,
    PORT: String(o.port),
    HOST: "127.0.0.1",
    INDEX_DIR: o.indexDir,
    INDEX_READONLY: "1",
    INDEX_SHA256: sha256(readFileSync(join(o.indexDir, "manifest.json"))),
    REDIS_URL: o.redisUrl,
    // nginx connects from loopback: its X-Forwarded-For names the client.
    TRUST_PROXY: "127.0.0.1",
    PID_FILE: pidFile,
    LOG_LEVEL: "warn",
    ...o.env,
  };
  const p = proc(process.execPath, ["--import", "tsx", "server/main.ts"], o.port, env);
  const url = `http://127.0.0.1:${o.port}`;
  await waitFor(`replica :${o.port}`, p, async () => (await fetch(`${url}/readyz`)).status === 200, 120_000);
  return Object.assign(p, { url, pidFile });
}

/**
 * The index, built once (as `npm run ingest` does) and made read-only: replicas
 * verify it against INDEX_SHA256 and never rebuild it.
 */
export function buildArtifact(outDir: string, corpusDir = join(ROOT, "corpus")): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", "ingest/cli.ts", "--corpus", corpusDir, "--out", outDir], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ingest failed:\n${r.stdout}\n${r.stderr}`);
  makeReadOnly(outDir);
  return sha256(readFileSync(join(outDir, "manifest.json")));
}

function makeReadOnly(dir: string): void {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) makeReadOnly(p);
    else chmodSync(p, 0o444);
  }
  chmodSync(dir, 0o555);
}

function makeWritable(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o755);
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

export interface DeploymentOptions {
  replicas?: number;
  /** nginx on this port, Redis on the next, replicas after; free ports when not given. */
  basePort?: number;
  /** Environment for every replica (RATE_LIMIT_PER_MINUTE, CHAT_THREADS, …). */
  env?: Record<string, string>;
  /** A prebuilt index to copy in as the artifact (tests reuse theirs); built from corpus/ otherwise. */
  indexFrom?: string;
  log?: (m: string) => void;
}

export interface Deployment {
  url: string;
  dir: string;
  indexDir: string;
  redis: Proc & { url: string };
  nginx: Proc & { url: string; conf: string };
  replicas: (Proc & { url: string; pidFile: string })[];
  /** Stop replica i and start it again on its port with extra environment (a rolling restart step). */
  restartReplica(i: number, env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export async function startDeployment(o: DeploymentOptions = {}): Promise<Deployment> {
  const missing = missingBinaries();
  if (missing.length) throw new Error(`缺少 ${missing.join("、")}（apt-get install -y nginx redis-server）/ missing binaries`);
  const log = o.log ?? (() => {});
  const n = o.replicas ?? 2;
  const ports = o.basePort ? Array.from({ length: n + 2 }, (_, i) => o.basePort! + i) : await Promise.all(Array.from({ length: n + 2 }, freePort));
  const [nginxPort, redisPort, ...replicaPorts] = ports;
  const dir = mkdtempSync(join(tmpdir(), "zct-deploy-"));
  const indexDir = join(dir, "index");
  const started: Proc[] = [];
  // If this process dies first, take the deployment with it rather than leave daemons on the ports.
  const orphanGuard = () => {
    for (const p of started) p.child.kill("SIGKILL");
  };
  process.once("exit", orphanGuard);
  const stopAll = async () => {
    process.off("exit", orphanGuard);
    await Promise.all(started.map((p) => p.stop()));
    makeWritable(indexDir);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (o.indexFrom) {
      spawnSync("cp", ["-r", resolve(o.indexFrom), indexDir]);
      makeReadOnly(indexDir);
    } else {
      log("building the index once (npm run ingest)…");
      buildArtifact(indexDir);
    }
    log(`index artifact ${indexDir}, manifest sha256 ${sha256(readFileSync(join(indexDir, "manifest.json")))}`);
    const redis = await startRedis(redisPort, join(dir, "redis"));
    started.push(redis);
    log(`redis-server on ${redis.url}`);
    const replicas = await Promise.all(replicaPorts.map((port) => startReplica({ port, indexDir, redisUrl: redis.url, dir, env: o.env })));
    started.push(...replicas);
    for (const r of replicas) log(`replica ${r.url} (pid ${r.child.pid}, pid file ${r.pidFile})`);
    const nginx = await startNginx(nginxPort, replicaPorts, join(dir, "nginx"));
    started.push(nginx);
    log(`nginx on ${nginx.url} (config ${nginx.conf})`);
    return {
      url: nginx.url,
      dir,
      indexDir,
      redis,
      nginx,
      replicas,
      async restartReplica(i, env = {}) {
        const old = replicas[i];
        await old.stop();
        const next = await startReplica({ port: old.port, indexDir, redisUrl: redis.url, dir, env: { ...o.env, ...env } });
        replicas[i] = next;
        started[started.indexOf(old)] = next;
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function cli(): Promise<void> {
  const { values } = parseArgs({ options: { replicas: { type: "string", default: "2" }, port: { type: "string", default: "8820" }, "rate-limit": { type: "string", default: "60" } } });
  const d = await startDeployment({
    replicas: Number(values.replicas),
    basePort: Number(values.port),
    env: { RATE_LIMIT_PER_MINUTE: values["rate-limit"] ?? "60" },
    log: (m) => console.log(m),
  });
  console.log(`\n政策通（${d.replicas.length} 个副本，nginx + Redis）：${d.url}    Ctrl+C 停止并清理 ${d.dir}`);
  const stop = () => void d.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
