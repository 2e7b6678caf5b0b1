import {
  Global,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { ObjectStorageOptions } from './client-options.js';
import { ObjectStorage } from './object-storage.js';
import { OBJECT_STORAGE } from './object-storage.token.js';

/** Options of {@link StorageModule.forRootAsync}. */
export interface StorageModuleAsyncOptions {
  /** Modules exporting the providers that `inject` names (e.g. the config module). */
  imports?: ModuleMetadata['imports'];
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Builds the connection settings, typically from the validated configuration. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest passes the injected providers untyped.
  useFactory: (...args: any[]) => ObjectStorageOptions | Promise<ObjectStorageOptions>;
  /**
   * Create the bucket at start if it is missing (default false). Convenient on one box;
   * leave it off where buckets are provisioned and the credentials may not create them.
   */
  ensureBucket?: boolean;
}

/** Global Nest module providing an {@link ObjectStorage} under {@link OBJECT_STORAGE}. */
@Global()
@Module({})
export class StorageModule {
  /** Registers the object storage built from injected settings. */
  static forRootAsync(options: StorageModuleAsyncOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: OBJECT_STORAGE,
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => {
            const storage = new ObjectStorage(await options.useFactory(...args));
            if (options.ensureBucket) await storage.ensureBucket();
            return storage;
          },
        },
      ],
      exports: [OBJECT_STORAGE],
    };
  }
}
