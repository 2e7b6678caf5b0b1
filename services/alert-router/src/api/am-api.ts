// The Alertmanager API v2 subset (api/v2/openapi.yaml of 0.25): enough for amtool's `alert query`,
// `silence add|query|expire` and for Prometheus (or anything else) posting alerts. Handlers are
// plain functions over the router so they can be tested without HTTP; errors are Alertmanager's: a
// status code and a JSON string body, which is what amtool's generated client decodes.
import { randomUUID } from 'node:crypto';
import {
  type Alert, type LabelSet, type Matcher, GO_ZERO_TIME, Inhibitor, isValidLabelName, matchesAll, parseMatchers,
  silenceState, validateSilence, withoutEmptyLabels, compileGoRegex,
} from '@faultline/routing';
import { type AlertRouter, AlertLimitError } from '../core/alert-router.js';
import { type ApiMatcher, toMatcher } from '../store/api-matchers.js';
import { type SilenceStore, type StoredSilence } from '../store/silence-store.js';

/** An API error: HTTP status plus the message sent as a JSON string. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** What the API handlers need. */
export interface ApiDeps {
  readonly router: AlertRouter;
  readonly silences: SilenceStore;
  readonly limits: { readonly maxPostAlerts: number; readonly maxSilences: number };
  readonly configText: () => string;
  readonly reload: () => boolean;
  /** Counts a refused request by reason (faultline_alert_router_api_rejected_total). */
  readonly rejected: (reason: 'too_many_alerts' | 'invalid_alert' | 'silence_limit' | 'invalid_silence' | 'alert_limit') => void;
  readonly startedAt: Date;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new Error(`${what} must be an object of strings`);
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') throw new Error(`${what}.${k} must be a string`);
  return v as Record<string, string>;
}

function date(v: unknown, what: string): Date | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const d = typeof v === 'string' ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new Error(`${what} is not an RFC 3339 date-time: ${JSON.stringify(v)}`);
  // Go clients (amtool, Prometheus) send the zero time for "not set".
  return d.getTime() <= GO_ZERO_TIME.getTime() ? undefined : d;
}

/** Validates and defaults one posted alert (`api/v2` postableAlert + `types.Alert.Validate`). */
export function postableAlert(v: unknown, now: Date, resolveTimeoutMs: number): Alert {
  if (!isObject(v)) throw new Error('alert must be an object');
  const labels = withoutEmptyLabels(stringMap(v['labels'], 'labels'));
  if (Object.keys(labels).length === 0) throw new Error('at least one label pair required');
  for (const name of Object.keys(labels)) if (!isValidLabelName(name)) throw new Error(`invalid label name "${name}"`);
  const annotations = stringMap(v['annotations'], 'annotations');
  for (const name of Object.keys(annotations)) if (!isValidLabelName(name)) throw new Error(`invalid annotation name "${name}"`);
  let startsAt = date(v['startsAt'], 'startsAt');
  let endsAt = date(v['endsAt'], 'endsAt');
  // Alertmanager's defaults: no start = now (or the end, if only that is given); no end = the
  // resolve timeout from now (the alert resolves unless re-sent).
  if (!startsAt) startsAt = endsAt && endsAt.getTime() < now.getTime() ? endsAt : now;
  if (!endsAt) endsAt = new Date(now.getTime() + resolveTimeoutMs);
  if (endsAt.getTime() < startsAt.getTime()) throw new Error('start time must be before end time');
  const generatorURL = v['generatorURL'] === undefined ? '' : String(v['generatorURL']);
  return { labels, annotations, startsAt, endsAt, updatedAt: now, generatorURL };
}

/** POST /api/v2/alerts: valid alerts are accepted even when others in the list are not (then 400). */
export async function postAlerts(deps: ApiDeps, body: unknown): Promise<void> {
  if (!Array.isArray(body)) throw new ApiError(400, 'body must be a JSON array of alerts');
  if (body.length > deps.limits.maxPostAlerts) deps.rejected('too_many_alerts');
  if (body.length > deps.limits.maxPostAlerts) throw new ApiError(400, `too many alerts in one request: ${body.length} > ALERT_ROUTER_MAX_POST_ALERTS (${deps.limits.maxPostAlerts})`);
  const now = new Date();
  const errors: string[] = [];
  const valid: Alert[] = [];
  body.forEach((v, i) => {
    try {
      valid.push(postableAlert(v, now, deps.router.config.routing.global.resolveTimeoutMs));
    } catch (e) {
      errors.push(`alerts[${i}]: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  try {
    if (valid.length > 0) await deps.router.postAlerts(valid);
  } catch (e) {
    if (e instanceof AlertLimitError) {
      deps.rejected('alert_limit');
      throw new ApiError(429, e.message);
    }
    throw e;
  }
  if (errors.length > 0) {
    deps.rejected('invalid_alert');
    throw new ApiError(400, errors.join('; '));
  }
}

function filterMatchers(filter: string | string[] | undefined): Matcher[] {
  const list = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  try {
    return list.flatMap((f) => parseMatchers(f));
  } catch (e) {
    throw new ApiError(400, `bad filter: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const flag = (v: string | undefined, dflt: boolean) => (v === undefined ? dflt : v === 'true');

/** GET /api/v2/alerts with active/silenced/inhibited/unprocessed/filter/receiver. */
export function getAlerts(deps: ApiDeps, q: Record<string, string | string[] | undefined>): unknown[] {
  const now = new Date();
  const matchers = filterMatchers(q['filter']);
  const one = (k: string) => (Array.isArray(q[k]) ? q[k][0] : q[k]);
  let receiverRe: RegExp | undefined;
  if (one('receiver')) {
    try {
      receiverRe = compileGoRegex(one('receiver')!);
    } catch (e) {
      throw new ApiError(400, `bad receiver regex: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const [active, silenced, inhibited] = [flag(one('active'), true), flag(one('silenced'), true), flag(one('inhibited'), true)];
  const alerts = deps.router.listAlerts().filter((a) => !(a.endsAt && a.endsAt.getTime() <= now.getTime()));
  const routing = deps.router.routing;
  // Inhibition as the leader sees it: over every held alert.
  const inhibitor = new Inhibitor(routing.config.routing.inhibitRules);
  for (const a of alerts) inhibitor.add(a);
  const out: unknown[] = [];
  for (const a of alerts.sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : 1))) {
    if (!matchesAll(matchers, a.labels)) continue;
    const receivers = routing.receiversFor(a.labels);
    if (receiverRe && !receivers.some((r) => receiverRe.test(r))) continue;
    const silencedBy = deps.router.currentSilencer.silencedBy(a.labels, now);
    const inhibitedBy = inhibitor.inhibitedBy(a.labels, now);
    const suppressed = silencedBy.length > 0 || inhibitedBy !== undefined;
    if ((!active && !suppressed) || (!silenced && silencedBy.length > 0) || (!inhibited && inhibitedBy !== undefined)) continue;
    out.push({
      labels: a.labels, annotations: a.annotations, startsAt: a.startsAt.toISOString(), endsAt: (a.endsAt ?? GO_ZERO_TIME).toISOString(),
      updatedAt: a.updatedAt.toISOString(), generatorURL: a.generatorURL, fingerprint: a.fingerprint,
      receivers: receivers.map((name) => ({ name })),
      status: { state: suppressed ? 'suppressed' : 'active', silencedBy, inhibitedBy: inhibitedBy ? [inhibitedBy] : [] },
    });
  }
  return out;
}

/** The API form of a silence. */
export function gettableSilence(s: StoredSilence, now: Date): unknown {
  return {
    id: s.id, status: { state: silenceState(s, now) }, updatedAt: s.updatedAt.toISOString(), matchers: s.apiMatchers,
    startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), createdBy: s.createdBy, comment: s.comment,
  };
}

/** GET /api/v2/silences: sorted as Alertmanager does (active by end, pending by start, expired by end descending). */
export async function getSilences(deps: ApiDeps, q: Record<string, string | string[] | undefined>): Promise<unknown[]> {
  const matchers = filterMatchers(q['filter']);
  const now = new Date();
  const rank = { active: 0, pending: 1, expired: 2 } as const;
  const list = (await deps.silences.listAll()).filter((s) => {
    const labels: LabelSet = Object.fromEntries(s.apiMatchers.map((m) => [m.name, m.value]));
    return matchesAll(matchers, labels);
  });
  list.sort((a, b) => {
    const [sa, sb] = [silenceState(a, now), silenceState(b, now)];
    if (sa !== sb) return rank[sa] - rank[sb];
    if (sa === 'active') return a.endsAt.getTime() - b.endsAt.getTime();
    if (sa === 'pending') return a.startsAt.getTime() - b.startsAt.getTime();
    return b.endsAt.getTime() - a.endsAt.getTime();
  });
  return list.map((s) => gettableSilence(s, now));
}

function apiMatchers(v: unknown): ApiMatcher[] {
  if (!Array.isArray(v)) throw new ApiError(400, 'matchers must be a list');
  return v.map((m, i) => {
    if (!isObject(m) || typeof m['name'] !== 'string' || typeof m['value'] !== 'string' || typeof m['isRegex'] !== 'boolean') {
      throw new ApiError(400, `matchers[${i}] must have name, value (strings) and isRegex (boolean)`);
    }
    return { name: m['name'], value: m['value'], isRegex: m['isRegex'], isEqual: m['isEqual'] === undefined ? true : m['isEqual'] === true };
  });
}

/** POST /api/v2/silences: creates, or updates by id; returns the id. */
export async function postSilence(deps: ApiDeps, body: unknown): Promise<{ silenceID: string }> {
  if (!isObject(body)) throw new ApiError(400, 'body must be a silence object');
  const now = new Date();
  const matchers = apiMatchers(body['matchers']);
  let parsed: { startsAt?: Date; endsAt?: Date };
  try {
    parsed = { startsAt: date(body['startsAt'], 'startsAt'), endsAt: date(body['endsAt'], 'endsAt') };
  } catch (e) {
    throw new ApiError(400, e instanceof Error ? e.message : String(e));
  }
  if (!parsed.startsAt || !parsed.endsAt) throw new ApiError(400, 'startsAt and endsAt are required');
  if (parsed.startsAt.getTime() >= parsed.endsAt.getTime()) throw new ApiError(400, 'Failed to create silence: start time must be before end time');
  if (parsed.endsAt.getTime() < now.getTime()) throw new ApiError(400, "Failed to create silence: end time can't be in the past");
  const createdBy = typeof body['createdBy'] === 'string' ? body['createdBy'] : '';
  const comment = typeof body['comment'] === 'string' ? body['comment'] : '';
  if (!createdBy) throw new ApiError(400, 'createdBy is required');
  if (!comment) throw new ApiError(400, 'comment is required');
  let compiled;
  try {
    compiled = matchers.map(toMatcher);
  } catch (e) {
    throw new ApiError(400, `invalid matcher: ${e instanceof Error ? e.message : String(e)}`);
  }
  const startsAt = parsed.startsAt.getTime() < now.getTime() ? now : parsed.startsAt;
  let id = typeof body['id'] === 'string' && body['id'] !== '' ? body['id'] : undefined;
  if (id !== undefined) {
    const old = /^[0-9a-f-]{36}$/i.test(id) ? await deps.silences.get(id) : undefined;
    if (!old) throw new ApiError(404, 'silence not found');
    // An expired silence is never revived: the update creates a new one, as in Alertmanager.
    if (silenceState(old, now) === 'expired') id = undefined;
  } else if ((await deps.silences.countUnexpired()) >= deps.limits.maxSilences) {
    deps.rejected('silence_limit');
    throw new ApiError(400, `silence limit reached: ALERT_ROUTER_MAX_SILENCES is ${deps.limits.maxSilences}`);
  }
  const silence = { id: id ?? randomUUID(), matchers: compiled, startsAt, endsAt: parsed.endsAt, createdBy, comment };
  const problems = validateSilence(silence);
  if (problems.length > 0) {
    deps.rejected('invalid_silence');
    throw new ApiError(400, `Failed to create silence: ${problems.join('; ')}`);
  }
  await deps.silences.put({ ...silence, matchers });
  await deps.router.refreshSilences();
  return { silenceID: silence.id };
}

/** GET /api/v2/silence/{id}. */
export async function getSilence(deps: ApiDeps, id: string): Promise<unknown> {
  const s = /^[0-9a-f-]{36}$/i.test(id) ? await deps.silences.get(id) : undefined;
  if (!s) throw new ApiError(404, 'silence not found');
  return gettableSilence(s, new Date());
}

/** DELETE /api/v2/silence/{id}: expires it now (a pending one ends before it started). */
export async function deleteSilence(deps: ApiDeps, id: string): Promise<void> {
  const s = /^[0-9a-f-]{36}$/i.test(id) ? await deps.silences.get(id) : undefined;
  if (!s) throw new ApiError(404, 'silence not found');
  const now = new Date();
  const state = silenceState(s, now);
  if (state === 'expired') throw new ApiError(400, 'silence already expired');
  await deps.silences.put({ ...s, matchers: s.apiMatchers, startsAt: state === 'pending' ? now : s.startsAt, endsAt: now });
  await deps.router.refreshSilences();
}

/** GET /api/v2/status. */
export function getStatus(deps: ApiDeps): unknown {
  return {
    cluster: { status: 'disabled', peers: [] },
    versionInfo: { branch: 'main', buildDate: '', buildUser: 'faultline', goVersion: `node ${process.version}`, revision: '', version: '0.25.0-faultline' },
    config: { original: deps.configText() },
    uptime: deps.startedAt.toISOString(),
  };
}

/** GET /api/v2/receivers. */
export function getReceivers(deps: ApiDeps): unknown[] {
  return deps.router.config.routing.receivers.map((r) => ({ name: r.name }));
}
