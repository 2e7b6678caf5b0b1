// The API handlers without HTTP: limits past their edge, Alertmanager's defaults and errors.
import { parseAlertingConfig } from '@faultline/alert-rules';
import { type Alert } from '@faultline/routing';
import { ApiError, type ApiDeps, postAlerts, postSilence, postableAlert } from './am-api.js';

function deps(over: { unexpired?: number } = {}) {
  const posted: Alert[] = [];
  const rejected: string[] = [];
  const d: ApiDeps = {
    router: {
      config: parseAlertingConfig('route: { receiver: a }\nreceivers: [{ name: a }]\n'),
      postAlerts: async (list: readonly Alert[]) => void posted.push(...list),
      refreshSilences: async () => undefined,
    } as never,
    silences: { countUnexpired: async () => over.unexpired ?? 0, put: async () => undefined, get: async () => undefined } as never,
    limits: { maxPostAlerts: 2, maxSilences: 3 },
    configText: () => '',
    reload: () => true,
    rejected: (r) => void rejected.push(r),
    startedAt: new Date(),
  };
  return { d, posted, rejected };
}

const status = async (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof ApiError ? e.status : 500));

describe('POST /api/v2/alerts', () => {
  it('accepts up to ALERT_ROUTER_MAX_POST_ALERTS alerts and refuses one more with 400', async () => {
    const t = deps();
    expect(await status(postAlerts(t.d, [{ labels: { a: '1' } }, { labels: { a: '2' } }]))).toBe(200);
    expect(await status(postAlerts(t.d, [{ labels: { a: '1' } }, { labels: { a: '2' } }, { labels: { a: '3' } }]))).toBe(400);
    expect(t.posted).toHaveLength(2);
    expect(t.rejected).toEqual(['too_many_alerts']);
  });

  it('stores the valid alerts of a list and answers 400 naming the invalid ones', async () => {
    const t = deps();
    const err = await postAlerts(t.d, [{ labels: { a: '1' } }, { labels: {} }]).catch((e: unknown) => e as ApiError);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('alerts[1]: at least one label pair required');
    expect(t.posted.map((a) => a.labels)).toEqual([{ a: '1' }]);
  });

  it("applies Alertmanager's defaults (start now, end after resolve_timeout, Go zero time = unset)", () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const a = postableAlert({ labels: { a: 'x', empty: '' }, startsAt: '0001-01-01T00:00:00Z' }, now, 300_000);
    expect(a.labels).toEqual({ a: 'x' });
    expect(a.startsAt).toEqual(now);
    expect(a.endsAt).toEqual(new Date(now.getTime() + 300_000));
    expect(() => postableAlert({ labels: { a: 'x' }, startsAt: '2026-12-01T12:00:00Z', endsAt: '2026-12-01T11:00:00Z' }, now, 1)).toThrow('start time must be before end time');
    expect(() => postableAlert({ labels: { '1bad': 'x' } }, now, 1)).toThrow('invalid label name');
  });
});

describe('POST /api/v2/silences', () => {
  const silence = () => ({
    matchers: [{ name: 'alertname', value: 'X', isRegex: false }], startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 60_000).toISOString(), createdBy: 'me', comment: 'why',
  });

  it('refuses a new silence once ALERT_ROUTER_MAX_SILENCES are unexpired', async () => {
    expect(await status(postSilence(deps({ unexpired: 2 }).d, silence()))).toBe(200);
    const full = deps({ unexpired: 3 });
    expect(await status(postSilence(full.d, silence()))).toBe(400);
    expect(full.rejected).toEqual(['silence_limit']);
  });

  it('answers 400 for bad windows and matchers, 404 for an unknown id', async () => {
    const t = deps();
    expect(await status(postSilence(t.d, { ...silence(), endsAt: new Date(Date.now() - 1000).toISOString() }))).toBe(400);
    expect(await status(postSilence(t.d, { ...silence(), matchers: [{ name: 'a', value: '(', isRegex: true }] }))).toBe(400);
    expect(await status(postSilence(t.d, { ...silence(), comment: '' }))).toBe(400);
    expect(await status(postSilence(t.d, { ...silence(), id: '00000000-0000-0000-0000-000000000000' }))).toBe(404);
  });
});
