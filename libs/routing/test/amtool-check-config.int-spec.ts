// Differential test: amtool check-config and parseConfig agree on every fixture (valid or not).
import { parseConfig } from '../src/config/parse-config.js';
import { amtool, HAS_AMTOOL } from './amtool.js';
import { fixtures } from './fixtures.js';

describe.skipIf(!HAS_AMTOOL)('parseConfig agrees with amtool check-config (needs prometheus-alertmanager)', () => {
  const cases = [...fixtures('valid'), ...fixtures('invalid')];

  it.each(cases.map((f) => [f.name, f] as const))('%s', (_n, f) => {
    const am = amtool(['check-config', f.path]);
    let ours = true;
    try {
      parseConfig(f.text);
    } catch {
      ours = false;
    }
    expect({ valid: ours }, am.out).toEqual({ valid: am.status === 0 });
  });
});
