import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../deploy/local.js";
import { testIndexDir } from "../helpers/server.js";

const tmp = mkdtempSync(join(tmpdir(), "zct-reload-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm run reload", () => {
  it("reloads the server started by `npm start` (its pid file, not npm) and leaves npm and the server running", async () => {
    const corpus = join(tmp, "corpus");
    cpSync("corpus", corpus, { recursive: true });
    const index = join(tmp, "index");
    cpSync(testIndexDir(), index, { recursive: true });
    const pidFile = join(tmp, "server.pid");
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), CORPUS_DIR: corpus, INDEX_DIR: index, PID_FILE: pidFile, CHAT_THREADS: "0", LOG_LEVEL: "warn" };
    const npm = spawn("npm", ["start", "--silent"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    npm.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    npm.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    let serverPid = 0;
    try {
      await until("the server to start", () => out.includes("政策通已启动"));
      serverPid = Number(readFileSync(pidFile, "utf8"));
      // The pid a user sees (npm's) is not the server's: that is why the pid file exists.
      expect(serverPid).not.toBe(npm.pid);
      expect(readFileSync(`/proc/${serverPid}/cmdline`, "utf8")).toContain("server/main.ts");

      writeFileSync(join(corpus, "docs", "bluewhale.txt"), "---\nid: bluewhale\ntitle: 某市蓝鲸计划扶持办法\n---\n第一条 为支持蓝鲸计划企业发展，制定本办法。\n第二条 对入选蓝鲸计划的企业给予奖励。\n");
      const r = spawnSync("npm", ["run", "reload", "--silent"], { env, encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`已通知进程 ${serverPid}`);
      await until("the reload", () => out.includes("索引已重建并切换"));
      const hits = (await (await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent("蓝鲸计划 奖励")}&k=1`)).json()) as { hits: { docId: string }[] };
      expect(hits.hits[0].docId).toBe("bluewhale");
      expect(alive(npm.pid!)).toBe(true);
      expect(alive(serverPid)).toBe(true);
    } finally {
      if (serverPid) process.kill(serverPid, "SIGTERM");
      await new Promise<void>((res) => (npm.exitCode !== null ? res() : npm.once("exit", () => res())));
    }
    // The server removes its pid file when it stops, so a later reload does not signal a stranger.
    expect(existsSync(pidFile)).toBe(false);
    const stale = spawnSync("npm", ["run", "reload", "--silent"], { env, encoding: "utf8" });
    expect(stale.status).not.toBe(0);
    expect(stale.stderr).toMatch(/没有找到 pid 文件/);
  });
});
