import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminUsersFromEnv, parseAdminUsers, userOfToken } from "../../server/admin/auth.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("ADMIN_USERS", () => {
  it("reads name:sha256 lines from a file, skipping blanks and comments", () => {
    const dir = mkdtempSync(join(tmpdir(), "zct-users-"));
    const file = join(dir, "admins.txt");
    writeFileSync(file, `# 政策办\n张三:${sha("t-zhang")}\n\n李四:${sha("t-li").toUpperCase()}\n`);
    try {
      const users = parseAdminUsers(file);
      expect(users.map((u) => u.name)).toEqual(["张三", "李四"]);
      expect(userOfToken("t-li", users)?.name).toBe("李四");
      expect(userOfToken("t-zhang", users)?.name).toBe("张三");
      expect(userOfToken("t-wang", users)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the same lines from the variable, and ADMIN_TOKEN stays the shared account admin", () => {
    const users = adminUsersFromEnv({ ADMIN_USERS: `张三:${sha("a")},王五:${sha("b")}`, ADMIN_TOKEN: "shared" });
    expect(users.map((u) => [u.name, Boolean(u.shared)])).toEqual([["张三", false], ["王五", false], ["admin", true]]);
    expect(userOfToken("shared", users)?.name).toBe("admin");
  });

  it("stops the start with a Chinese message naming the bad entry", () => {
    expect(() => parseAdminUsers(`张三:${sha("a")}\n李四:notahash`)).toThrow(/ADMIN_USERS 第 2 项格式应为“姓名:令牌的sha256/);
    expect(() => parseAdminUsers(`张三:${sha("a")}\n张三:${sha("b")}`)).toThrow(/管理员“张三”重复/);
    expect(() => adminUsersFromEnv({ ADMIN_USERS: `admin:${sha("a")}`, ADMIN_TOKEN: "x" })).toThrow(/不能再设置 ADMIN_TOKEN/);
  });
});
