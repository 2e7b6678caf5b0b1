// The architecture's import rules are enforced by the lint step; these cases show the
// rule rejects what it must and accepts what it may, on the real project graph.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries (eslint @nx/enforce-module-boundaries)', { timeout: 60_000 }, () => {
  it('keeps contracts free of platform code and I/O clients', async () => {
    expect(await boundaryErrors('libs/contracts/src/probe.ts', "import { loadConfig } from '@faultline/platform-config';\nexport const x = loadConfig;\n")).toEqual([
      expect.stringContaining('A project tagged with "type:contracts" cannot depend on'),
    ]);
    expect(await boundaryErrors('libs/contracts/src/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toEqual([
      expect.stringContaining('A project tagged with "type:contracts" is not allowed to import "pg"'),
    ]);
  });

  it('lets platform libraries use contracts and each other', async () => {
    expect(
      await boundaryErrors(
        'libs/platform/messaging/src/probe.ts',
        "import { STREAMS } from '@faultline/contracts';\nimport { loadConfig } from '@faultline/platform-config';\nexport const x = [STREAMS, loadConfig];\n",
      ),
    ).toEqual([]);
  });
});
