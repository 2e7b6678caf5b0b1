// Nest wiring of the logger: nestjs-pino for request logs and for Nest's own Logger,
// plus the middleware that makes each request its own trace.
import {
  Global,
  Inject,
  Optional,
  Logger as NestLogger,
  Module,
  RequestMethod,
  type DynamicModule,
  type FactoryProvider,
  type MiddlewareConsumer,
  type ModuleMetadata,
  type NestModule,
} from '@nestjs/common';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';

import { createLogger, type LoggerOptions } from './create-logger.js';
import { httpLoggerOptions } from './http-logger-options.js';
import { traceMiddleware } from './request-trace.js';

/**
 * Options of LoggingModule.forRoot: createLogger's, and whether Nest routes get request
 * log lines and a trace per request (default true). A service whose hot routes sit
 * outside Nest's router turns it off: the middleware would still run on every request.
 */
export type LoggingModuleOptions = LoggerOptions & { requestLogging?: boolean };

/** Options of LoggingModule.forRootAsync, e.g. to take the level from APP_CONFIG. */
export interface LoggingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => LoggingModuleOptions | Promise<LoggingModuleOptions>;
}

/** Whether request logging and per-request traces are on (forRoot's `requestLogging`). */
const REQUEST_LOGGING = Symbol.for('faultline.logging.request-logging');

// Nest 12 on Fastify (path-to-regexp 8) needs a named wildcard to match every route.
const ALL_ROUTES = [{ path: '*splat', method: RequestMethod.ALL }];

/** Makes pino (via nestjs-pino) the logger of requests and of Nest's Logger, with one trace per request. */
@Global()
@Module({})
export class LoggingModule implements NestModule {
  /** A global module logging JSON lines at `level`; PinoLogger and nestjs-pino's Logger are injectable. */
  static forRoot(options: LoggingModuleOptions = {}): DynamicModule {
    const requestLogging = options.requestLogging !== false;
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(createLogger(options)), forRoutes: requestLogging ? ALL_ROUTES : [] })],
      providers: [{ provide: REQUEST_LOGGING, useValue: requestLogging }],
      exports: [LoggerModule],
    };
  }

  /** Like forRoot, with options from a factory: `inject: [APP_CONFIG], useFactory: (c) => ({ level: c.LOG_LEVEL })`. */
  static forRootAsync(options: LoggingModuleAsyncOptions): DynamicModule {
    const factory = options.useFactory as (...args: unknown[]) => LoggingModuleOptions | Promise<LoggingModuleOptions>;
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          imports: options.imports ?? [],
          inject: options.inject ?? [],
          useFactory: async (...args: unknown[]) => ({ pinoHttp: httpLoggerOptions(createLogger(await factory(...args))), forRoutes: ALL_ROUTES }),
        }),
      ],
      exports: [LoggerModule],
    };
  }

  // Routing Nest's static Logger here means `new Logger(Context).log()` anywhere in
  // a service writes pino lines, without each main.ts remembering app.useLogger().
  constructor(
    @Inject(PinoNestLogger) pinoNestLogger: PinoNestLogger,
    @Optional() @Inject(REQUEST_LOGGING) private readonly requestLogging: boolean | null,
  ) {
    NestLogger.overrideLogger(pinoNestLogger);
  }

  /** Runs every request inside its own trace (see request-trace.ts). */
  configure(consumer: MiddlewareConsumer): void {
    if (this.requestLogging !== false) consumer.apply(traceMiddleware).forRoutes(...ALL_ROUTES);
  }
}
