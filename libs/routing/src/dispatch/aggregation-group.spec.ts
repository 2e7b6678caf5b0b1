import { parseConfig } from '../config/parse-config.js';
import { dedup, logEntry, type NotificationLogEntry } from '../notify/dedup.js';
import { type Alert } from './alert.js';
import { Dispatcher } from './dispatcher.js';
import { buildRouteTree } from './route.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const alert = (name: string, startsAt: number, endsAt?: number, updatedAt = startsAt): Alert => ({
  labels: { alertname: name, team: 'web' }, annotations: {}, startsAt: at(startsAt), generatorURL: '',
  updatedAt: at(updatedAt), ...(endsAt !== undefined ? { endsAt: at(endsAt) } : {}),
});

// Drives a dispatcher second by second through the whole pipeline (flush → dedup → log → commit) and
// records what would be sent.
function simulate(events: Record<number, Alert[]>, until: number) {
  const root = buildRouteTree(parseConfig(`
route: { receiver: r, group_by: [team], group_wait: 30s, group_interval: 5m, repeat_interval: 1h }
receivers: [{ name: r }]
`).route);
  const d = new Dispatcher(root);
  const log = new Map<string, NotificationLogEntry>();
  const sent: { t: number; reason: string; alerts: string[] }[] = [];
  for (let t = 0; t <= until; t++) {
    for (const a of events[t] ?? []) d.add(a, at(t));
    for (const { group, batch } of d.flushDue(at(t))) {
      const decision = dedup(batch.alerts, log.get(batch.groupKey), { repeatIntervalMs: 3_600_000, sendResolved: true, now: at(t) });
      if (decision.reason) {
        sent.push({ t, reason: decision.reason, alerts: batch.alerts.map((a) => `${a.labels['alertname']}:${a.endsAt ? 'resolved' : 'firing'}`) });
        log.set(batch.groupKey, logEntry(decision, at(t)));
      }
      group.commit(batch);
    }
  }
  return sent;
}

describe('aggregation group timers with dedup', () => {
  it('waits group_wait, batches, then only sends changes every group_interval and repeats after repeat_interval', () => {
    const sent = simulate({ 0: [alert('A', 0)], 10: [alert('B', 10)], 100: [alert('C', 100)] }, 4300);
    expect(sent).toEqual([
      { t: 30, reason: 'first notification', alerts: ['A:firing', 'B:firing'] },
      { t: 330, reason: 'new alerts added', alerts: ['A:firing', 'B:firing', 'C:firing'] },
      // The log is strictly older than repeat_interval only after 330 + 3600, so the tick at 3930 is
      // skipped and the repeat goes out at 4230: repeat_interval is rounded up to group_interval ticks.
      { t: 4230, reason: 'repeat interval elapsed', alerts: ['A:firing', 'B:firing', 'C:firing'] },
    ]);
  });

  it('never notifies an alert resolved within group_wait', () => {
    expect(simulate({ 0: [alert('A', 0)], 5: [alert('A', 0, 5, 5)] }, 700)).toEqual([]);
  });

  it('flushes at once when the first alert is older than group_wait', () => {
    expect(simulate({ 100: [alert('A', 0)] }, 101)[0]).toEqual({ t: 100, reason: 'first notification', alerts: ['A:firing'] });
  });

  it('sends resolutions at the next group_interval tick and then forgets them', () => {
    const sent = simulate({ 0: [alert('A', 0), alert('B', 0)], 60: [alert('A', 0, 60, 60)], 400: [alert('B', 0, 400, 400)] }, 1000);
    expect(sent).toEqual([
      { t: 30, reason: 'first notification', alerts: ['A:firing', 'B:firing'] },
      { t: 330, reason: 'some alerts resolved', alerts: ['A:resolved', 'B:firing'] },
      { t: 630, reason: 'all alerts resolved', alerts: ['B:resolved'] },
    ]);
  });
});
