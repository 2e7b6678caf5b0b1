// One ingested event → one enriched event: source maps, User-Agent contexts, page URL, PII
// scrubbing, trace context. Pure apart from the artifact lookups (ArtifactSource) and the project
// settings, so the consumer, the bench and tests drive the same code.
import { create, EnrichedEventSchema, IngestedEventSchema, ParsedUserAgentSchema, PiiMethod, timestampFromDate, type EnrichedEvent, type IngestedEvent, type MessageInitShape, type PiiActionSchema, type TraceContextSchema } from '@faultline/contracts';
import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { normalizeUrl, parseUserAgent, piiConfig, scrubEvent, userAgentContexts, type PiiConfig, type PiiMethodName, type UserAgentInfo } from '@faultline/scrubbing';
import { symbolicateEventJson, type ArtifactSource, type FrameResult, type MapCache, type SentryEventJson } from '@faultline/sourcemaps';
import type { PiiSettings } from '../enrichment.config.js';
import { enrichedPayload } from './enriched-payload.js';
import type { IngestedEventJson } from './ingested-decoder.js';
import type { ProjectSettings } from './project-settings.js';

/** What the enricher is built from. */
export interface EnricherOptions {
  source: ArtifactSource;
  cache: MapCache;
  maxMapBytes: number;
  inAppExclude: RegExp[];
  pii: PiiSettings;
  projectSettings: (projectId: string) => Promise<ProjectSettings>;
}

/** One change PII scrubbing made (path, rule, method), as published in `enrichment.pii`. */
export type PiiActionInit = MessageInitShape<typeof PiiActionSchema>;

/** The enriched event as its stream payload, what scrubbing changed, and the per-frame results (for metrics). */
export interface EnrichOutput {
  /** Canonical JSON of the EnrichedEvent, UTF-8. */
  body: Uint8Array;
  pii: PiiActionInit[];
  results: FrameResult[];
}

const METHODS: Record<PiiMethodName, PiiMethod> = { remove: PiiMethod.REMOVE, replace: PiiMethod.REPLACE, mask: PiiMethod.MASK };

/** A parsed User-Agent and the JSON text of its `ParsedUserAgent`. */
interface AgentEntry {
  info: UserAgentInfo;
  text: string;
}

/**
 * Applies every enrichment step to ingested events. The event stays in its canonical JSON form
 * from decode to publish (ingested-decoder.ts, symbolicateEventJson, scrubEvent, enriched-payload.ts).
 */
export class Enricher {
  private readonly agents = new Map<string, AgentEntry>();
  private readonly piiConfigs = new Map<string, PiiConfig>();

  constructor(private readonly o: EnricherOptions) {}

  /**
   * Enriches one event (canonical JSON, as `decodeIngestedJson` returns it; its objects are reused
   * and changed). Rejects only when artifact storage or PostgreSQL fails (retry).
   */
  async enrich(ingested: IngestedEventJson, now = new Date()): Promise<EnrichOutput> {
    const projectId = ingested.project_id ?? '';
    const [settings, symbolicated] = await Promise.all([
      this.o.projectSettings(projectId),
      symbolicateEventJson(ingested.event ?? {}, {
        projectId,
        source: this.o.source,
        cache: this.o.cache,
        inAppExclude: this.o.inAppExclude,
        maxMapBytes: this.o.maxMapBytes,
      }),
    ]);
    const json = symbolicated.event as Record<string, unknown>;

    // The page URL and User-Agent are read before scrubbing, which may filter parts of them.
    const request = (json.request ?? {}) as { url?: string; headers?: Record<string, string> };
    const page = request.url ? normalizeUrl(request.url) : undefined;
    const ua = headerValue(request.headers, 'user-agent') || ingested.client?.user_agent || '';
    const agent = ua ? this.userAgent(ua) : undefined;
    if (agent) json.contexts = userAgentContexts(json.contexts as Record<string, unknown> | undefined, agent.info);
    if (page && page.route) {
      const tags = (json.tags ?? {}) as Record<string, string>;
      tags['url.route'] ??= page.route;
      json.tags = tags;
    }
    const trace = traceOf(json.contexts);

    const config = this.piiConfigFor(projectId, settings.slug, settings.pii, settings.piiKey);
    const scrubbed = scrubEvent(json, config, { storeIp: settings.storeIp });
    const pii: PiiActionInit[] = scrubbed.changes.map((c) => ({ path: c.path, rule: c.rule, method: METHODS[c.method] }));
    const client = ingested.client && { ...ingested.client };
    if (client && client.client_ip && config.enabled && config.ipAddresses && !settings.storeIp) {
      delete client.client_ip;
      pii.push({ path: 'client.client_ip', rule: '@ip', method: PiiMethod.REMOVE });
    }

    const body = enrichedPayload({
      projectId,
      eventId: ingested.event_id ?? '',
      receivedAt: ingested.received_at,
      enrichedAt: timestampJson(now),
      source: ingested.source,
      client,
      symbolication: symbolicated,
      userAgentText: agent?.text,
      url: page,
      pii,
      trace,
      event: json as SentryEventJson,
    });
    return { body, pii, results: symbolicated.results };
  }

  /** `enrich` of a message, decoded back into a message (tests and tools). */
  async enrichMessage(ingested: IngestedEvent, now = new Date()): Promise<EnrichedEvent> {
    const out = await this.enrich(toJson(IngestedEventSchema, ingested) as IngestedEventJson, now);
    return fromJson(EnrichedEventSchema, JSON.parse(new TextDecoder().decode(out.body)) as JsonValue);
  }

  /** Parsed User-Agents are reused: a site's traffic comes from a few hundred distinct strings. */
  private userAgent(ua: string): AgentEntry {
    let entry = this.agents.get(ua);
    if (!entry) {
      const info = parseUserAgent(ua);
      const text = JSON.stringify(
        toJson(ParsedUserAgentSchema, create(ParsedUserAgentSchema, {
          browserName: info.browserName,
          browserVersion: info.browserVersion,
          osName: info.osName,
          osVersion: info.osVersion,
          deviceFamily: info.deviceFamily,
        })),
      );
      entry = { info, text };
      if (this.agents.size >= 5_000) this.agents.clear();
      this.agents.set(ua, entry);
    }
    return entry;
  }

  /**
   * The PII rules of a project: `ENRICHMENT_PII`'s defaults, then its overrides by id, then by slug,
   * then the project's own settings from PostgreSQL (`stored`, whose JSON text is `storedKey`);
   * built once per project, slug and stored settings.
   */
  piiConfigFor(projectId: string, slug: string | undefined, stored: Partial<PiiConfig> = {}, storedKey = '{}'): PiiConfig {
    const key = `${projectId}\u0000${slug ?? ''}\u0000${storedKey}`;
    let config = this.piiConfigs.get(key);
    if (!config) {
      config = piiConfig({ ...this.o.pii.default, ...this.o.pii.projects[projectId], ...(slug ? this.o.pii.projects[slug] : {}), ...stored });
      if (this.piiConfigs.size >= 10_000) this.piiConfigs.clear();
      this.piiConfigs.set(key, config);
    }
    return config;
  }
}

/** Canonical JSON of a timestamp (what `toJson` writes for `timestampFromDate(date)`). */
function timestampJson(date: Date): string {
  return toJson(TimestampSchema, timestampFromDate(date)) as string;
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function traceOf(contexts: unknown): MessageInitShape<typeof TraceContextSchema> | undefined {
  const t = (contexts as { trace?: Record<string, unknown> } | undefined)?.trace;
  if (!t || typeof t.trace_id !== 'string' || !/^[0-9a-f]{32}$/.test(t.trace_id)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { traceId: t.trace_id, spanId: str(t.span_id), parentSpanId: str(t.parent_span_id), op: str(t.op), status: str(t.status) };
}
