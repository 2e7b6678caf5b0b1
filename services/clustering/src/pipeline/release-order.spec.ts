import { compareReleases, reopens } from './release-order.js';

describe('compareReleases', () => {
  it('orders dotted versions numerically, with or without a package prefix', () => {
    expect(compareReleases('1.10.0', '1.9.3')).toBe(1);
    expect(compareReleases('shop@4.12.0', 'shop@4.2.0')).toBe(1);
    expect(compareReleases('shop@4.2', 'shop@4.2.0')).toBe(0);
    expect(compareReleases('v2.0.0', '2.0.1')).toBe(-1);
    expect(compareReleases('1.2.0-rc.1', '1.2.0')).toBe(-1);
  });
  it('refuses to order different packages and non-versions', () => {
    expect(compareReleases('a@1.0.0', 'b@2.0.0')).toBeUndefined();
    expect(compareReleases('3f9a1c2', '4b7d2e1')).toBeUndefined();
    expect(compareReleases('3f9a1c2', '3f9a1c2')).toBe(0);
  });
});

describe('reopens', () => {
  it('resolved in the next release: only a release newer than the latest one seen reopens', () => {
    expect(reopens('release', 'web@2.1.0', 'web@2.1.0', true)).toBe(false);
    expect(reopens('release', 'web@2.1.0', 'web@2.0.9', true)).toBe(false);
    expect(reopens('release', 'web@2.1.0', 'web@2.1.1', true)).toBe(true);
    expect(reopens('release', 'web@2.1.0', 'abc123', true)).toBe(true);
  });

  it('reopens at or after the resolved-in release, not before', () => {
    expect(reopens('release', '1.2.0', '1.2.0')).toBe(true);
    expect(reopens('release', '1.2.0', '1.3.0')).toBe(true);
    expect(reopens('release', '1.2.0', '1.1.9')).toBe(false);
  });
  it('reopens when it cannot tell, or in mode any', () => {
    expect(reopens('release', '1.2.0', null)).toBe(true);
    expect(reopens('release', null, '0.1.0')).toBe(true);
    expect(reopens('release', 'abc', 'def')).toBe(true);
    expect(reopens('any', '1.2.0', '1.0.0')).toBe(true);
  });
});
