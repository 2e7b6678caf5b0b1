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
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { machine, writeSection } from './performance-report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WINDOW = 256; // publishes awaiting their PubAck at once
const PREFETCH = 512;
const natsUrl = testNatsUrl();

/** A realistic ~6 KB browser error event (minified Chrome stack, breadcrumbs, request). */
function makeEvent(n: number): string {
  const frames = Array.from({ length: 30 }, (_, i) => ({
    filename: `https://app.example.com/static/js/main.3f9a1c${i % 3}.js`,
    function: i % 4 === 0 ? '<anonymous>' : `t.${['render', 'onClick', 'dispatch', 'commit'][i % 4]}`,
    lineno: 1,
    colno: 48_213 + i * 97,
    in_app: true,
  }));
  const breadcrumbs = Array.from({ length: 20 }, (_, i) => ({
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

/** CPU time (user + system, ms) the local nats-server process has used so far; 0 if unknown. */
function natsServerCpuMs(): number {
  try {
    const pid = execFileSync('pgrep', ['-o', '-x', 'nats-server']).toString().trim();
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** nats-server CPU use (cores busy) during each timed phase of each round. */
const serverCpu: number[] = [];

/** Milliseconds of each phase: publish alone, consume a backlog, both at once. */
interface Round { publishMs: number; consumeMs: number; endToEndMs: number }

/** A flow under test: how it publishes and how it consumes, in a namespace of its own. */
interface Flow {
  publish(n: number): Promise<unknown>;
  /** Sets a consumer up (not timed); `start()` begins consuming and `acked` resolves after MESSAGES acks. */
  consumer(): Promise<{ start(): Promise<void>; acked: Promise<void>; stop(): Promise<void> }>;
  close(): Promise<void>;
}

async function runFlow(make: (prefix: string) => Promise<Flow>, prefix: string): Promise<Round> {
  // Phases 1 and 2: publish a backlog with no consumer, then drain it.
  const a = await make(`${prefix}a`);
  const cpu0 = natsServerCpuMs();
  const publishMs = await publishAll((n) => a.publish(n));
  const backlog = await a.consumer();
  const cpu1 = natsServerCpuMs();
  let started = performance.now();
  await backlog.start();
  await backlog.acked;
  const consumeMs = performance.now() - started;
  const cpu2 = natsServerCpuMs();
  await backlog.stop();
  await a.close();
  // Phase 3: publish while consuming (the pipeline's steady state).
  const b = await make(`${prefix}b`);
  const live = await b.consumer();
  const cpu3 = natsServerCpuMs();
  started = performance.now();
  await live.start();
  await publishAll((n) => b.publish(n));
  await live.acked;
  const endToEndMs = performance.now() - started;
  serverCpu.push((natsServerCpuMs() - cpu3) / endToEndMs, (cpu1 - cpu0) / publishMs, (cpu2 - cpu1) / consumeMs);
  await live.stop();
  await b.close();
  return { publishMs, consumeMs, endToEndMs };
}

/** The baseline: js.publish with msgID, consume() with JSON.parse and ack, nothing else. */
async function direct(prefix: string, bodies: string[]): Promise<Flow> {
  const ns = new Namespace(prefix);
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  const js: JetStreamClient = jetstream(nc);
  const stream = ns.stream(STREAM.name);
  await provisionStream(jsm, { ...STREAM, name: stream, subjects: [ns.subject('bench.>')] });
  await jsm.consumers.add(stream, { durable_name: 'bench', ack_policy: AckPolicy.Explicit, ack_wait: nanos(30_000), max_ack_pending: 10_000 });
  return {
    publish: (n) => js.publish(ns.subject(`bench.${n % 8}`), bodies[n], { msgID: `d-${n}` }),
    async consumer() {
      const consumer = await js.consumers.get(stream, 'bench');
      let acked = 0;
      let done: () => void = () => undefined;
      const all = new Promise<void>((r) => (done = r));
      let messages: Awaited<ReturnType<typeof consumer.consume>> | undefined;
      return {
        acked: all,
        async start() {
          const pulled = await consumer.consume({ max_messages: PREFETCH });
          messages = pulled;
          void (async () => {
            for await (const m of pulled) {
              JSON.parse(m.string());
              m.ack();
              if (++acked === MESSAGES) done();
            }
          })();
        },
        stop: async () => void (await messages?.close()),
      };
    },
    close: () => nc.drain(),
  };
}

let acked = 0;
let onAck: () => void = () => undefined;

@Controller()
class BenchController {
  @EventPattern('bench.>')
  handle(_event: unknown) {
    if (++acked === MESSAGES) setImmediate(onAck);
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

/** The same flow through JetStreamPublisher and the JetStreamServer transport. */
async function transport(prefix: string, bodies: string[]): Promise<Flow> {
  const nc = await connect({ servers: natsUrl });
  const ns = new Namespace(prefix);
  await provisionStream(await jetstreamManager(nc), { ...STREAM, name: ns.stream(STREAM.name), subjects: [ns.subject('bench.>')] });
  const publisher = new JetStreamPublisher(nc, ns);
  return {
    publish: (n) => publisher.publishRaw(`bench.${n % 8}`, bodies[n], { msgId: `t-${n}` }),
    async consumer() {
      acked = 0;
      const all = new Promise<void>((r) => (onAck = r));
      const server = new JetStreamServer({
        servers: natsUrl,
        namespace: prefix,
        streams: [STREAM],
        consumers: [{ durable: 'bench', stream: 'BENCH', filterSubject: 'bench.>', policy: { concurrency: 64, prefetch: PREFETCH, maxAckPending: 10_000 } }],
      });
      const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, { strategy: server, logger: ['error'] });
      return { acked: all, start: () => app.listen(), stop: () => app.close() };
    },
    async close() {
      publisher.close();
      await nc.drain();
    },
  };
}

function serverCpuSummary(): string {
  const e2e = serverCpu.filter((_, i) => i % 3 === 0);
  if (e2e.every((x) => x === 0)) return 'an unknown share';
  return `${Math.min(...e2e).toFixed(2)}–${Math.max(...e2e).toFixed(2)}`;
}

const rate = (ms: number) => Math.round(MESSAGES / (ms / 1_000));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bodies = Array.from({ length: MESSAGES }, (_, n) => makeEvent(n));
const size = Buffer.byteLength(bodies[0]);
const results: { direct: Round[]; transport: Round[] } = { direct: [], transport: [] };
const runPrefix = uniqueId('bench');
const show = (r: Round) => `publish ${rate(r.publishMs)}, consume ${rate(r.consumeMs)}, end to end ${rate(r.endToEndMs)} msg/s`;
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate so that drift in machine load hits both flows alike.
    results.direct.push(await runFlow((p) => direct(p, bodies), `${runPrefix}_d${round}`));
    results.transport.push(await runFlow((p) => transport(p, bodies), `${runPrefix}_t${round}`));
    console.log(`round ${round + 1}: direct ${show(results.direct[round])}; transport ${show(results.transport[round])}`);
  }
} finally {
  await cleanupStreams(natsUrl, runPrefix);
}

const summary = (rounds: Round[]) => ({
  publish: median(rounds.map((r) => rate(r.publishMs))),
  consume: median(rounds.map((r) => rate(r.consumeMs))),
  e2e: median(rounds.map((r) => rate(r.endToEndMs))),
});
const d = summary(results.direct);
const t = summary(results.transport);
const ratio = t.e2e / d.e2e;
const fmt = (n: number) => n.toLocaleString('en');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.

${fmt(MESSAGES)} events of ${(size / 1024).toFixed(1)} KB each per phase, ${ROUNDS} alternating rounds, medians shown. Publishes keep ${WINDOW} PubAcks outstanding; consumers pull ${PREFETCH} at a time and ack every message (transport: concurrency 64, acks not confirmed, the default). NATS runs on the same 2 cores as the benchmark.

| flow | publish alone msg/s | consume a backlog msg/s | end to end msg/s (publish while consuming, until the last ack) |
| --- | ---: | ---: | ---: |
| direct \`@nats-io/jetstream\` (\`js.publish\`, \`consume()\`, \`JSON.parse\`, \`ack\`) | ${fmt(d.publish)} | ${fmt(d.consume)} | ${fmt(d.e2e)} |
| Faultline (\`JetStreamPublisher\` → \`JetStreamServer\` → \`@EventPattern\` handler) | ${fmt(t.publish)} | ${fmt(t.consume)} | ${fmt(t.e2e)} |

nats-server itself kept ${serverCpuSummary()} of the 2 cores busy during the end-to-end phase: the broker, the benchmark's publishers and its consumers share two cores, so the direct flow is far from 10,000 msg/s here as well.

Transport / direct, end to end: **${ratio.toFixed(2)}×** (publish ${(t.publish / d.publish).toFixed(2)}×, consume ${(t.consume / d.consume).toFixed(2)}×).
Target ≥ 0.5 × direct end to end: **${verdict(ratio >= 0.5)}** (${ratio.toFixed(2)}×).
Target ≥ 10,000 msg/s end to end: **${verdict(t.e2e >= 10_000)}** (${fmt(t.e2e)} msg/s; the direct flow reaches ${fmt(d.e2e)} msg/s on the same machine in the same run).

Reproduce: \`npm run bench -- transport\` (\`BENCH_MESSAGES\`, \`BENCH_ROUNDS\` change the size).`;
writeSection('Transport (`npm run bench -- transport`)', body);
console.log(body);
process.exit(0);
