import { Controller, Get, Logger, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

import { captureLines } from '../test/capture-lines.js';
import { LoggingModule } from './logging.module.js';

// A stand-in for ConfigModule: the level comes from an injected configuration.
const SETTINGS = Symbol('settings');

@Module({ providers: [{ provide: SETTINGS, useValue: { LOG_LEVEL: 'debug' } }], exports: [SETTINGS] })
class SettingsModule {}

@Controller()
class ProbeController {
  @Get('healthz')
  healthz(): { status: string } {
    new Logger('Probe').debug('probed');
    return { status: 'ok' };
  }
}

// In its own file because nestjs-pino keeps one pino-http instance per process.
describe('LoggingModule.forRootAsync', () => {
  it('builds the logger from injected options', async () => {
    const out = captureLines();
    const moduleRef = await Test.createTestingModule({
      imports: [
        LoggingModule.forRootAsync({
          imports: [SettingsModule],
          inject: [SETTINGS],
          useFactory: (settings: { LOG_LEVEL: string }) => ({ level: settings.LOG_LEVEL, destination: out }),
        }),
      ],
      controllers: [ProbeController],
    }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    try {
      await app.inject({ method: 'GET', url: '/healthz' });
      const messages = out.lines.filter((line) => line['level'] === 'debug').map((line) => line['msg']);
      expect(messages).toEqual(['probed', 'request completed']);
    } finally {
      await app.close();
    }
  });
});
