// The message-based enrichment path as it was before the consumer kept events in JSON form
// (protobuf-es fromJson of the IngestedEvent, symbolicateEvent on messages, toJson for scrubbing,
// toJson of the envelope). Kept only as the reference json-path.spec.ts compares the payloads of
// the JSON path (src/pipeline/enricher.ts) with, byte for byte.
import {
  create,
  EnrichedEventSchema,
  NormalizedUrlSchema,
  ParsedUserAgentSchema,
  PiiActionSchema,
  PiiMethod,
  SentryEventSchema,
  TraceContextSchema,
  timestampFromDate,
  type IngestedEvent,
  type PiiAction,
  type TraceContext,
} from '@faultline/contracts';
import { toJson } from '@bufbuild/protobuf';
import { normalizeUrl, parseUserAgent, piiConfig, scrubEvent, userAgentContexts, type PiiConfig, type PiiMethodName, type UserAgentInfo } from '@faultline/scrubbing';
import { symbolicateEvent, type FrameResult } from '@faultline/sourcemaps';
import type { EnricherOptions } from '../src/pipeline/enricher.js';

/** The enriched event as its stream payload, what scrubbing changed, and the per-frame results (for metrics). */
export interface MessageEnrichOutput {
  /** Canonical JSON of the EnrichedEvent (built from JSON parts: the event is scrubbed in JSON form). */
  body: string;
  pii: PiiAction[];
  results: FrameResult[];
}

const METHODS: Record<PiiMethodName, PiiMethod> = { remove: PiiMethod.REMOVE, replace: PiiMethod.REPLACE, mask: PiiMethod.MASK };

/** The message-based enricher (reference for tests). */
export class MessageEnricher {
  constructor(private readonly o: EnricherOptions) {}

  /** Enriches one event; rejects only when artifact storage or PostgreSQL fails (retry). */
  async enrich(ingested: IngestedEvent, now = new Date()): Promise<MessageEnrichOutput> {
    const projectId = ingested.projectId;
    const [settings, symbolicated] = await Promise.all([
      this.o.projectSettings(projectId),
      symbolicateEvent(ingested.event ?? create(SentryEventSchema), {
        projectId,
        source: this.o.source,
        cache: this.o.cache,
        inAppExclude: this.o.inAppExclude,
        maxMapBytes: this.o.maxMapBytes,
      }),
    ]);
    const json = toJson(SentryEventSchema, symbolicated.event) as Record<string, unknown>;

    // The page URL and User-Agent are read before scrubbing, which may filter parts of them.
    const request = (json.request ?? {}) as { url?: string; headers?: Record<string, string> };
    const page = request.url ? normalizeUrl(request.url) : undefined;
    const ua = headerValue(request.headers, 'user-agent') || ingested.client?.userAgent || '';
    const info = ua ? this.userAgent(ua) : undefined;
    if (info) json.contexts = userAgentContexts(json.contexts as Record<string, unknown> | undefined, info);
    if (page && page.route) {
      const tags = (json.tags ?? {}) as Record<string, string>;
      tags['url.route'] ??= page.route;
      json.tags = tags;
    }
    const trace = traceOf(json.contexts);

    const config = this.piiConfigFor(projectId, settings.slug, settings.pii, settings.piiKey);
    const scrubbed = scrubEvent(json, config, { storeIp: settings.storeIp });
    const pii: PiiAction[] = scrubbed.changes.map((c) => create(PiiActionSchema, { path: c.path, rule: c.rule, method: METHODS[c.method] }));
    const client = ingested.client && { ...ingested.client };
    if (client && client.clientIp && config.enabled && config.ipAddresses && !settings.storeIp) {
      client.clientIp = '';
      pii.push(create(PiiActionSchema, { path: 'client.client_ip', rule: '@ip', method: PiiMethod.REMOVE }));
    }

    const envelope = create(EnrichedEventSchema, {
      projectId,
      eventId: ingested.eventId,
      receivedAt: ingested.receivedAt,
      enrichedAt: timestampFromDate(now),
      source: ingested.source,
      client,
      enrichment: {
        frames: symbolicated.frames,
        userAgent: info
          ? create(ParsedUserAgentSchema, {
              browserName: info.browserName,
              browserVersion: info.browserVersion,
              osName: info.osName,
              osVersion: info.osVersion,
              deviceFamily: info.deviceFamily,
            })
          : undefined,
        url: page ? create(NormalizedUrlSchema, page) : undefined,
        pii,
        trace,
      },
    });
    // The scrubbed event is already canonical JSON: it is placed into the payload as is instead
    // of being converted back into a message and encoded again (a third of the consumer's CPU).
    const payload = toJson(EnrichedEventSchema, envelope) as Record<string, unknown>;
    payload.event = json;
    return { body: JSON.stringify(payload), pii, results: symbolicated.results };
  }

  private readonly agents = new Map<string, UserAgentInfo>();

  /** Parsed User-Agents are reused: a site's traffic comes from a few hundred distinct strings. */
  private userAgent(ua: string): UserAgentInfo {
    let info = this.agents.get(ua);
    if (!info) {
      info = parseUserAgent(ua);
      if (this.agents.size >= 5_000) this.agents.clear();
      this.agents.set(ua, info);
    }
    return info;
  }

  /** The PII rules of a project: defaults, then overrides by id, then by slug, then the project's stored settings. */
  piiConfigFor(projectId: string, slug: string | undefined, stored: Partial<PiiConfig> = {}, _storedKey?: string): PiiConfig {
    return piiConfig({ ...this.o.pii.default, ...this.o.pii.projects[projectId], ...(slug ? this.o.pii.projects[slug] : {}), ...stored });
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function traceOf(contexts: unknown): TraceContext | undefined {
  const t = (contexts as { trace?: Record<string, unknown> } | undefined)?.trace;
  if (!t || typeof t.trace_id !== 'string' || !/^[0-9a-f]{32}$/.test(t.trace_id)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return create(TraceContextSchema, { traceId: t.trace_id, spanId: str(t.span_id), parentSpanId: str(t.parent_span_id), op: str(t.op), status: str(t.status) });
}
