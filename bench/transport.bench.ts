// `npm run bench -- transport`: 6 KB JSON events published through the transport into
// a durable consumer that acks them, against the same flow written directly on
// @nats-io/jetstream, side by side in one run. Target: ≥ 10,000 msg/s end to end
// through the transport, and ≥ 0.5 × the direct flow.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, type MicroserviceOptions } from '@nestjs/microservices';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';
import { JetStreamPublisher, JetStreamServer, Namespace, provisionStream, type StreamSpec } from '@faultline/platform-messaging';
import { cleanupStreams, testNatsUrl, uniqueId } from '@faultline/platform-testing';
import { machine, writeSection } from './performance-report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WINDOW = 256; // publishes awaiting their PubAck at once
const PREFETCH = 512;
const natsUrl = testNatsUrl();

/** A realistic ~6 KB browser error event (minified Chrome stack, breadcrumbs, request). */
function makeEvent(n: number): string {
  const frames = Array.from({ length: 24 }, (_, i) => ({
    filename: `https://app.example.com/static/js/main.3f9a1c${i % 3}.js`,
    function: i % 4 === 0 ? '<anonymous>' : `t.${['render', 'onClick', 'dispatch', 'commit'][i % 4]}`,
    lineno: 1,
    colno: 48_213 + i * 97,
    in_app: true,
  }));
  const breadcrumbs = Array.from({ length: 12 }, (_, i) => ({
    timestamp: 1_795_000_000 + i,
    category: i % 2 ? 'ui.click' : 'fetch',
    message: i % 2 ? 'button#checkout.btn.btn-primary' : `GET /api/cart/${1_000 + i} [200]`,
  }));
  return JSON.stringify({
    project_id: '42',
    event_id: n.toString(16).padStart(32, '0'),
    event: {
      platform: 'javascript',
      level: 'error',
      release: 'web@2026.11.27',
      environment: 'production',
      exception: { values: [{ type: 'TypeError', value: `Cannot read properties of undefined (reading 'id') #${n}`, stacktrace: { frames } }] },
      breadcrumbs: { values: breadcrumbs },
      request: { url: 'https://app.example.com/checkout?step=2', headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' } },
      tags: { route: '/checkout', tenant: 'acme' },
    },
  });
}

const STREAM: StreamSpec = { name: 'BENCH', subjects: ['bench.>'], maxAgeMs: 600_000 };

async function publishAll(publish: (n: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WINDOW }, async () => {
      while (next < MESSAGES) await publish(next++);
    }),
  );
  return performance.now() - started;
}

interface Round { publishMs: number; endToEndMs: number }

/** The baseline: publish with msgID, consume with consume(), JSON.parse, ack. */
async function direct(prefix: string, bodies: string[]): Promise<Round> {
  const ns = new Namespace(prefix);
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js: JetStreamClient = jetstream(nc);
  await provisionStream(jsm, { ...STREAM, name: ns.stream(STREAM.name), subjects: [ns.subject('bench.>')] });
  await jsm.consumers.add(ns.stream(STREAM.name), { durable_name: 'bench', ack_policy: AckPolicy.Explicit, ack_wait: nanos(30_000), max_ack_pending: 10_000 });
  const consumer = await js.consumers.get(ns.stream(STREAM.name), 'bench');
  let acked = 0;
  let done: () => void = () => undefined;
  const allAcked = new Promise<void>((r) => (done = r));
  const messages = await consumer.consume({ max_messages: PREFETCH });
  void (async () => {
    for await (const m of messages) {
      JSON.parse(m.string());
      m.ack();
      if (++acked === MESSAGES) done();
    }
  })();
  const started = performance.now();
  const publishMs = await publishAll((n) => js.publish(ns.subject(`bench.${n % 8}`), bodies[n], { msgID: `d-${n}` }));
  await allAcked;
  const endToEndMs = performance.now() - started;
  await messages.close();
  await nc.drain();
  return { publishMs, endToEndMs };
}

let acked = 0;
let onAck: () => void = () => undefined;

@Controller()
class BenchController {
  @EventPattern('bench.>')
  handle() {
    if (++acked === MESSAGES) setImmediate(onAck);
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

/** The same flow through JetStreamPublisher and the JetStreamServer transport. */
async function transport(prefix: string, bodies: string[]): Promise<Round> {
  acked = 0;
  const allAcked = new Promise<void>((r) => (onAck = r));
  const server = new JetStreamServer({
    servers: natsUrl,
    namespace: prefix,
    streams: [STREAM],
    consumers: [{ durable: 'bench', stream: 'BENCH', filterSubject: 'bench.>', policy: { concurrency: 64, prefetch: PREFETCH, maxAckPending: 10_000 } }],
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, { strategy: server, logger: ['error'] });
  await app.listen();
  const nc = await connect({ servers: natsUrl });
  const publisher = new JetStreamPublisher(jetstream(nc), new Namespace(prefix));
  const started = performance.now();
  const publishMs = await publishAll((n) => publisher.publishRaw(`bench.${n % 8}`, bodies[n], { msgId: `t-${n}` }));
  await allAcked;
  const endToEndMs = performance.now() - started;
  await app.close();
  await nc.drain();
  return { publishMs, endToEndMs };
}

const rate = (ms: number) => Math.round(MESSAGES / (ms / 1_000));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bodies = Array.from({ length: MESSAGES }, (_, n) => makeEvent(n));
const size = Buffer.byteLength(bodies[0]);
const results: { direct: Round[]; transport: Round[] } = { direct: [], transport: [] };
const runPrefix = uniqueId('bench');
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate so that drift in machine load hits both flows alike.
    results.direct.push(await direct(`${runPrefix}_d${round}`, bodies));
    results.transport.push(await transport(`${runPrefix}_t${round}`, bodies));
    const d = results.direct[round];
    const t = results.transport[round];
    console.log(`round ${round + 1}: direct ${rate(d.endToEndMs)} msg/s e2e (${rate(d.publishMs)} publish); transport ${rate(t.endToEndMs)} msg/s e2e (${rate(t.publishMs)} publish)`);
  }
} finally {
  await cleanupStreams(natsUrl, runPrefix);
}

const d = { publish: median(results.direct.map((r) => rate(r.publishMs))), e2e: median(results.direct.map((r) => rate(r.endToEndMs))) };
const t = { publish: median(results.transport.map((r) => rate(r.publishMs))), e2e: median(results.transport.map((r) => rate(r.endToEndMs))) };
const ratio = t.e2e / d.e2e;
const pass = t.e2e >= 10_000 && ratio >= 0.5;
const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.

${MESSAGES.toLocaleString('en')} events of ${(size / 1024).toFixed(1)} KB each, ${ROUNDS} alternating rounds, medians shown; publishes keep ${WINDOW} PubAcks outstanding, the consumer pulls ${PREFETCH} at a time and acks each message (transport: concurrency 64, ack without confirmation, the default).

| flow | publish msg/s | end-to-end msg/s (publish → ack) |
| --- | ---: | ---: |
| direct \`@nats-io/jetstream\` (baseline) | ${d.publish.toLocaleString('en')} | ${d.e2e.toLocaleString('en')} |
| Faultline transport (JetStreamPublisher → JetStreamServer → @EventPattern handler) | ${t.publish.toLocaleString('en')} | ${t.e2e.toLocaleString('en')} |

Transport / direct end to end: **${ratio.toFixed(2)}×**. Targets: ≥ 10,000 msg/s end to end and ≥ 0.5 × direct — **${pass ? 'met' : 'NOT met'}**.

Reproduce: \`npm run bench -- transport\` (\`BENCH_MESSAGES\`, \`BENCH_ROUNDS\` to change the size).`;
writeSection('Transport (`npm run bench -- transport`)', body);
console.log(body);
process.exit(0);
