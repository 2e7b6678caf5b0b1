// A replica of a consuming service, run as its own process by the consumer-group and
// shutdown tests so that killing it is a real process exit. It reports on stdout, one
// JSON line per event: ready, started (handler began), settled (after the server
// confirmed the ack), closed.
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { JetStreamExceptionFilter, JetStreamServer, type JetStreamContext } from '../src/index.js';
import { TEST_STREAMS } from './harness.js';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const delayMs = Number(env('REPLICA_DELAY_MS', '0'));
/** The payload `n` this replica dies on, without acknowledging (simulates a crash). */
const crashOn = process.env.REPLICA_CRASH_ON === undefined ? undefined : Number(process.env.REPLICA_CRASH_ON);
const report = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ ...event, t: Date.now() })}\n`);

@Controller()
class WorkController {
  @EventPattern('work.>')
  async handle(@Payload() payload: { n: number }, @Ctx() context: unknown) {
    const ctx = context as JetStreamContext;
    report({ event: 'started', seq: ctx.getMessage().info.streamSequence, delivery: ctx.getDeliveryCount() });
    if (payload.n === crashOn) process.exit(1);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  }
}

@Module({ controllers: [WorkController] })
class WorkModule {}

const server = new JetStreamServer({
  servers: env('NATS_URL', 'nats://127.0.0.1:4222'),
  namespace: env('REPLICA_PREFIX', ''),
  streams: TEST_STREAMS,
  consumers: [
    {
      durable: 'worker',
      stream: 'WORK',
      filterSubject: 'work.>',
      policy: {
        concurrency: Number(env('REPLICA_CONCURRENCY', '4')),
        prefetch: Number(env('REPLICA_PREFETCH', '4')),
        ackWaitMs: Number(env('REPLICA_ACK_WAIT_MS', '2000')),
        maxDeliver: Number(env('REPLICA_MAX_DELIVER', '10')),
        backoffMs: [100],
        ackConfirm: true,
      },
    },
  ],
  drainTimeoutMs: Number(env('REPLICA_DRAIN_MS', '10000')),
  onSettled: (d) => report({ event: 'settled', seq: d.streamSequence, delivery: d.deliveryCount, outcome: d.outcome }),
});

const app = await NestFactory.createMicroservice<MicroserviceOptions>(WorkModule, { strategy: server, logger: ['error'] });
app.useGlobalFilters(new JetStreamExceptionFilter());
app.enableShutdownHooks(['SIGTERM']);
await app.listen();
report({ event: 'ready', pid: process.pid });
process.on('exit', () => report({ event: 'closed' }));
