// Every example payload in proto/examples decodes with its registry message type and is already in
// canonical form, so the examples double as documentation of the exact wire format.
import { readFileSync } from 'node:fs';
import { decodeMessage, encodeMessage } from './codec.js';
import { SUBJECTS } from './gen/registry.js';

const repoRoot = new URL('../../../', import.meta.url);

describe.each(Object.values(SUBJECTS))('example of $key', (family) => {
  const text = readFileSync(new URL(family.example, repoRoot), 'utf8');

  it(`decodes as ${family.messageName} and re-encodes to the same canonical JSON line`, () => {
    const message = decodeMessage(family.schema, text);
    const line = encodeMessage(family.schema, message);
    expect(line).toBe(JSON.stringify(JSON.parse(text)));
    expect(line).not.toContain('\n');
  });

  it('is pretty-printed with two-space indentation and a final newline', () => {
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });
});
