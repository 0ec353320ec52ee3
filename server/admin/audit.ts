import { appendFileSync } from "node:fs";

export interface AuditEntry {
  /** Who: the name the operator gave (X-Admin-User) and the client address. */
  who: string;
  ip: string;
  /** What: "upload", "delete", "adopt-rule", "disable-rule", "create-rule", "update-rule", "preview". */
  action: string;
  target: string;
  ok: boolean;
  detail?: string;
  /** A rule edit: the rule as it was (absent for a new one) and as saved. */
  before?: unknown;
  after?: unknown;
}

/**
 * One JSON line per admin action, to ADMIN_AUDIT_FILE when set (appended,
 * one write per line) and to stdout otherwise, whatever LOG_LEVEL says.
 */
export function auditLog(file: string | undefined): (e: AuditEntry) => void {
  return (e) => {
    const line = `${JSON.stringify({ audit: true, at: new Date().toISOString(), ...e })}\n`;
    if (file) appendFileSync(file, line);
    else process.stdout.write(line);
  };
}
