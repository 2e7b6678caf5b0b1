import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestSchema, type TestSchema } from '@faultline/platform-testing';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from './data-source.token.js';
import { PersistenceModule } from './persistence.module.js';

const DB_SETTINGS = Symbol('DB_SETTINGS');

@Module({})
class SettingsModule {
  static with(settings: { url: string; schema: string }) {
    return {
      module: SettingsModule,
      global: false,
      providers: [{ provide: DB_SETTINGS, useValue: settings }],
      exports: [DB_SETTINGS],
    };
  }
}

// Stands for a service class elsewhere in the application: the module is global.
@Injectable()
class WidgetStore {
  constructor(@Inject(DATA_SOURCE) readonly dataSource: DataSource) {}
}

describe('PersistenceModule', () => {
  let schema: TestSchema;

  beforeEach(async () => {
    schema = await createTestSchema();
  });

  afterEach(async () => {
    await schema.drop();
  });

  it('provides an initialised data source built from injected settings and destroys it on close', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          imports: [SettingsModule.with(schema.dataSourceOptions)],
          inject: [DB_SETTINGS],
          useFactory: (settings: { url: string; schema: string }) => ({ ...settings, entities: [], migrations: [] }),
        }),
      ],
      providers: [WidgetStore],
    }).compile();
    const app = await moduleRef.init();

    const { dataSource } = app.get(WidgetStore);
    expect(app.get(DATA_SOURCE)).toBe(dataSource);
    expect(dataSource.isInitialized).toBe(true);
    const [{ current_schema }]: Array<{ current_schema: string }> = await dataSource.query('SELECT current_schema()');
    expect(current_schema).toBe(schema.schema);

    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('fails to start when PostgreSQL cannot be reached', async () => {
    const building = Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({ url: 'postgres://postgres@127.0.0.1:1/test', entities: [], migrations: [] }),
        }),
      ],
    }).compile();

    await expect(building).rejects.toThrow(/ECONNREFUSED/);
  });
});
