import { openProjectsSchema, type ProjectsSchema } from '../test/projects-schema.js';
import { InvalidInputError, KeyNotFoundError, ProjectExistsError, ProjectNotFoundError } from './index.js';

describe('ProjectsStore', () => {
  let db: ProjectsSchema;

  beforeEach(async () => {
    db = await openProjectsSchema();
  });

  afterEach(async () => {
    await db.close();
  });

  it('creates a project with defaults and a first key', async () => {
    const { project, key } = await db.store.createProject({ slug: 'web', githubRepo: 'acme/web' });
    expect(project).toMatchObject({
      slug: 'web',
      name: 'web',
      enabled: true,
      githubRepo: 'acme/web',
      allowedOrigins: ['*'],
      storeIp: false,
      inboundFilters: {},
      piiSettings: {},
      rateLimitPerMinute: null,
    });
    expect(project.id).toBeGreaterThan(0);
    expect(project.createdAt).toBeInstanceOf(Date);
    expect(key).toMatchObject({ projectId: project.id, label: 'Default', enabled: true, allowedOrigins: null, revokedAt: null });
    expect(key.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(await db.store.getProject(project.id)).toEqual(project);
    expect(await db.store.getProject('web')).toEqual(project);
    expect(await db.store.getProject('nope')).toBeUndefined();
  });

  it('refuses a duplicate slug with ProjectExistsError and an invalid one with InvalidInputError', async () => {
    await db.store.createProject({ slug: 'web' });
    await expect(db.store.createProject({ slug: 'web', name: 'Other' })).rejects.toThrow(ProjectExistsError);
    await expect(db.store.createProject({ slug: 'web' })).rejects.toThrow('project "web" already exists');
    await expect(db.store.createProject({ slug: 'Web App' })).rejects.toThrow(InvalidInputError);
    await expect(db.store.createProject({ slug: 'x', githubRepo: 'nope' })).rejects.toThrow(/owner\/name/);
    // The failed attempts left no half-created project or key behind.
    expect((await db.store.listProjects()).map((p) => p.slug)).toEqual(['web']);
    expect((await db.store.loadSnapshot()).keys).toHaveLength(1);
  });

  it('lists, updates, disables and enables projects', async () => {
    await db.store.createProject({ slug: 'web', name: 'Web' });
    await db.store.createProject({ slug: 'admin' });
    expect((await db.store.listProjects()).map((p) => p.slug)).toEqual(['web', 'admin']);
    const updated = await db.store.updateProject('web', {
      allowedOrigins: ['https://app.example.com'],
      storeIp: true,
      inboundFilters: { localhost: true, sampleRate: 0.5 },
      piiSettings: { emails: false, extraKeys: ['customer_ref'] },
      rateLimitPerMinute: 600,
      githubRepo: null,
    });
    expect(updated).toMatchObject({
      name: 'Web',
      allowedOrigins: ['https://app.example.com'],
      storeIp: true,
      inboundFilters: { localhost: true, sampleRate: 0.5 },
      piiSettings: { emails: false, extraKeys: ['customer_ref'] },
      rateLimitPerMinute: 600,
      githubRepo: null,
    });
    expect((await db.store.setProjectEnabled('web', false)).enabled).toBe(false);
    expect((await db.store.getProject('web'))?.enabled).toBe(false);
    expect((await db.store.setProjectEnabled('web', true)).enabled).toBe(true);
    await expect(db.store.setProjectEnabled('missing', false)).rejects.toThrow(ProjectNotFoundError);
    await expect(db.store.updateProject('web', { inboundFilters: { bogus: true } as never })).rejects.toThrow(InvalidInputError);
    await expect(db.store.updateProject('web', { piiSettings: { passwords: false } as never })).rejects.toThrow(
      /invalid PII settings: .*passwords.* \(known: enabled, sensitiveKeys, creditCards, emails, ipAddresses, bearerTokens, extraKeys, safeKeys\)/,
    );
    await expect(db.store.updateProject('web', { piiSettings: { emails: 'no' } as never })).rejects.toThrow(/invalid PII settings at emails/);
    // A refused patch changes nothing, and a row written by hand must still be an object.
    expect((await db.store.getProject('web'))?.piiSettings).toEqual({ emails: false, extraKeys: ['customer_ref'] });
    await expect(db.dataSource.query(`UPDATE projects SET pii_settings = '[]' WHERE slug = 'web'`)).rejects.toThrow(/projects_pii_settings_check/);
  });

  it('creates, lists and revokes keys', async () => {
    const { key: first } = await db.store.createProject({ slug: 'web' });
    const second = await db.store.createKey('web', {
      label: 'ci',
      rateLimitPerSecond: 10,
      rateLimitPerMinute: 300,
      burst: 20,
      allowedOrigins: ['https://app.example.com'],
    });
    expect(second).toMatchObject({ label: 'ci', rateLimitPerSecond: 10, rateLimitPerMinute: 300, burst: 20, allowedOrigins: ['https://app.example.com'] });
    expect((await db.store.listKeys('web')).map((k) => k.publicKey)).toEqual([first.publicKey, second.publicKey]);

    const revoked = await db.store.revokeKey(first.publicKey);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    // Revoking again keeps the original revocation time.
    expect((await db.store.revokeKey(first.publicKey)).revokedAt).toEqual(revoked.revokedAt);
    expect((await db.store.listKeys('web')).find((k) => k.publicKey === first.publicKey)?.revokedAt).toEqual(revoked.revokedAt);

    expect((await db.store.setKeyEnabled(second.publicKey, false)).enabled).toBe(false);
    await expect(db.store.revokeKey('0'.repeat(32))).rejects.toThrow(KeyNotFoundError);
    await expect(db.store.createKey('missing')).rejects.toThrow(ProjectNotFoundError);
    await expect(db.store.listKeys('missing')).rejects.toThrow(ProjectNotFoundError);
    await expect(db.store.createKey('web', { burst: 0 })).rejects.toThrow(/burst/);
  });

  it('loads a snapshot of every project and key, revoked ones included', async () => {
    const { project: web, key } = await db.store.createProject({ slug: 'web' });
    const { project: admin } = await db.store.createProject({ slug: 'admin' });
    await db.store.revokeKey(key.publicKey);
    const snapshot = await db.store.loadSnapshot();
    expect(snapshot.projects.map((p) => p.id)).toEqual([web.id, admin.id]);
    expect(snapshot.keys).toHaveLength(2);
    expect(snapshot.keys.find((k) => k.publicKey === key.publicKey)?.revokedAt).toBeInstanceOf(Date);
  });
});
