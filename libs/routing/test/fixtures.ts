// Shared access to the configuration fixtures under testdata/.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute path of libs/routing/testdata. */
export const TESTDATA = join(import.meta.dirname, '..', 'testdata');

/** One fixture file with its expected error (from its `# expect:` first line) if invalid. */
export interface Fixture {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly expect?: string;
}

/** The fixtures in testdata/<dir>, sorted by name. */
export function fixtures(dir: 'valid' | 'invalid' | 'faultline'): Fixture[] {
  const base = join(TESTDATA, dir);
  return readdirSync(base).filter((f) => f.endsWith('.yml')).sort().map((name) => {
    const path = join(base, name);
    const text = readFileSync(path, 'utf8');
    const m = /^# expect: (.*)$/m.exec(text);
    return { name, path, text, ...(m ? { expect: m[1]! } : {}) };
  });
}
