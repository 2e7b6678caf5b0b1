// The NATS connection every service opens once, and its readiness check.
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** How to reach NATS. */
export interface NatsConnectionOptions {
  servers: string | string[];
  /** Shown in `nats server report connections`; use the service name. */
  name?: string;
}

/** Opens a connection that reconnects forever (a service should outlive NATS restarts). */
export function connectNats(options: NatsConnectionOptions): Promise<NatsConnection> {
  return connect({
    servers: options.servers,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
  });
}

/** Readiness of a NATS connection: open and answering a round trip within `timeoutMs`. */
export function natsReadiness(nc: NatsConnection, timeoutMs = 2_000): { name: string; check(): Promise<void> } {
  return {
    name: 'nats',
    async check() {
      if (nc.isClosed()) throw new Error('connection closed');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from NATS within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([nc.flush(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
