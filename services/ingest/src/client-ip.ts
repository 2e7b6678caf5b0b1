// The client's IP address: the connection's, or the left-most X-Forwarded-For entry when
// the gateway runs behind a proxy the operator trusts (INGEST_TRUST_PROXY).

/** Picks the client IP of a request. */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy && forwardedFor) {
    const first = (Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor).split(',')[0]?.trim();
    if (first) return stripIpv6Prefix(first);
  }
  return remoteAddress ? stripIpv6Prefix(remoteAddress) : undefined;
}

function stripIpv6Prefix(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
