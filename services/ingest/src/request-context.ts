// What the pipeline needs to know about one HTTP request, independent of Fastify.

/** The parts of a request the ingest pipeline reads. */
export interface RequestContext {
  projectId: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  origin: string | undefined;
  userAgent: string | undefined;
  clientIp: string | undefined;
  receivedAt: Date;
}

/** The Origin of a request, or the origin of its Referer (as Relay does). */
export function requestOrigin(headers: Record<string, string | string[] | undefined>): string | undefined {
  const origin = first(headers.origin);
  if (origin) return origin;
  const referer = first(headers.referer);
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** The first value of a header. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
