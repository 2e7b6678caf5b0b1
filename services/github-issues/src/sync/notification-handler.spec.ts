// A notification whose repository cannot be looked up right now waits (nak with delay); one for a
// project with no repository anywhere is rejected (dead letter), as before.
import { create, NotificationSchema } from '@faultline/contracts';
import type { GitHubMetrics } from '../github-metrics.js';
import { IssueSync, RetryLaterError } from './issue-sync.js';
import { NotificationHandler } from './notification-handler.js';
import type { RepoResolver } from './repo-resolver.js';

const metrics = { notifications: { inc: () => undefined } } as unknown as GitHubMetrics;
const notification = create(NotificationSchema, { groupKey: 'g', alerts: [{ fingerprint: 'f1', status: 'firing', labels: { project: '1', group_id: '7' } }] });
const sync = (groupAlert = async () => 'created') => ({ groupAlert, outcomeOf: IssueSync.prototype.outcomeOf }) as unknown as IssueSync;

describe('NotificationHandler', () => {
  it('retries when the repository lookup cannot reach PostgreSQL', async () => {
    const repos = { forProject: async () => Promise.reject(new RetryLaterError(5_000, 'could not read the repository of project 1')) } as unknown as RepoResolver;
    expect(await new NotificationHandler(sync(), repos, metrics).handle(notification, { idempotencyKey: 'k' })).toEqual({
      kind: 'retry',
      delayMs: 5_000,
      reason: 'could not read the repository of project 1',
    });
  });

  it('rejects when no repository is configured for the project', async () => {
    const repos = { forProject: async () => null } as unknown as RepoResolver;
    const outcome = await new NotificationHandler(sync(), repos, metrics).handle(notification, { idempotencyKey: 'k' });
    expect(outcome.kind).toBe('reject');
  });

  it('is done when the issue work is', async () => {
    const repos = { forProject: async () => ({ owner: 'acme', repo: 'web' }) } as unknown as RepoResolver;
    expect(await new NotificationHandler(sync(), repos, metrics).handle(notification, { idempotencyKey: 'k' })).toEqual({ kind: 'done' });
  });
});
