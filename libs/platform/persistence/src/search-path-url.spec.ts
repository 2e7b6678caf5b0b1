import { withSearchPath } from './search-path-url.js';

function options(url: string): string | null {
  return new URL(url).searchParams.get('options');
}

describe('withSearchPath', () => {
  it('adds the search path as a connection option', () => {
    const url = withSearchPath('postgres://user:secret@db:5432/app', 'clustering');
    expect(options(url)).toBe('-c search_path=clustering');
    expect(url).toMatch(/^postgres:\/\/user:secret@db:5432\/app\?/);
  });

  it('keeps the other options and query parameters, and wins over an earlier search path', () => {
    const url = withSearchPath('postgres://db/app?sslmode=require&options=-c%20statement_timeout%3D5s%20-c%20search_path%3Dold', 'new_one');
    expect(new URL(url).searchParams.get('sslmode')).toBe('require');
    expect(options(url)).toBe('-c statement_timeout=5s -c search_path=old -c search_path=new_one');
  });

  it('refuses schema names that would need quoting', () => {
    expect(() => withSearchPath('postgres://db/app', 'Upper')).toThrow(/invalid PostgreSQL schema name/);
    expect(() => withSearchPath('postgres://db/app', 'a b')).toThrow(/invalid PostgreSQL schema name/);
    expect(() => withSearchPath('postgres://db/app', '1st')).toThrow(/invalid PostgreSQL schema name/);
  });
});
