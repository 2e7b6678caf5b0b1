import { MapCache, type MapCacheStats } from './map-cache.js';

const sized = <T>(value: T, bytes: number) => async () => ({ value, bytes });

describe('MapCache', () => {
  it('evicts the least recently used entries past the byte budget', async () => {
    const cache = new MapCache({ maxBytes: 100 });
    await cache.get('a', sized('A', 40));
    await cache.get('b', sized('B', 40));
    await cache.get('a', sized('never', 40)); // touch a: b is now the oldest
    await cache.get('c', sized('C', 40));
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('c')).toBe(true);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 3, evictions: 1, bytes: 80, entries: 2 });
  });

  it('serves but does not keep an entry larger than the budget', async () => {
    const cache = new MapCache({ maxBytes: 10 });
    expect(await cache.get('big', sized('X', 11))).toBe('X');
    expect(cache.has('big')).toBe(false);
    expect(cache.stats().bytes).toBe(0);
  });

  it('shares one load between concurrent callers (single flight)', async () => {
    const cache = new MapCache();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      loads++;
      await gate;
      return { value: { parsed: true }, bytes: 10 };
    };
    const all = Promise.all([cache.get('m', load), cache.get('m', load), cache.get('m', load)]);
    release();
    const values = await all;
    expect(loads).toBe(1);
    expect(values[0]).toBe(values[2]);
    expect(cache.stats()).toMatchObject({ misses: 1, sharedLoads: 2 });
  });

  it('does not cache a failed load', async () => {
    const cache = new MapCache();
    await expect(cache.get('m', async () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
    expect(await cache.get('m', sized('ok', 1))).toBe('ok');
  });

  it('reports counters through the stats callback', async () => {
    const seen: MapCacheStats[] = [];
    const cache = new MapCache({ maxBytes: 5, onStats: (s) => seen.push({ ...s }) });
    await cache.get('a', sized(1, 3));
    await cache.get('b', sized(2, 3));
    expect(seen.at(-1)).toMatchObject({ evictions: 1, bytes: 3, entries: 1 });
  });
});
