import { startS3rver, uniqueId, type StartedS3rver } from '@faultline/platform-testing';
import { ObjectStorage } from './object-storage.js';
import { storageReadiness } from './storage-readiness.js';

function storageOn(server: StartedS3rver, bucket = uniqueId('b').replace(/_/g, '-')): ObjectStorage {
  return new ObjectStorage({
    endpoint: server.endpoint,
    accessKey: server.accessKeyId,
    secretKey: server.secretAccessKey,
    bucket,
  });
}

describe('storageReadiness', () => {
  it('passes while the bucket exists and fails readably once the server is stopped', async () => {
    const server = await startS3rver();
    try {
      const storage = storageOn(server);
      await storage.ensureBucket();
      const readiness = storageReadiness(storage);
      expect(readiness.name).toBe('storage');
      await expect(readiness.check()).resolves.toBeUndefined();

      await server.stop();

      await expect(readiness.check()).rejects.toThrow(
        new RegExp(`^object storage is not reachable: connect ECONNREFUSED 127\\.0\\.0\\.1:${server.port}$`),
      );
    } finally {
      await server.stop();
    }
  });

  it('fails when the bucket does not exist', async () => {
    const server = await startS3rver();
    try {
      const storage = storageOn(server, 'never-created');
      await expect(storageReadiness(storage).check()).rejects.toThrow('object storage bucket "never-created" does not exist');
    } finally {
      await server.stop();
    }
  });
});
