import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/**
 * Deletes every JetStream stream whose name starts with `prefix` and returns their names.
 *
 * JetStream tests name their streams with a {@link uniqueId} prefix; this removes them
 * afterwards without touching the streams of tests running in parallel.
 */
export async function cleanupStreams(natsUrl: string, prefix: string): Promise<string[]> {
  if (prefix.length === 0) {
    throw new Error('cleanupStreams needs a non-empty prefix: it would delete every stream');
  }
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(prefix)) names.push(name);
    }
    const deleted: string[] = [];
    for (const name of names) {
      try {
        await jsm.streams.delete(name);
        deleted.push(name);
      } catch (err) {
        // Another cleanup may have removed it meanwhile; that is the outcome we wanted.
        if (!isStreamNotFound(err)) throw err;
      }
    }
    return deleted;
  } finally {
    await nc.close();
  }
}

function isStreamNotFound(err: unknown): boolean {
  return err instanceof Error && err.name === 'StreamNotFoundError';
}
