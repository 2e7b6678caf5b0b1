import { openProjectsSchema, type ProjectsSchema } from '../test/projects-schema.js';
import { ApiTokenNotFoundError, hashApiToken, InvalidInputError } from './index.js';

describe('API tokens', () => {
  let db: ProjectsSchema;

  beforeEach(async () => {
    db = await openProjectsSchema();
  });

  afterEach(async () => {
    await db.close();
  });

  it('create → verify → revoke', async () => {
    const { token, record } = await db.store.createApiToken({ name: 'ci uploads', scopes: ['project:releases', 'project:write'] });
    expect(token).toMatch(/^flt_/);
    expect(record).toMatchObject({ name: 'ci uploads', scopes: ['project:releases', 'project:write'], revokedAt: null, lastUsedAt: null });

    // Only the hash is stored.
    const rows: { token_hash: string }[] = await db.dataSource.query('SELECT token_hash FROM api_tokens');
    expect(rows).toEqual([{ token_hash: hashApiToken(token) }]);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    const verified = await db.store.verifyApiToken(token);
    expect(verified).toMatchObject({ id: record.id, name: 'ci uploads' });
    expect(verified?.lastUsedAt).toBeInstanceOf(Date);
    expect(await db.store.verifyApiToken(`${token}x`)).toBeUndefined();
    expect(await db.store.verifyApiToken('not-a-token')).toBeUndefined();

    expect((await db.store.revokeApiToken(record.id)).revokedAt).toBeInstanceOf(Date);
    expect(await db.store.verifyApiToken(token)).toBeUndefined();
    await expect(db.store.revokeApiToken(record.id + 1000)).rejects.toThrow(ApiTokenNotFoundError);
  });

  it('records the last use at most once a minute', async () => {
    const { token, record } = await db.store.createApiToken({ name: 'ci', scopes: [] });
    const first = await db.store.verifyApiToken(token);
    await db.store.verifyApiToken(token);
    const [{ last_used_at: stored }]: { last_used_at: Date }[] = await db.dataSource.query('SELECT last_used_at FROM api_tokens WHERE id = $1', [
      record.id,
    ]);
    expect(stored.getTime()).toBe(first?.lastUsedAt?.getTime());

    // An hour-old use is refreshed by the next verification.
    await db.dataSource.query(`UPDATE api_tokens SET last_used_at = now() - interval '1 hour' WHERE id = $1`, [record.id]);
    const later = await db.store.verifyApiToken(token);
    expect(Date.now() - (later?.lastUsedAt?.getTime() ?? 0)).toBeLessThan(10_000);
    expect((await db.store.listApiTokens())[0].lastUsedAt?.getTime()).toBe(later?.lastUsedAt?.getTime());
  });

  it('refuses a nameless token and malformed scopes', async () => {
    await expect(db.store.createApiToken({ name: ' ', scopes: [] })).rejects.toThrow(InvalidInputError);
    await expect(db.store.createApiToken({ name: 'x', scopes: ['everything'] })).rejects.toThrow(/invalid scope/);
  });
});
