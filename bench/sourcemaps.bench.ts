// `npm run bench -- sourcemaps`: source-map resolution of the enrichment service (issue 4).
// The map is real: zod, rxjs and @bufbuild/protobuf bundled and minified by esbuild in this run
// (≈ 2.8 MB of map). Three measurements, each beside an in-run baseline:
//   1. warm frame resolution (symbolicateEventJson on canonical JSON events, as the consumer runs
//      it, and the message-form symbolicateEvent; map cached) vs. bare trace-mapping lookups —
//      target ≥ 200,000 frames/s on one core;
//   2. cold load of the map from object storage (s3rver via minio) + parse — target ≤ 150 ms;
//   3. the enrichment consumer (NATS → enrich → publish → ack, real PostgreSQL and s3rver) with
//      warm maps, 25 frames per event — target ≥ 3,000 events/s; baseline: the same events
//      without a stack trace.
import { create, encodeMessage, IngestedEventSchema, SentryEventSchema, subjectFor, timestampFromDate, type SentryEvent } from '@faultline/contracts';
import { ENRICHMENT_MIGRATIONS } from '@faultline/enrichment';
import { spawn } from 'node:child_process';
import { ArtifactIndex } from '@faultline/platform-artifacts';
import { JetStreamPublisher, Namespace } from '@faultline/platform-messaging';
import { createDataSource, runMigrations } from '@faultline/platform-persistence';
import { PROJECTS_ENTITIES, ProjectsStore } from '@faultline/platform-projects';
import { ObjectStorage } from '@faultline/platform-storage';
import { cleanupStreams, createTestSchema, serviceEnv, freePort, startS3rver, testNatsUrl, uniqueId } from '@faultline/platform-testing';
import { MapCache, MemoryArtifactSource, parseMap, symbolicateEvent, symbolicateEventJson, type SentryEventJson } from '@faultline/sourcemaps';
import { toJson } from '@bufbuild/protobuf';
import { decodedMappings, traceSegment, TraceMap } from '@jridgewell/trace-mapping';
import { buildVendorBundle, mappedPositions } from './support/vendor-bundle.js';
import { cpuSeconds, pids } from './support/proc.js';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { loadavg } from 'node:os';
import { machine, writeSection } from './performance-report.js';
import { serviceNodeFlags } from '../scripts/node-flags.mjs';

const FRAMES_PER_EVENT = 25;
const WARM_EVENTS = Number(process.env.BENCH_WARM_EVENTS ?? 8_000);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 5);
const CONSUMER_EVENTS = Number(process.env.BENCH_CONSUMER_EVENTS ?? 20_000);
// The service's own defaults unless overridden (docs/ENRICHMENT.md explains the choice).
const CONSUMER_CONCURRENCY = process.env.BENCH_CONSUMER_CONCURRENCY;
const CONSUMER_PREFETCH = process.env.BENCH_CONSUMER_PREFETCH;
/** The service's own Node flags (faultline.nodeFlags, as every launcher starts it), then ENRICHMENT_NODE_FLAGS. */
const enrichmentFlags = [...serviceNodeFlags('enrichment'), ...(process.env.ENRICHMENT_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
const SCRIPT_URL = 'https://app.example.com/static/js/vendor.min.js';
const RELEASE = 'bench@1';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function eventWith(frames: { lineno: number; colno: number }[], n: number): SentryEvent {
  return create(SentryEventSchema, {
    eventId: n.toString(16).padStart(32, '0'),
    platform: 'javascript',
    release: RELEASE,
    exception: {
      values: [{ type: 'TypeError', value: `x is undefined #${n}`, stacktrace: { frames: frames.map((p) => ({ filename: SCRIPT_URL, absPath: SCRIPT_URL, function: 'e', lineno: p.lineno, colno: p.colno, inApp: true })) } }],
    },
    request: { url: `https://app.example.com/orders/${n}`, headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' } },
    user: { id: `u${n % 100}`, ipAddress: '203.0.113.9' },
  });
}

async function warm(code: string, map: string) {
  const pos = mappedPositions(map, 5_000);
  const source = new MemoryArtifactSource();
  source.add({ projectId: '1', release: RELEASE, url: '~/static/js/vendor.min.js', content: code, kind: 'minified_source' });
  source.add({ projectId: '1', release: RELEASE, url: '~/static/js/vendor.min.js.map', content: map, kind: 'source_map' });
  const cache = new MapCache();
  const events = Array.from({ length: WARM_EVENTS }, (_, n) => eventWith(Array.from({ length: FRAMES_PER_EVENT }, (_, i) => pos[(n * FRAMES_PER_EVENT + i) % pos.length]!), n));
  await symbolicateEvent(events[0]!, { projectId: '1', source, cache }); // load the map once
  // Baseline: bare trace-mapping lookups of the same positions on an already decoded map.
  const trace = new TraceMap(map);
  decodedMappings(trace);
  let sink = 0;
  const b0 = performance.now();
  for (const e of events) for (const f of e.exception!.values[0]!.stacktrace!.frames) sink += traceSegment(trace, f.lineno - 1, f.colno - 1)?.[1] ?? 0;
  const baseline = (events.length * FRAMES_PER_EVENT) / ((performance.now() - b0) / 1000);
  const jsonEvents = events.map((e) => toJson(SentryEventSchema, e) as SentryEventJson);
  let applied = 0;
  const measure = async (resolve: (i: number) => Promise<number>) => {
    const rates: number[] = [];
    const cpuRates: number[] = [];
    // One pass first, not measured: warm means the map, the per-position memo and the JIT are.
    for (let i = 0; i < events.length; i++) await resolve(i);
    applied = 0;
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < events.length; i++) applied += await resolve(i);
      const cpu = process.cpuUsage(c0);
      rates.push((events.length * FRAMES_PER_EVENT) / ((performance.now() - t0) / 1000));
      cpuRates.push((events.length * FRAMES_PER_EVENT) / ((cpu.user + cpu.system) / 1e6));
    }
    return { rate: median(rates), cpuRate: median(cpuRates) };
  };
  const json = await measure(async (i) => (await symbolicateEventJson(jsonEvents[i]!, { projectId: '1', source, cache })).results.filter((r) => r === 'applied').length);
  const jsonApplied = applied;
  const message = await measure(async (i) => (await symbolicateEvent(events[i]!, { projectId: '1', source, cache })).results.filter((r) => r === 'applied').length);
  return { ...json, message, baseline, applied: jsonApplied / 3 / (events.length * FRAMES_PER_EVENT), sink };
}

async function cold(map: string) {
  const s3 = await startS3rver({ buckets: ['bench'] });
  const schema = await createTestSchema();
  const ds = createDataSource({ url: schema.url, schema: schema.schema, entities: PROJECTS_ENTITIES, migrations: ENRICHMENT_MIGRATIONS });
  await ds.initialize();
  try {
    await runMigrations(ds);
    const { project } = await new ProjectsStore(ds).createProject({ slug: 'bench' });
    const storage = new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey, bucket: 'bench' });
    const index = new ArtifactIndex(ds, storage);
    const [row] = await index.store([{ projectId: project.id, release: RELEASE, dist: '', url: '~/vendor.min.js.map', kind: 'source_map', content: Buffer.from(map), headers: {} }]);
    const fetchMs: number[] = [];
    const parseMs: number[] = [];
    for (let i = 0; i < COLD_ROUNDS; i++) {
      const t0 = performance.now();
      const bytes = await index.read(row!.storageKey);
      const t1 = performance.now();
      const parsed = parseMap(bytes);
      const t2 = performance.now();
      if (!parsed.ok) throw new Error(parsed.error);
      fetchMs.push(t1 - t0);
      parseMs.push(t2 - t1);
    }
    const total = fetchMs.map((f, i) => f + parseMs[i]!);
    return { fetch: median(fetchMs), parse: median(parseMs), total: median(total), max: Math.max(...total) };
  } finally {
    await ds.destroy();
    await schema.drop();
    await s3.stop();
  }
}

/** Runs the enrichment consumer (`replicas` processes sharing the durable consumer, as the chart deploys it) over warm maps. */
async function consumer(code: string, map: string, nodeFlags: string[] = enrichmentFlags, replicas = 1) {
  const s3 = await startS3rver();
  const schema = await createTestSchema();
  const prefix = uniqueId('bsm');
  const ds = createDataSource({ url: schema.url, schema: schema.schema, entities: PROJECTS_ENTITIES, migrations: ENRICHMENT_MIGRATIONS });
  await ds.initialize();
  await runMigrations(ds);
  const store = new ProjectsStore(ds);
  const { project } = await store.createProject({ slug: 'bench' });
  // The service runs as it does in production: its own process, from its build (dist/main.js).
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const envFor = (port: number) => ({
    ...serviceEnv({ prefix, schema, s3: { ...s3, bucket: 'bench' } }),
    ENRICHMENT_PORT: String(port),
    ENRICHMENT_HOST: '127.0.0.1',
    ...(CONSUMER_CONCURRENCY ? { CONSUMER_CONCURRENCY } : {}),
    ...(CONSUMER_PREFETCH ? { CONSUMER_PREFETCH } : {}),
    ENRICHMENT_ARTIFACT_INDEX_TTL: '10m',
  });
  const children = ports.map((port) =>
    spawn(process.execPath, [...nodeFlags, process.env.BENCH_ENRICHMENT_MAIN ?? 'services/enrichment/dist/main.js'], { env: { PATH: process.env.PATH ?? '', ...envFor(port) }, stdio: ['ignore', 'ignore', 'inherit'] }),
  );
  for (const [n, port] of ports.entries()) {
    for (let i = 0; ; i++) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (i > 300 || children[n]!.exitCode !== null) throw new Error('enrichment service did not become ready (run `npx nx run @faultline/enrichment:build` first)');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The consumer's stream exists once the service is ready.
  const index = new ArtifactIndex(ds, new ObjectStorage({ endpoint: s3.endpoint, accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey, bucket: 'bench' }));
  await index.store([
    { projectId: project.id, release: RELEASE, dist: '', url: '~/static/js/vendor.min.js', kind: 'minified_source', content: Buffer.from(code), headers: {} },
    { projectId: project.id, release: RELEASE, dist: '', url: '~/static/js/vendor.min.js.map', kind: 'source_map', content: Buffer.from(map), headers: {} },
  ]);
  const nc = await connect({ servers: testNatsUrl() });
  const jsm = await jetstreamManager(nc);
  const publisher = new JetStreamPublisher(nc, new Namespace(prefix));
  const pos = mappedPositions(map, 5_000);
  let sent = 0;
  /** A process metric of every replica (prom-client's default process metrics). */
  const metric = (name: string) =>
    Promise.all(
      ports.map(async (port) => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(`faultline_${name} `) || l.startsWith(`${name} `));
        return line ? Number(line.split(' ')[1]) : NaN;
      }),
    );
  /** CPU seconds the service's processes have used so far. */
  const serviceCpu = async () => (await metric('process_cpu_seconds_total')).reduce((a, b) => a + b, 0);
  // Resident memory of each replica, sampled while events flow (the largest peak is reported).
  let peakRss = 0;
  const sampler = setInterval(() => {
    metric('process_resident_memory_bytes').then((rss) => (peakRss = Math.max(peakRss, ...rss.map((r) => r || 0))), () => undefined);
  }, 250);
  /**
   * Publishes `count` events and times the service until it has acked them all. `backlog`: the
   * replicas are stopped (SIGSTOP) while the events are published and the clock starts when they
   * resume (SIGCONT), so the drain of a full stream is timed without the load generator competing
   * for the cores; otherwise events are published while the service consumes them.
   */
  const run = async (count: number, withStack: boolean, backlog = false) => {
    const start = sent;
    const bodies = Array.from({ length: count }, (_, i) => {
      const n = start + i + 1;
      const event = eventWith(withStack ? Array.from({ length: FRAMES_PER_EVENT }, (_, j) => pos[(n * FRAMES_PER_EVENT + j) % pos.length]!) : [], n);
      if (!withStack) event.exception = undefined;
      const ingested = create(IngestedEventSchema, { projectId: String(project.id), eventId: event.eventId, receivedAt: timestampFromDate(new Date()), event });
      // Encoded before the clock starts: the load generator's own encoding is not the service's cost.
      return { subject: subjectFor('eventsIngested', ingested.projectId), msgId: `${ingested.projectId}:${ingested.eventId}`, body: encodeMessage(IngestedEventSchema, ingested) };
    });
    sent += count;
    const cpu0 = await serviceCpu();
    let broker0 = natsServerCpu();
    if (backlog) for (const child of children) child.kill('SIGSTOP');
    let t0 = performance.now();
    const window: Promise<unknown>[] = [];
    for (const { subject, msgId, body } of bodies) {
      window.push(publisher.publishRaw(subject, body, { msgId }));
      if (window.length >= 256) await Promise.all(window.splice(0));
    }
    await Promise.all(window);
    if (backlog) {
      // The broker's share from here on: delivering, storing the enriched copies, acks.
      broker0 = natsServerCpu();
      t0 = performance.now();
      for (const child of children) child.kill('SIGCONT');
    }
    for (;;) {
      const info = await jsm.consumers.info(`${prefix}_EVENTS`, 'enrichment');
      if (info.num_pending === 0 && info.num_ack_pending === 0 && info.ack_floor.stream_seq >= info.delivered.stream_seq && info.delivered.consumer_seq >= sent) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const wall = count / ((performance.now() - t0) / 1000);
    const brokerUs = ((natsServerCpu() - broker0) / count) * 1e6;
    return { wall, perCpu: count / ((await serviceCpu()) - cpu0), brokerUs };
  };
  try {
    await run(500, true); // warm-up: map loaded and cached, JIT warm
    const baseline = await run(CONSUMER_EVENTS, false);
    peakRss = 0;
    const rate = await run(CONSUMER_EVENTS, true);
    const drain = await run(CONSUMER_EVENTS, true, true);
    return { rate, drain, baseline, peakRss };
  } finally {
    clearInterval(sampler);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)))));
    await nc.drain();
    await ds.destroy();
    await schema.drop();
    await s3.stop();
    await cleanupStreams(testNatsUrl(), `${prefix}_`);
  }
}

/** CPU seconds the local nats-server has used so far (NaN where it is not on this machine). */
const natsServerCpu = () => pids('nats-server').reduce((sum, pid) => sum + cpuSeconds(pid), 0) || NaN;

const loadBefore = loadavg()[0]!.toFixed(1);
const { code, map } = await buildVendorBundle('vendor.min.js');
console.log(`map: ${(map.length / 1e6).toFixed(2)} MB (minified bundle ${(code.length / 1e3).toFixed(0)} kB)`);
const w = await warm(code, map);
console.log(`warm: ${fmt(w.rate)} frames/s wall, ${fmt(w.cpuRate)} per CPU second; message form ${fmt(w.message.rate)} wall, ${fmt(w.message.cpuRate)} per CPU second (baseline trace-mapping ${fmt(w.baseline)} lookups/s), applied ${(w.applied * 100).toFixed(1)}%`);
const c = await cold(map);
console.log(`cold: ${c.total.toFixed(1)} ms median (fetch ${c.fetch.toFixed(1)} + parse ${c.parse.toFixed(1)}), max ${c.max.toFixed(1)} ms`);
const consumerLine = (label: string, r: Awaited<ReturnType<typeof consumer>>) =>
  console.log(`consumer${label}: ${fmt(r.rate.wall)} events/s with ${FRAMES_PER_EVENT} frames, ${fmt(r.rate.perCpu)} per service CPU-second (baseline without stack ${fmt(r.baseline.wall)} events/s, ${fmt(r.baseline.perCpu)} per CPU-second); draining a backlog ${fmt(r.drain.wall)} events/s, ${fmt(r.drain.perCpu)} per service CPU-second; nats-server ${fmt(r.rate.brokerUs)} / ${fmt(r.drain.brokerUs)} µs CPU per event; service RSS peak ${(r.peakRss / 2 ** 20).toFixed(0)} MiB (concurrency ${CONSUMER_CONCURRENCY ?? 'default'}, prefetch ${CONSUMER_PREFETCH ?? 'default'})`);
const q = await consumer(code, map);
consumerLine('', q);
// The same run with the service started without its package's Node flags (BENCH_ENRICHMENT_AB=0 skips it).
const packageFlags = serviceNodeFlags('enrichment');
const withoutFlags = process.env.BENCH_ENRICHMENT_AB !== '0' && packageFlags.length > 0 ? await consumer(code, map, enrichmentFlags.filter((f) => !packageFlags.includes(f))) : undefined;
if (withoutFlags) consumerLine(' (without the package Node flags)', withoutFlags);
// The same with the chart's default of two replicas sharing the durable consumer (BENCH_ENRICHMENT_REPLICAS=1 skips it).
const REPLICAS = Number(process.env.BENCH_ENRICHMENT_REPLICAS ?? 2);
const replicated = REPLICAS > 1 ? await consumer(code, map, enrichmentFlags, REPLICAS) : undefined;
if (replicated) consumerLine(` (${REPLICAS} replicas)`, replicated);

const ok = (pass: boolean) => (pass ? 'met' : '**missed**');
writeSection(
  'sourcemaps',
  `
\`npm run bench -- sourcemaps\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.
The benchmark, NATS, PostgreSQL, s3rver and the service share the machine's 2 cores (1-minute load average ${loadBefore} at the start, ${loadavg()[0]!.toFixed(1)} at the end), so wall-clock rates are below what one free core gives; the per-CPU-second rates (CPU time actually used by the measured process) are the load-independent figures.

Map: zod + rxjs + @bufbuild/protobuf bundled and minified by esbuild in the run: ${(map.length / 1e6).toFixed(2)} MB source map, ${(code.length / 1e3).toFixed(0)} kB minified.
Frames are real mapped positions spread over the bundle, ${FRAMES_PER_EVENT} per event.

| measurement | result | in-run baseline | target |
|---|---|---|---|
| warm resolution (\`symbolicateEventJson\`, as the consumer runs it: map cached, context lines, caller naming), one core | ${fmt(w.rate)} frames/s wall-clock; ${fmt(w.cpuRate)} frames per CPU-second | bare \`traceSegment\`: ${fmt(w.baseline)} lookups/s | ≥ 200,000 frames/s — ${ok(w.rate >= 200_000)} (wall), ${ok(w.cpuRate >= 200_000)} (CPU) |
| warm resolution, message form (\`symbolicateEvent\`, tests and tools) | ${fmt(w.message.rate)} frames/s wall-clock; ${fmt(w.message.cpuRate)} frames per CPU-second | — | — |
| cold load from object storage (s3rver via minio, gunzip) + parse, median of ${COLD_ROUNDS} | ${c.total.toFixed(1)} ms (fetch ${c.fetch.toFixed(1)} + parse ${c.parse.toFixed(1)}; max ${c.max.toFixed(1)}) | — | ≤ 150 ms — ${ok(c.total <= 150)} |
| enrichment consumer, warm maps, NATS → enrich → publish (PubAck) → ack, ${fmt(CONSUMER_EVENTS)} events | ${fmt(q.rate.wall)} events/s wall-clock; ${fmt(q.rate.perCpu)} events per CPU-second of the service process; peak RSS ${(q.peakRss / 2 ** 20).toFixed(0)} MiB | same events without a stack: ${fmt(q.baseline.wall)} events/s; ${fmt(q.baseline.perCpu)} per CPU-second | ≥ 3,000 events/s — ${ok(q.rate.wall >= 3_000)} (wall), ${ok(q.rate.perCpu >= 3_000)} (per service CPU-second) |
| same, draining a backlog: the events published while the service is stopped (SIGSTOP), timed from when it resumes, so the load generator does not compete for the cores | ${fmt(q.drain.wall)} events/s wall-clock; ${fmt(q.drain.perCpu)} events per CPU-second of the service process | nats-server: ${fmt(q.drain.brokerUs)} µs of CPU per event while the service drains (${fmt(q.rate.brokerUs)} in the row above, which includes storing the ingested events) | ≥ 3,000 events/s — ${ok(q.drain.wall >= 3_000)} (wall) |
${replicated ? `| same, ${REPLICAS} replicas of the service sharing the durable consumer (the Helm chart's default \`replicas: 2\`), ${fmt(CONSUMER_EVENTS)} events | ${fmt(replicated.rate.wall)} events/s wall-clock; ${fmt(replicated.rate.perCpu)} events per CPU-second of the ${REPLICAS} processes; peak RSS ${(replicated.peakRss / 2 ** 20).toFixed(0)} MiB per replica | without a stack: ${fmt(replicated.baseline.wall)} events/s; ${fmt(replicated.baseline.perCpu)} per CPU-second; draining a backlog: ${fmt(replicated.drain.wall)} events/s | ≥ 3,000 events/s — ${ok(replicated.rate.wall >= 3_000)} (wall, as deployed by default) |\n` : ''}${withoutFlags ? `| same, the service started without its Node flags (\`${packageFlags.join(' ')}\`) | ${fmt(withoutFlags.rate.wall)} events/s wall-clock; ${fmt(withoutFlags.rate.perCpu)} events per CPU-second; peak RSS ${(withoutFlags.peakRss / 2 ** 20).toFixed(0)} MiB | without a stack: ${fmt(withoutFlags.baseline.wall)} events/s; ${fmt(withoutFlags.baseline.perCpu)} per CPU-second | — |\n` : ''}
Applied frames in the warm run: ${(w.applied * 100).toFixed(1)}% (the rest map to generated code without a source).
The consumer ran with ${CONSUMER_CONCURRENCY || CONSUMER_PREFETCH ? `CONSUMER_CONCURRENCY=${CONSUMER_CONCURRENCY ?? 'default'}, CONSUMER_PREFETCH=${CONSUMER_PREFETCH ?? 'default'}` : 'the default CONSUMER_CONCURRENCY=16 and CONSUMER_PREFETCH=32'}, one process (one core for the service; NATS,
PostgreSQL and s3rver on the same machine) unless the row says replicas, started as every launcher starts it: \`node ${enrichmentFlags.join(' ')} services/enrichment/dist/main.js\`
(its flags from \`faultline.nodeFlags\` in its package.json). The enriched payloads are about 34 kB each (25 frames with
11 context lines and their minified \`raw_frame\`). Each event leaves tens of kilobytes of short-lived garbage (the decoded
ingested event, the symbolicated frames, the payload's text and bytes); with V8's default young generation (16 MB
semi-spaces) enough of a full prefetch window survives each scavenge to be copied twice and promoted, so
\`--max-semi-space-size=32\` buys a quarter more events per CPU-second and no more memory (the row without the flags;
A/B on 2026-11-28: 2,034 and 2,003 → 2,565 and 2,478 per CPU-second, peak RSS 267/263 → 255/240 MiB; 64 MB gave
no more throughput and 305 MiB).

The consumer keeps each event in its canonical JSON form from decode to publish (docs/ENRICHMENT.md).
Against the previous, message-based build (\`fromJson\` / \`toJson\` round trips, one \`JSON.stringify\` of
the payload), built from commit 9f685b2 and run by this benchmark (\`BENCH_ENRICHMENT_MAIN\`) in alternation
with the current one on 2026-11-28 (load average 2.3–2.9), 6,000 events each:

| build | CONSUMER_CONCURRENCY / PREFETCH | events/s wall-clock | events per service CPU-second | peak RSS |
|---|---|---|---|---|
| before (message path) | 16 / 32 (defaults) | 942; 1,073 | 1,031; 1,185 | 312; 294 MiB |
| after (JSON path) | 16 / 32 (defaults) | 1,666; 1,624 | 2,048; 2,031 | 263; 259 MiB |
| before (message path) | 64 / 256 | 1,145 | 1,220 | 349 MiB |
| after (JSON path) | 64 / 256 | 1,511 | 1,731 | 265 MiB |

The defaults are kept: more concurrency and prefetch bought no throughput here and cost memory.

Where the consumer's time goes (V8 CPU profile of the service process during this benchmark on 2026-11-28, 20,000
events, share of its busy time): writing the 34 kB payloads to the NATS socket (\`writeBuffer\`, kernel time on
loopback) 11 %, the rest of the NATS client's pull, publish and ack path about 6 %, garbage collection 5 %, enrichment
itself about 27 % (symbolication 12 %, writing the payload, scrubbing, decoding). Measured in one process without NATS,
enriching one e2e-shaped event (25 mapped frames, 20 breadcrumbs) takes 136 µs plus 12 µs of \`JSON.parse\`; the consumer
spends about twice that per event, so half of it is the transport and the runtime around the handler.
In this run one replica kept its core ${Math.round((100 * q.rate.wall) / q.rate.perCpu)} % busy (wall-clock ÷ per-CPU-second rate) while nats-server, which stores the 6 kB
ingested and the 34 kB enriched message of every event and delivers both, used most of the other (its µs per event are in the
drain row). On the Intel Xeon machine of 2026-11-28 (bare Fastify 29–32k requests/s in the ingest bench, about twice this
kind's slower AMD EPYC machines) runs of 20,000 events gave one replica 2,754–2,984 events/s and two replicas 2,942–3,286.
The chart deploys two replicas per consumer; on the Xeon machine they put the rest of both cores to work (3–15 % more
events/s than one), at some CPU cost per event (two processes and the broker contending for two cores); where the broker
already fills the second core, as in some runs on the EPYC machines, they add nothing (compare the replicas row). Changing the replica count: \`BENCH_ENRICHMENT_REPLICAS\`
(1 skips that row).
Tried and not kept (2026-11-28): corking the NATS socket so that all publishes of one event-loop turn
leave in one writev instead of one write per 32 KB (two A/B pairs, 6,000 events each: 2,271 and 2,534 events
per CPU-second corked, 2,512 and 2,496 not; nats-server CPU alike): the cost is the bytes, not the calls.
`,
);
