import { createHash, timingSafeEqual } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../http/errors.js";

const digest = (s: string) => createHash("sha256").update(s).digest();

declare module "hono" {
  interface ContextVariableMap {
    /** The admin the Bearer token belongs to (ADMIN_USERS name, or "admin" for ADMIN_TOKEN). */
    adminUser: string;
  }
}

/** Constant-time comparison of tokens of any length (hashing first makes the lengths equal). */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/** A named admin: the audit log says who, by the token's sha256 (the token itself is never stored). */
export interface AdminUser {
  name: string;
  /** sha256 of the token, 64 hex digits. */
  sha256: string;
  /** The shared ADMIN_TOKEN account: the operator's X-Admin-User header names the person. */
  shared?: boolean;
}

/** The account ADMIN_TOKEN stands for. */
export const SHARED_ADMIN = "admin";

const LINE = /^([\p{L}\p{N}_.@-]{1,40}):([0-9a-fA-F]{64})$/u;

/**
 * ADMIN_USERS: a path to a file of `name:sha256-of-token` lines, or the same lines
 * in the variable itself (newline- or comma-separated). Blank lines and `#` comments
 * are skipped; a malformed line or a repeated name stops the start, naming the line.
 */
export function parseAdminUsers(raw: string, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): AdminUser[] {
  const value = raw.trim();
  const fromFile = existsSync(value);
  const text = fromFile ? readFile(value) : value;
  const where = fromFile ? value : "ADMIN_USERS";
  const users: AdminUser[] = [];
  text.split(/\r?\n|,/).forEach((l, i) => {
    const line = l.trim();
    if (!line || line.startsWith("#")) return;
    const m = LINE.exec(line);
    if (!m) throw new Error(`${where} 第 ${i + 1} 项格式应为“姓名:令牌的sha256（64位十六进制）” / ${where} entry ${i + 1} must be name:sha256-hex`);
    if (users.some((u) => u.name === m[1])) throw new Error(`${where} 中管理员“${m[1]}”重复 / duplicate admin ${m[1]}`);
    users.push({ name: m[1], sha256: m[2].toLowerCase() });
  });
  if (!users.length) throw new Error(`${where} 中没有管理员 / no admin users in ${where}`);
  return users;
}

/** The admins of the environment: ADMIN_USERS, plus ADMIN_TOKEN as the shared account "admin". */
export function adminUsersFromEnv(env: NodeJS.ProcessEnv): AdminUser[] {
  const users = env.ADMIN_USERS?.trim() ? parseAdminUsers(env.ADMIN_USERS) : [];
  if (env.ADMIN_TOKEN) {
    if (users.some((u) => u.name === SHARED_ADMIN)) throw new Error(`ADMIN_USERS 已有“${SHARED_ADMIN}”，不能再设置 ADMIN_TOKEN / ADMIN_USERS already names ${SHARED_ADMIN}`);
    users.push({ name: SHARED_ADMIN, sha256: digest(env.ADMIN_TOKEN).toString("hex"), shared: true });
  }
  return users;
}

/** Whose token this is, comparing against every admin in constant time (no early exit). */
export function userOfToken(token: string, users: readonly AdminUser[]): AdminUser | undefined {
  const given = digest(token);
  let found: AdminUser | undefined;
  for (const u of users) if (timingSafeEqual(given, Buffer.from(u.sha256, "hex")) && !found) found = u;
  return found;
}

export interface LoginGuard {
  /** Failed attempts per client address allowed in `windowMs`; the next ones get 429 until the window ends. */
  maxFailures: number;
  windowMs: number;
  /** Client address of a request. */
  ipOf: (c: Parameters<MiddlewareHandler>[0]) => string;
  /** Called for every refused attempt (audited as action "login"). */
  onFailure: (c: Parameters<MiddlewareHandler>[0], ip: string, limited: boolean) => void;
}

/**
 * Bearer token check for /admin/api/*: a missing or unknown token is a 401 and nothing runs;
 * a known one sets `adminUser` for the audit log.
 * With a guard, every failure is reported (audit) and an address that fails too often is
 * refused with 429 + Retry-After for the rest of the window, whatever token it sends.
 */
export function requireAdmin(users: readonly AdminUser[], guard?: LoginGuard): MiddlewareHandler {
  const failures = new Map<string, { n: number; until: number }>();
  return async (c, next) => {
    const ip = guard?.ipOf(c) ?? "";
    const now = Date.now();
    const f = guard ? failures.get(ip) : undefined;
    if (f && f.until <= now) failures.delete(ip);
    if (guard && f && f.until > now && f.n >= guard.maxFailures) {
      guard.onFailure(c, ip, true);
      c.header("Retry-After", String(Math.ceil((f.until - now) / 1000)));
      return apiError(c, 429, "rate_limited", "管理口令错误次数过多，请稍后再试");
    }
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
    const user = m ? userOfToken(m[1].trim(), users) : undefined;
    if (!user) {
      if (guard) {
        const cur = failures.get(ip);
        if (cur && cur.until > now) cur.n++;
        else failures.set(ip, { n: 1, until: now + guard.windowMs });
        if (failures.size > 10_000) failures.clear();
        guard.onFailure(c, ip, false);
      }
      c.header("WWW-Authenticate", 'Bearer realm="admin"');
      return apiError(c, 401, "unauthorized", "管理口令错误或缺失");
    }
    c.set("adminUser", user.name);
    await next();
  };
}

/** The ADMIN_TOKEN-only check, kept for callers that have one token. */
export const requireToken = (token: string, guard?: LoginGuard): MiddlewareHandler => requireAdmin([{ name: SHARED_ADMIN, sha256: digest(token).toString("hex"), shared: true }], guard);
