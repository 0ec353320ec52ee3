import { BlockList, isIP } from "node:net";

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
export function normaliseIp(ip: string): string {
  const s = ip.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  return mapped ? mapped[1] : s;
}

/**
 * Which peers are trusted proxies: TRUST_PROXY entries are addresses
 * ("10.0.0.5", "::1") or CIDR ranges ("10.0.0.0/8"). Anything else is a
 * configuration error, reported at start-up rather than silently ignored.
 */
export function proxyMatcher(entries: string[]): (ip: string) => boolean {
  if (!entries.length) return () => false;
  const list = new BlockList();
  for (const raw of entries) {
    const [addr, bits, extra] = raw.split("/");
    const ip = normaliseIp(addr ?? "");
    const family = isIP(ip);
    const prefix = bits === undefined ? undefined : Number(bits);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= max))) {
      throw new Error(`TRUST_PROXY 中的“${raw}”不是 IP 地址或网段 / not an address or CIDR range`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, prefix, type);
  }
  return (ip) => {
    const a = normaliseIp(ip);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
  };
}

/**
 * The client's address. The socket's peer is the client unless it is a
 * trusted proxy; then X-Forwarded-For is read from the right (each proxy
 * appends the address it saw) past every trusted hop, and the first address
 * not a trusted proxy is the client. Entries left of it were written by the
 * client itself and could be anything, so they are never used.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: (ip: string) => boolean): string {
  const remote = peer ? normaliseIp(peer) : "unknown";
  if (!peer || !forwardedFor || !trusted(remote)) return remote;
  const hops = forwardedFor.split(",").map(normaliseIp).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isIP(hops[i])) return remote; // a malformed header: fall back to the proxy's own address
    if (!trusted(hops[i])) return hops[i];
  }
  return hops[0] ?? remote;
}
