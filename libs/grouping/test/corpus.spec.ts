// Snapshot of the component tree of every input: a change to grouping shows up as a reviewable diff of
// exactly which values contribute and why.
import { explain } from '../src/index.js';
import { inputNames, loadInput } from './support/inputs.js';

describe('grouping corpus', () => {
  it('has inputs', () => {
    expect(inputNames().length).toBeGreaterThan(20);
  });

  for (const name of inputNames()) {
    it(`explains ${name}`, async () => {
      await expect(`${explain(loadInput(name))}\n`).toMatchFileSnapshot(`./snapshots/${name}.txt`);
    });
  }
});
