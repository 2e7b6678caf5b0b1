import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { APP_CONFIG, ConfigModule, InjectConfig } from './config.module.js';
import { envInt } from './env-number.js';

const schema = z.object({ WORKERS: envInt({ min: 1, default: 2 }), NAME: z.string() });
type Config = z.output<typeof schema>;

@Injectable()
class NeedsConfig {
  constructor(@InjectConfig() readonly config: Config) {}
}

describe('ConfigModule', () => {
  it('provides the typed configuration globally under APP_CONFIG', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(schema, { NAME: 'ingest' })],
      providers: [NeedsConfig],
    }).compile();
    expect(moduleRef.get(APP_CONFIG)).toEqual({ WORKERS: 2, NAME: 'ingest' });
    expect(moduleRef.get(NeedsConfig).config).toBe(moduleRef.get(APP_CONFIG));
    await moduleRef.close();
  });

  it('does not read the environment until Nest creates the module', () => {
    expect(() => ConfigModule.forRoot(schema, {})).not.toThrow();
  });

  it('fails module creation with a ConfigError listing every bad variable', async () => {
    const compiling = Test.createTestingModule({ imports: [ConfigModule.forRoot(schema, { WORKERS: '0' })] }).compile();
    await expect(compiling).rejects.toBeInstanceOf(ConfigError);
    await expect(compiling).rejects.toMatchObject({ issues: [{ name: 'WORKERS' }, { name: 'NAME' }] });
  });
});
