// The Nest module that gives a service its NATS connection and a JetStream publisher.
// The consumer side is the JetStreamServer transport, which can share this connection.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Registry } from 'prom-client';
import { connectNats } from './connection.js';
import { Namespace } from './namespace.js';
import { JetStreamPublisher } from './publisher.js';

/** Injection token of the service's NatsConnection. */
export const NATS_CONNECTION = Symbol.for('faultline.nats-connection');
/** Injection token of the service's stream namespace. */
export const NATS_NAMESPACE = Symbol.for('faultline.nats-namespace');

/** What MessagingModule needs, typically built from the validated configuration. */
export interface MessagingModuleOptions {
  servers: string | string[];
  name: string;
  namespace?: string;
  publishTimeoutMs?: number;
  registry?: Registry;
}

/** Async form of the options, resolved from other providers (config, metrics). */
export interface MessagingModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: (string | symbol | (abstract new (...args: never[]) => unknown))[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

const OPTIONS = Symbol.for('faultline.messaging-options');

/** Closes the connection when the application shuts down, after in-flight publishes. */
class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/** Provides NATS_CONNECTION, NATS_NAMESPACE and JetStreamPublisher to the whole app. */
@Global()
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: options.imports ?? [],
      providers: [
        { provide: OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: NATS_CONNECTION,
          inject: [OPTIONS],
          useFactory: (o: MessagingModuleOptions) => connectNats({ servers: o.servers, name: o.name }),
        },
        { provide: NATS_NAMESPACE, inject: [OPTIONS], useFactory: (o: MessagingModuleOptions) => new Namespace(o.namespace ?? '') },
        {
          provide: JetStreamPublisher,
          inject: [NATS_CONNECTION, NATS_NAMESPACE, OPTIONS],
          useFactory: (nc: NatsConnection, ns: Namespace, o: MessagingModuleOptions) =>
            new JetStreamPublisher(nc, ns, o.publishTimeoutMs, o.registry),
        },
        ConnectionCloser,
      ],
      exports: [NATS_CONNECTION, NATS_NAMESPACE, JetStreamPublisher],
    };
  }
}
