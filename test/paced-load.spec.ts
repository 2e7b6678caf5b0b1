// The benchmarks' open-loop generator (bench/support/paced-load.ts): requests are spread over the
// duration, not sent in bursts, and latency counts from when a request was due.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from '../bench/support/paced-load.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that records when each request (by body) arrived and answers after `delayMs` with `status`. */
async function serve(delayMs: number, status = 200): Promise<{ origin: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      arrivals.set(body, at);
      setTimeout(() => res.writeHead(status).end('{}'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, arrivals };
}

describe('pacedLoad', () => {
  it('spreads the requests over the duration instead of sending them in a burst', async () => {
    const s = await serve(0);
    const before = performance.now(); // same clock as the server's arrivals (one process)
    const r = await pacedLoad({ origin: s.origin, path: '/x', rate: 400, durationMs: 500, body: (seq) => `event ${seq}` });
    expect(r).toMatchObject({ sent: 200, ok: 200, non2xx: 0, errors: 0 });
    expect([...s.arrivals.keys()].sort()).toEqual(Array.from({ length: 200 }, (_, i) => `event ${i}`).sort());
    // Request i is due 2.5·i ms after the load started. A loaded machine can make it late, never
    // early: a burst would deliver request 199 within milliseconds, not ≥ 497 ms after the start.
    for (let i = 0; i < 200; i++) expect(s.arrivals.get(`event ${i}`)! - before).toBeGreaterThanOrEqual(i * 2.5);
  });

  it('times each request from when it was due, so waiting for a connection counts', async () => {
    const s = await serve(30, 503);
    // One connection and 30 ms per answer: the 20 requests due within 100 ms queue behind each other.
    const r = await pacedLoad({ origin: s.origin, path: '/x', rate: 200, durationMs: 100, connections: 1, body: () => '{}' });
    expect(r).toMatchObject({ sent: 20, ok: 0, non2xx: 20, errors: 0 });
    // The last request waited for 19 answers before it (≈ 570 ms after it was due, less the 95 ms it was due after the first).
    expect(r.max).toBeGreaterThan(400);
    expect(r.p50).toBeGreaterThan(100);
  });

  it('counts requests that got no answer as errors', async () => {
    const r = await pacedLoad({ origin: 'http://127.0.0.1:9', path: '/x', rate: 100, durationMs: 100, body: () => '{}' });
    expect(r).toMatchObject({ sent: 10, ok: 0, non2xx: 0, errors: 10 });
    expect(Number.isNaN(r.p50)).toBe(true);
  });
});
