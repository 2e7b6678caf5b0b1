// A steady load of error events with the client behaviour the Sentry SDKs have: an event answered
// 503/429, or not answered (connection refused while ingest restarts), is kept and sent again
// after Retry-After (capped). The ids answered 200 are the ones Faultline promised to store.
import { randomUUID } from 'node:crypto';
import { Agent, fetch } from 'undici';

/**
 * Requests the load has on the wire at most (each on its own connection; each browser has a few,
 * here they are pooled). Events beyond that wait, not yet sent, as an SDK's transport buffer holds
 * them; a request's 10 s deadline starts when it is sent. Unbounded, every event waiting on a
 * stalled ingest (NATS restarting: each publish waits for its PubAck deadline) and every retry
 * held a socket of its own: on a loaded machine the retries of tens of thousands of events
 * outran ingest for good, and the test process ran out of file descriptors and heap. Bounded the
 * same way through the connection pool only, queued requests timed out before they were sent and
 * were retried as if ingest had failed them.
 */
const MAX_CONNECTIONS = 256;

export interface LoadOptions {
  /** Ingest base URL and the project's envelope path with its key. */
  url: string;
  path: string;
  ratePerSecond: number;
  durationMs: number;
  /** Distinct bugs the events are spread over. */
  bugs: number;
  /** Stop retrying events this long after the load ended (default 90 s). */
  retryForMs?: number;
  /** Aborts the load (a failed test): nothing more is sent or retried. */
  signal?: AbortSignal;
  /** Kept up to date while the load runs (for debugging output). */
  progress?: { sent: number; inFlight: number; attempts: number };
}

export interface LoadResult {
  /** Event ids answered 200. */
  acknowledged: Set<string>;
  /** Event ids never answered 200 (given up). */
  lost: Set<string>;
  /** Answers by status ("error" for no answer). */
  answers: Map<string, number>;
  /** The first body (or error) seen for each status, to explain unexpected answers. */
  firstBodies: Map<string, string>;
  sent: number;
}

/** The shape of the events: frames per stack, breadcrumbs (the e2e benchmark sends ~6 KB events). */
export interface EnvelopeShape {
  frames?: number;
  breadcrumbs?: number;
  /**
   * Real mapped positions in a minified script (1-based line and column), so that the frames
   * resolve against an uploaded source map; bug `b` uses positions `b·frames …` (wrapping).
   */
  positions?: readonly { lineno: number; colno: number }[];
  /** The script the positions are in (default a per-bug chunk URL with no map). */
  scriptUrl?: string;
  /** Event level (default `error`). */
  level?: string;
}

/** An envelope with one error event of bug `bug` (one fingerprint per bug), event id `id`. */
export function bugEnvelope(id: string, bug: number, shape: EnvelopeShape = {}): string {
  const count = shape.frames ?? 8;
  const positions = shape.positions;
  const frames = Array.from({ length: count }, (_, i) =>
    positions && positions.length > 0
      ? { filename: shape.scriptUrl, function: 'e', in_app: true, ...positions[(bug * count + i) % positions.length]! }
      : {
          filename: shape.scriptUrl ?? `https://shop.example.com/static/js/chunk-${bug}.js`,
          function: i === count - 1 ? `failBug${bug}` : `step${i}`,
          lineno: 1,
          colno: 100 + bug * 37 + i,
          in_app: true,
        },
  );
  const now = Date.now() / 1000;
  const event = {
    event_id: id,
    timestamp: now,
    platform: 'javascript',
    level: shape.level ?? 'error',
    release: 'shop@1.0.0',
    environment: 'production',
    exception: { values: [{ type: `Bug${bug}Error`, value: `bug ${bug}`, mechanism: { type: 'onerror', handled: false }, stacktrace: { frames } }] },
    breadcrumbs: Array.from({ length: shape.breadcrumbs ?? 0 }, (_, i) => ({ timestamp: now - 20 + i, category: i % 2 ? 'ui.click' : 'fetch', message: i % 2 ? 'button#checkout.btn.btn-primary' : `GET /api/cart/${1_000 + i} [200]` })),
    request: { url: 'https://shop.example.com/checkout?step=2', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' } },
    tags: { route: '/checkout' },
    user: { id: `user-${Math.floor(Math.random() * 100)}` },
    sdk: { name: 'sentry.javascript.browser', version: '11.12.0' },
  };
  return `${JSON.stringify({ event_id: id, sent_at: new Date().toISOString() })}\n{"type":"event"}\n${JSON.stringify(event)}`;
}

/** Sends the load; resolves when every event was answered 200 or given up on. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { acknowledged: new Set(), lost: new Set(), answers: new Map(), firstBodies: new Map(), sent: 0 };
  const count = (key: string) => result.answers.set(key, (result.answers.get(key) ?? 0) + 1);
  const started = Date.now();
  const giveUpAt = started + options.durationMs + (options.retryForMs ?? 90_000);
  const inFlight = new Set<Promise<void>>();
  const dispatcher = new Agent({ connections: MAX_CONNECTIONS });
  let sending = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (sending >= MAX_CONNECTIONS) await new Promise<void>((resolve) => waiting.push(resolve));
    sending++;
  };
  const release = () => {
    sending--;
    waiting.shift()?.();
  };

  const send = async (id: string, body: string): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (options.progress) options.progress.attempts++;
      if (options.signal?.aborted) {
        result.lost.add(id);
        return;
      }
      // No answer at all (ingest restarting): back off as the SDKs' transports do.
      let retryAfterMs = Math.min(2_000, 250 * 2 ** Math.min(attempt, 3));
      await acquire();
      try {
        const response = await fetch(`${options.url}${options.path}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-sentry-envelope' },
          signal: AbortSignal.timeout(10_000),
          dispatcher,
        });
        count(String(response.status));
        const text = await response.text();
        if (!result.firstBodies.has(String(response.status))) result.firstBodies.set(String(response.status), `${new Date().toISOString()} ${text.slice(0, 300)}`);
        if (response.status === 200) {
          result.acknowledged.add(id);
          return;
        }
        if (response.status !== 503 && response.status !== 429) {
          result.lost.add(id); // a client error: the SDK would drop it too
          return;
        }
        retryAfterMs = Math.min(2_000, Number(response.headers.get('retry-after') ?? '1') * 1_000);
      } catch (error) {
        count('error');
        if (!result.firstBodies.has('error')) result.firstBodies.set('error', `${new Date().toISOString()} ${String((error as Error).cause ?? error)}`);
      } finally {
        release();
      }
      if (Date.now() + retryAfterMs > giveUpAt) {
        result.lost.add(id);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
    }
  };

  const intervalMs = 1_000 / options.ratePerSecond;
  let next = started;
  while (Date.now() - started < options.durationMs && !options.signal?.aborted) {
    while (next <= Date.now()) {
      const id = randomUUID().replace(/-/g, '');
      const task = send(id, bugEnvelope(id, result.sent % options.bugs)).finally(() => {
        inFlight.delete(task);
        if (options.progress) options.progress.inFlight = inFlight.size;
      });
      inFlight.add(task);
      result.sent++;
      if (options.progress) Object.assign(options.progress, { sent: result.sent, inFlight: inFlight.size });
      next += intervalMs;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // Every event is sent by now; wait for all at once. (Racing the whole set again each time one
  // settles added a reaction to every pending promise per round: tens of thousands of events
  // waiting meant gigabytes of reactions.)
  await Promise.all(inFlight);
  await dispatcher.close();
  return result;
}
