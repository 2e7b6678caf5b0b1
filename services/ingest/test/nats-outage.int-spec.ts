// NATS stopped while requests arrive: the gateway answers 503 with Retry-After and never
// 200; once NATS is back, events are accepted again. The test runs its own nats-server
// (own port, own store directory) so that stopping it disturbs nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@faultline/platform-testing';
import { envelopeOf, errorEvent, startGateway, type Gateway } from './harness.js';

const NATS_SERVER = '/usr/sbin/nats-server';
const id = (n: number) => `b${n.toString(16).padStart(31, '0')}`;

function startNats(port: number, dir: string): ChildProcess {
  return spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host: '127.0.0.1' });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} did not become ${up ? 'open' : 'closed'}`);
}

describe.skipIf(!existsSync(NATS_SERVER))('NATS outage (a private nats-server)', { timeout: 120_000 }, () => {
  let gw: Gateway;
  let nats: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'faultline-nats-'));
    nats = startNats(port, dir);
    await waitForPort(port, true);
    gw = await startGateway({ NATS_URL: `nats://127.0.0.1:${port}`, NATS_PUBLISH_TIMEOUT: '1s', INGEST_RETRY_AFTER: '7s' });
  });
  afterAll(async () => {
    await gw?.close().catch(() => undefined);
    nats?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (n: number) =>
    fetch(`${gw.url}/api/${gw.project.id}/envelope/?sentry_key=${gw.key.publicKey}`, { method: 'POST', body: envelopeOf(errorEvent(id(n))) });

  it('answers 503 with Retry-After while NATS is down, and accepts again once it is back', async () => {
    expect((await send(1)).status).toBe(200);

    nats.kill('SIGKILL');
    await waitForPort(port, false);
    const during = await Promise.all([2, 3, 4].map(send));
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/could not be stored, send it again later/);
    }

    nats = startNats(port, dir);
    await waitForPort(port, true);
    // The SDK retries; once the connection is back the same events are accepted, stored once.
    let accepted = false;
    for (let i = 0; i < 50 && !accepted; i++) {
      accepted = (await send(2)).status === 200;
      if (!accepted) await new Promise((r) => setTimeout(r, 200));
    }
    expect(accepted).toBe(true);
    for (const n of [3, 4]) expect((await send(n)).status).toBe(200);
    const ids = (await gw.ingested()).map((m) => m.event.eventId);
    for (const n of [1, 2, 3, 4]) expect(ids.filter((x) => x === id(n))).toHaveLength(1);
  });
});
