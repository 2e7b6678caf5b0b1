import type { ObjectStorage } from './object-storage.js';

/** A readiness check for object storage; structurally a `ReadinessCheck` of the health library. */
export interface StorageReadinessCheck {
  /** Always `storage`. */
  readonly name: 'storage';
  /** Resolves when the bucket exists, rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** Builds the readiness check of a service that writes to object storage. */
export function storageReadiness(storage: ObjectStorage, options: { timeoutMs?: number } = {}): StorageReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    name: 'storage',
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      let exists: boolean;
      try {
        exists = await Promise.race([storage.bucketExists(), deadline]);
      } catch (err) {
        throw new Error(`object storage is not reachable: ${message(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
      if (!exists) throw new Error(`object storage bucket "${storage.bucket}" does not exist`);
    },
  };
}

// Connection failures to a host with several addresses arrive as an AggregateError with
// an empty message; the inner errors say what happened.
function message(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(message).join('; ');
  if (err instanceof Error) return err.message || String((err as { code?: unknown }).code ?? err.name);
  return String(err);
}
