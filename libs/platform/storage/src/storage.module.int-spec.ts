import { Inject, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { startS3rver, uniqueId, type StartedS3rver } from '@faultline/platform-testing';
import type { ObjectStorageOptions } from './client-options.js';
import type { ObjectStorage } from './object-storage.js';
import { OBJECT_STORAGE } from './object-storage.token.js';
import { StorageModule } from './storage.module.js';

const STORAGE_SETTINGS = Symbol('STORAGE_SETTINGS');

// Stands for a service class elsewhere in the application: the module is global.
@Injectable()
class EventArchive {
  constructor(@Inject(OBJECT_STORAGE) readonly storage: ObjectStorage) {}
}

describe('StorageModule', () => {
  let server: StartedS3rver;

  beforeAll(async () => {
    server = await startS3rver();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('provides an ObjectStorage built from injected settings and can create its bucket', async () => {
    const settings: ObjectStorageOptions = {
      endpoint: server.endpoint,
      accessKey: server.accessKeyId,
      secretKey: server.secretAccessKey,
      bucket: uniqueId('b').replace(/_/g, '-'),
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        StorageModule.forRootAsync({
          imports: [
            {
              module: class SettingsModule {},
              providers: [{ provide: STORAGE_SETTINGS, useValue: settings }],
              exports: [STORAGE_SETTINGS],
            },
          ],
          inject: [STORAGE_SETTINGS],
          useFactory: (s: ObjectStorageOptions) => s,
          ensureBucket: true,
        }),
      ],
      providers: [EventArchive],
    }).compile();
    const app = await moduleRef.init();
    try {
      const { storage } = app.get(EventArchive);
      expect(app.get(OBJECT_STORAGE)).toBe(storage);
      expect(storage.bucket).toBe(settings.bucket);
      expect(await storage.bucketExists()).toBe(true);
      await storage.putJsonGzip('k.json', { ok: true });
      expect(await storage.getJson('k.json')).toEqual({ ok: true });
    } finally {
      await app.close();
    }
  });
});
