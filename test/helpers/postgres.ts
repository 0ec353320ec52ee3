import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Whether PostgreSQL's server binaries are installed (Debian's postgresql; CI installs it). */
export const hasPostgres = (): boolean => existsSync(join(BIN, "initdb")) && existsSync(join(BIN, "pg_ctl"));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The uid and gid of the postgres account, which the server runs as when we are root (it refuses root). */
function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/**
 * A throwaway PostgreSQL server: a fresh cluster in a temp dir on a free loopback
 * port, trust authentication, no fsync. `stop` shuts it down and removes the dir.
 */
export async function startPostgres(): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "zct-pg-"));
  const data = join(dir, "data");
  const root = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    root ? execFileSync("runuser", ["-u", "postgres", "--", join(BIN, cmd), ...args], { stdio: "pipe" }) : execFileSync(join(BIN, cmd), args, { stdio: "pipe" });
  if (root) {
    const { uid, gid } = postgresIds();
    chmodSync(dir, 0o755);
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "zct", "--no-sync", "-E", "UTF8", "--locale=C"]);
    run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, "start"]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer };
    throw new Error(`PostgreSQL 未能启动：${err.stderr?.toString() ?? String(e)}`);
  }
  return {
    url: `postgres://zct@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
