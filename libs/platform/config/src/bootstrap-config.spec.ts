import { z } from 'zod';

import { bootstrapConfigOrExit, EX_CONFIG } from './bootstrap-config.js';
import { envInt } from './env-number.js';

class ExitCalled extends Error {
  constructor(readonly code: unknown) {
    super(`process.exit(${String(code)})`);
  }
}

describe('bootstrapConfigOrExit', () => {
  const schema = z.object({ PORT: envInt({ max: 65_535 }), GITHUB_TOKEN: z.string() });

  afterEach(() => vi.restoreAllMocks());

  it('returns the config when it is valid', () => {
    expect(bootstrapConfigOrExit(schema, { PORT: '80', GITHUB_TOKEN: 't' })).toEqual({ PORT: 80, GITHUB_TOKEN: 't' });
  });

  it('prints every problem to stderr and exits with EX_CONFIG (78)', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new ExitCalled(code);
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(() => bootstrapConfigOrExit(schema, { PORT: '99999' })).toThrow(ExitCalled);
    expect(EX_CONFIG).toBe(78);
    expect(exit).toHaveBeenCalledWith(78);
    expect(stderr).toHaveBeenCalledWith(
      'Invalid configuration (2 problems):\n  - PORT: must be at most 65535 (received "99999")\n  - GITHUB_TOKEN: is required but not set\n',
    );
  });

  it('lets errors other than ConfigError through', () => {
    const broken = z.object({}).transform(() => {
      throw new TypeError('bug in a transform');
    });
    expect(() => bootstrapConfigOrExit(broken, {})).toThrow('bug in a transform');
  });
});
