#!/usr/bin/env node
// Creates or updates the pipeline's streams (EVENTS, ISSUES, NOTIFY, DLQ) as the
// contracts declare them. Services provision their own durable consumers at start.
// Uses NATS_URL, NATS_STREAM_PREFIX and NATS_STREAM_REPLICAS; runs on the built packages (npm run build).
import { STREAMS } from '@faultline/contracts';
import { Namespace, provisionStream } from '@faultline/platform-messaging';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const ns = new Namespace(process.env.NATS_STREAM_PREFIX ?? '');
try {
  const jsm = await jetstreamManager(nc);
  for (const s of Object.values(STREAMS)) {
    const action = await provisionStream(jsm, {
      name: ns.stream(s.name),
      subjects: s.subjects.map((subject) => ns.subject(subject)),
      description: s.description,
      retention: s.retention,
      storage: s.storage,
      maxAgeMs: s.maxAgeMs,
      duplicateWindowMs: s.duplicateWindowMs,
      replicas: Number(process.env.NATS_STREAM_REPLICAS ?? 1),
    });
    console.log(`[provision] stream ${ns.stream(s.name)} (${s.subjects.join(', ')}): ${action}`);
  }
} finally {
  await nc.drain();
}
