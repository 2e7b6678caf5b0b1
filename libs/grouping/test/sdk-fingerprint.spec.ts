// The SDK's `fingerprint`: replaces the default grouping, or extends it through `{{ default }}`.
import { fingerprintEvent } from '../src/index.js';
import { loadInput } from './support/inputs.js';

const r = (n: string) => fingerprintEvent(loadInput(n));

describe('SDK fingerprint', () => {
  it('replaces the default algorithm with the given values', () => {
    const custom = r('sdk-fingerprint-custom');
    expect(custom.source).toBe('sdk');
    expect(custom.hashes[0]!.tree).toMatchObject({ id: 'sdk-fingerprint', values: [{ id: 'value', values: ['payment-gateway-timeout'] }] });
  });

  it('expands {{ default }} to the default tree plus the extra values', () => {
    const withDefault = r('sdk-fingerprint-default');
    const tree = withDefault.hashes[0]!.tree;
    expect((tree.values[0] as { id: string }).id).toBe('default');
    // Same stack, different fingerprint → different group from the plain default and from the custom one.
    expect(withDefault.hashes[0]!.hash).not.toBe(r('sdk-fingerprint-custom').hashes[0]!.hash);
  });

  it('expands {{ type }}, {{ function }} and {{ tags.x }}', () => {
    const v = r('sdk-fingerprint-variables');
    const leaves = v.hashes[0]!.tree.values.map((c) => (typeof c === 'string' ? c : c.values[0]));
    expect(leaves).toEqual(['TimeoutError', 'pay', 'acme']);
  });

  it('treats a lone {{ default }} as the default algorithm', () => {
    const e = loadInput('chrome-checkout');
    const plain = fingerprintEvent(e).hashes[0]!.hash;
    e.fingerprint = ['{{default}}'];
    const res = fingerprintEvent(e);
    expect(res.source).toBe('default');
    expect(res.hashes[0]!.hash).toBe(plain);
  });
});
