// An open-loop load at a steady rate: request `i` is due at `start + i / rate` and is sent then,
// whatever became of the requests before it; its latency counts from when it was due, so time a
// request spent waiting for a free connection (the server falling behind) is in its latency
// (no coordinated omission).
//
// Why not autocannon's `overallRate`: autocannon gives each connection `rate / connections`
// requests a second and sends them back to back at the start of each second, then pauses until
// the next one (lib/httpClient.js, `reqsMadeThisSecond`). At 2,000 events/s over 50 connections
// that is a full-speed burst of 2,000 requests with 50 in flight every second, which measures the
// latency of a saturated server for most of each second, not of one receiving 2,000 events a second.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface PacedLoadOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:8080`. */
  origin: string;
  path: string;
  /** Requests per second, spread evenly. */
  rate: number;
  durationMs: number;
  /** Connections, and so requests on the wire at most; later ones wait for one (default 64). */
  connections?: number;
  headers?: Record<string, string>;
  /** The body of request `seq`. */
  body: (seq: number) => string;
  /** Called with each answer (status 0: no answer). */
  onResponse?: (seq: number, status: number) => void;
}

export interface PacedLoadResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Milliseconds from when each answered request was due until its answer. */
  p50: number;
  p99: number;
  max: number;
  /** Answered (2xx) per second of the load's duration. */
  okPerSecond: number;
  /** Largest delay between a request being due and the generator handing it to the pool (its own lag), ms. */
  generatorLagMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the load; resolves when every request was answered or failed. */
export async function pacedLoad(o: PacedLoadOptions): Promise<PacedLoadResult> {
  const total = Math.floor((o.rate * o.durationMs) / 1000);
  const interval = 1000 / o.rate;
  const pool = new Pool(o.origin, { connections: o.connections ?? 64, pipelining: 1 });
  const latencies = new Float64Array(total);
  let answered = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let generatorLagMs = 0;
  const pending = new Set<Promise<void>>();
  const headers = { 'content-type': 'text/plain;charset=UTF-8', ...o.headers };
  const fire = (seq: number, due: number) => {
    const body = o.body(seq);
    const p = pool
      .request({ method: 'POST', path: o.path, headers, body })
      .then(
        async (res) => {
          await res.body.dump();
          latencies[answered++] = performance.now() - due;
          if (res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          o.onResponse?.(seq, res.statusCode);
        },
        () => {
          errors++;
          o.onResponse?.(seq, 0);
        },
      )
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const start = performance.now();
  let seq = 0;
  try {
    while (seq < total) {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / interval) + 1);
      for (; seq < due; seq++) {
        const at = start + seq * interval;
        generatorLagMs = Math.max(generatorLagMs, now - at);
        fire(seq, at);
      }
      await sleep(1);
    }
    while (pending.size > 0) await Promise.all([...pending]);
  } finally {
    await pool.close();
  }
  const sorted = latencies.subarray(0, answered).sort();
  const at = (p: number) => (answered === 0 ? Number.NaN : sorted[Math.min(answered - 1, Math.floor(p * answered))]!);
  return { sent: seq, ok, non2xx, errors, p50: at(0.5), p99: at(0.99), max: answered === 0 ? Number.NaN : sorted[answered - 1]!, okPerSecond: ok / (o.durationMs / 1000), generatorLagMs };
}
