// Keys, projects and origins change in PostgreSQL and take effect within a cache refresh;
// every event ends in exactly one counted outcome.
import { envelopeOf, errorEvent, metricValue, startGateway, type Gateway } from './harness.js';

const id = (n: number) => `a${n.toString(16).padStart(31, '0')}`;

describe('access control and outcomes (real NATS and PostgreSQL)', () => {
  let gw: Gateway;
  const send = (n: number, key = gw.key.publicKey, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${key}`, { method: 'POST', body: envelopeOf(errorEvent(id(n))), headers });
  const settle = () => new Promise((r) => setTimeout(r, 600)); // three cache refreshes

  beforeEach(async () => {
    gw = await startGateway({ INGEST_MAX_FRAMES: '5' });
  });
  afterEach(async () => {
    await gw.close();
  });

  it('stops accepting a revoked key within seconds, and a disabled project', async () => {
    expect((await send(1)).status).toBe(200);
    await gw.store.revokeKey(gw.key.publicKey);
    await settle();
    const revoked = await send(2);
    expect(revoked.status).toBe(403);
    expect(((await revoked.json()) as { detail: string }).detail).toMatch(/revoked/);

    const key = await gw.store.createKey(gw.project.slug, { label: 'second' });
    await settle();
    expect((await send(3, key.publicKey)).status).toBe(200);
    await gw.store.setProjectEnabled(gw.project.slug, false);
    await settle();
    const disabled = await send(4, key.publicKey);
    expect(disabled.status).toBe(403);
    expect(((await disabled.json()) as { detail: string }).detail).toMatch(/disabled/);
  });

  it('refuses origins the project does not allow', async () => {
    await gw.store.updateProject(gw.project.slug, { allowedOrigins: ['https://app.example.com', 'https://*.example.org'] });
    await settle();
    expect((await send(10, undefined, { origin: 'https://app.example.com' })).status).toBe(200);
    expect((await send(11, undefined, { origin: 'https://shop.example.org' })).status).toBe(200);
    const refused = await send(12, undefined, { origin: 'https://evil.example.net' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/origin https:\/\/evil.example.net is not allowed/);
    expect((await send(13)).status).toBe(200); // no Origin: a server-side SDK
  });

  it('keeps the client IP only when the project stores IPs, and only where the SDK asked for it', async () => {
    const withAuto = (n: number) => {
      const event = errorEvent(id(n));
      event.user = { id: 'u1', ip_address: '{{auto}}' };
      return fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}`, { method: 'POST', body: envelopeOf(event) });
    };
    const stored = async (n: number) => (await gw.ingested()).find((m) => m.event.eventId === id(n))!.event;

    expect((await withAuto(300)).status).toBe(200);
    expect((await stored(300)).event?.user?.ipAddress ?? '').toBe('');
    expect((await stored(300)).client?.clientIp ?? '').toBe('');

    await gw.store.updateProject(gw.project.slug, { storeIp: true });
    await settle();
    expect((await withAuto(301)).status).toBe(200);
    expect((await stored(301)).event?.user?.ipAddress).toBe('127.0.0.1');
    expect((await stored(301)).client?.clientIp).toBe('127.0.0.1');
    expect((await send(302)).status).toBe(200); // no {{auto}}, no infer_ip: the event carries no IP
    expect((await stored(302)).event?.user?.ipAddress ?? '').toBe('');
  });

  it('answers filtered events 200 like Sentry, counts them, and does not store them', async () => {
    // (The localhost filter also matches the client address, and tests connect from 127.0.0.1.)
    await gw.store.updateProject(gw.project.slug, { inboundFilters: { releases: ['web@0.*'], errorMessages: ['*ResizeObserver loop*'] } });
    await settle();
    const old = errorEvent(id(400));
    old.release = 'web@0.9.1';
    const noisy = errorEvent(id(401), 'ResizeObserver loop completed with undelivered notifications.');
    for (const event of [old, noisy, errorEvent(id(402))]) {
      const res = await fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}`, { method: 'POST', body: envelopeOf(event) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: event.event_id });
    }
    const stored = (await gw.ingested()).map((m) => m.event.eventId);
    expect(stored).toEqual([id(402)]);
    const text = await gw.metrics();
    const project = String(gw.project.id);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'filtered', reason: 'filtered_release' })).toBe(1);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'filtered', reason: 'filtered_error_message' })).toBe(1);
  });

  it('counts exactly one outcome per event sent', async () => {
    const sent = { accepted: 0, duplicate: 0, invalid: 0, too_large: 0 };
    for (let n = 0; n < 5; n++) {
      expect((await send(100 + n)).status).toBe(200);
      sent.accepted += 1;
    }
    expect((await send(100)).status).toBe(200);
    sent.duplicate += 1;
    const bad = await fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}`, {
      method: 'POST',
      body: `{}\n{"type":"event"}\n{"exception": {"values": "not a list"}}`,
    });
    expect(bad.status).toBe(400);
    sent.invalid += 1;
    const deep = errorEvent(id(200));
    (deep.exception as { values: { stacktrace: { frames: unknown[] } }[] }).values[0].stacktrace.frames = Array.from({ length: 6 }, (_, i) => ({
      filename: 'https://a/b.js',
      function: `f${i}`,
      lineno: 1,
      colno: i + 1,
    }));
    const tooDeep = await fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}`, { method: 'POST', body: envelopeOf(deep) });
    expect(tooDeep.status).toBe(413);
    expect(((await tooDeep.json()) as { detail: string }).detail).toMatch(/more than 5 frames/);
    sent.too_large += 1;

    const text = await gw.metrics();
    const project = String(gw.project.id);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'accepted' })).toBe(sent.accepted);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'duplicate' })).toBe(sent.duplicate);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'invalid', reason: 'event_invalid' })).toBe(sent.invalid);
    expect(metricValue(text, 'faultline_ingest_events_total', { project, outcome: 'too_large', reason: 'too_many_frames' })).toBe(sent.too_large);
    const total = text
      .split('\n')
      .filter((l) => l.startsWith('faultline_ingest_events_total{'))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    expect(total).toBe(Object.values(sent).reduce((a, b) => a + b, 0));
    expect((await gw.ingested()).length).toBe(sent.accepted);
  });
});
