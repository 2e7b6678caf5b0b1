// The router core without I/O: stores are in-memory fakes, the notifier records batches.
import { parseAlertingConfig } from '@faultline/alert-rules';
import { IssueActivityKind, IssueActivitySchema, GroupStatus, create, timestampFromDate } from '@faultline/contracts';
import { Registry } from 'prom-client';
import { type StoredAlert } from '../store/alert-store.js';
import { AlertRouter } from './alert-router.js';
import { RouterMetrics } from './router-metrics.js';

const CONFIG = parseAlertingConfig(`
route: { receiver: r, group_by: [group_id], group_wait: 10ms, group_interval: 1h }
receivers: [{ name: r }]
alert_rules: [{ name: NewIssue, type: new_issue }]
`);

function setup() {
  const written: StoredAlert[][] = [];
  let failures = 0;
  const stores = {
    alerts: {
      put: async (list: readonly StoredAlert[]) => {
        if (failures > 0) {
          failures--;
          throw new Error('PostgreSQL unavailable');
        }
        written.push([...list]);
      },
      since: async (rev: bigint) => ({ alerts: [], rev }),
      gc: async () => 0,
    },
    silences: { list: async () => [], gc: async () => undefined },
    nflog: { loadAll: async () => new Map(), gc: async () => undefined, record: async () => true },
    windows: { load: async () => [], put: async () => undefined, gc: async () => undefined },
  };
  const batches: string[] = [];
  const notifier = { notify: async (_s: unknown, batch: { groupKey: string }) => (batches.push(batch.groupKey), true) };
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const router = new AlertRouter(CONFIG, {
    maxAlerts: 2, maxGroups: 100, syncIntervalMs: 60_000, tickIntervalMs: 60_000, retentionMs: 60_000, resolvedRetentionMs: 60_000, uiUrl: '',
  }, stores as never, notifier as never, new RouterMetrics(new Registry()), log);
  return { router, written, batches, failOnce: () => (failures = 1) };
}

const activity = (groupId: string) => create(IssueActivitySchema, {
  kind: IssueActivityKind.NEW, projectId: '1', groupId, eventId: `e-${groupId}`, occurredAt: timestampFromDate(new Date()),
  level: 'error', status: GroupStatus.UNRESOLVED,
});

describe('AlertRouter', () => {
  it('keeps alerts whose write failed and stores them before the next message is acknowledged', async () => {
    const t = setup();
    await t.router.becomeLeader({ holder: 'me', token: '1' });
    t.failOnce();
    await expect(t.router.observeActivity(activity('g1'))).rejects.toThrow('PostgreSQL unavailable');
    // The redelivery changes nothing in the engine (event already counted), but the alert was kept:
    expect(await t.router.observeActivity(activity('g1'))).toBe(0);
    expect(t.written.flat().map((a) => a.labels['group_id'])).toEqual(['g1']);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.batches).toEqual(['{}:{group_id="g1"}']);
    t.router.stop();
  });

  it('refuses alerts past ALERT_ROUTER_MAX_ALERTS and counts them', async () => {
    const t = setup();
    await t.router.postAlerts([{ labels: { a: '1' }, annotations: {}, startsAt: new Date(), updatedAt: new Date(), generatorURL: '' }]);
    await t.router.postAlerts([{ labels: { a: '2' }, annotations: {}, startsAt: new Date(), updatedAt: new Date(), generatorURL: '' }]);
    await expect(t.router.postAlerts([{ labels: { a: '3' }, annotations: {}, startsAt: new Date(), updatedAt: new Date(), generatorURL: '' }])).rejects.toThrow('ALERT_ROUTER_MAX_ALERTS is 2');
    // Updating a held alert is not a new one.
    await t.router.postAlerts([{ labels: { a: '2' }, annotations: { x: 'y' }, startsAt: new Date(), updatedAt: new Date(), generatorURL: '' }]);
    expect(t.router.listAlerts()).toHaveLength(2);
    t.router.stop();
  });
});
