import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceConfig } from './create-data-source.js';
import { DATA_SOURCE } from './data-source.token.js';

/** Options of {@link PersistenceModule.forRootAsync}. */
export interface PersistenceModuleAsyncOptions {
  /** Modules exporting the providers that `inject` names (e.g. the config module). */
  imports?: ModuleMetadata['imports'];
  /** Providers passed to `useFactory`, in order. */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Builds the data source settings, typically from the validated configuration. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest passes the injected providers untyped.
  useFactory: (...args: any[]) => DataSourceConfig | Promise<DataSourceConfig>;
}

// Destroys the pool on shutdown. It uses onApplicationShutdown, the last hook, so that
// consumers draining in onModuleDestroy can still write what they have acknowledged.
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Global Nest module providing an initialised TypeORM DataSource under {@link DATA_SOURCE}. */
@Global()
@Module({})
export class PersistenceModule {
  /**
   * Registers the data source. It is initialised while the module initialises, so every
   * provider that injects it gets a connected pool, and the application does not start
   * if PostgreSQL cannot be reached. Migrations are not run here: see `runMigrationCommand`.
   */
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: DATA_SOURCE,
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => createDataSource(await options.useFactory(...args)).initialize(),
        },
        DataSourceCloser,
      ],
      exports: [DATA_SOURCE],
    };
  }
}
