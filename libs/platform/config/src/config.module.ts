// The Nest face of loadConfig: one global provider holding the typed configuration.
import { Global, Inject, Module, type DynamicModule } from '@nestjs/common';
import { z } from 'zod';

import { loadConfig, type Env } from './load-config.js';

/** Injection token of the typed configuration: `@Inject(APP_CONFIG) config: MyConfig`. */
export const APP_CONFIG = Symbol.for('faultline.config');

/** Parameter decorator injecting the typed configuration (shorthand for `@Inject(APP_CONFIG)`). */
export const InjectConfig = (): PropertyDecorator & ParameterDecorator => Inject(APP_CONFIG);

/** Validates the environment when Nest creates the module and provides the result under APP_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  /** A global module providing `loadConfig(schema, env)` under APP_CONFIG. */
  static forRoot<S extends z.ZodType>(schema: S, env?: Env): DynamicModule {
    // Parsing in a factory rather than here keeps importing an app module free of side
    // effects, so main.ts can call bootstrapConfigOrExit before Nest sees any error.
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig(schema, env) }],
      exports: [APP_CONFIG],
    };
  }
}
