// Captures what the real @sentry/node client sends, through a custom transport (no network).
import * as core from '@sentry/core';
import * as node from '@sentry/node';

/** The DSN every test client uses. */
export const TEST_DSN = 'https://0123456789abcdef0123456789abcdef@o1.ingest.example.com/42';

/** Runs `fn` with a scope bound to a real NodeClient and returns the serialised envelopes it sent. */
export async function captureEnvelopes(fn: (scope: core.Scope) => void): Promise<(string | Uint8Array)[]> {
  const sent: (string | Uint8Array)[] = [];
  const transport = (): core.Transport => ({
    send: async (envelope) => {
      sent.push(core.serializeEnvelope(envelope));
      return { statusCode: 200 };
    },
    flush: async () => true,
  });
  const client = new node.NodeClient({
    dsn: TEST_DSN,
    transport,
    stackParser: node.defaultStackParser,
    integrations: [],
    release: 'web@1.0.0',
    environment: 'test',
  });
  const scope = new core.Scope();
  scope.setClient(client);
  client.init();
  fn(scope);
  await client.flush(2000);
  return sent;
}

/** Encodes a serialised envelope as the bytes a server receives. */
export function toBytes(envelope: string | Uint8Array): Uint8Array {
  return typeof envelope === 'string' ? new TextEncoder().encode(envelope) : envelope;
}
