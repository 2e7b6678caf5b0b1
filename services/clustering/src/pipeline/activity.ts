// Builds the IssueActivity messages clustering publishes on `issues.activity.<project>`: one
// per stored event (kind new, regressed or occurred) and one per applied command.
import {
  create,
  durationFromMs,
  GroupStatus,
  IssueActivityKind,
  IssueActivitySchema,
  timestampFromDate,
  type IssueActivity,
} from '@faultline/contracts';
import type { GroupSnapshot, StoredEvent } from './stored-event.js';

const KIND = { new: IssueActivityKind.NEW, regressed: IssueActivityKind.REGRESSED, occurred: IssueActivityKind.OCCURRED } as const;
const STATUS = { unresolved: GroupStatus.UNRESOLVED, resolved: GroupStatus.RESOLVED, ignored: GroupStatus.IGNORED } as const;

/** The group part of every activity. */
export function groupFields(g: GroupSnapshot) {
  return {
    projectId: String(g.projectId),
    groupId: g.id,
    title: g.title,
    culprit: g.culprit,
    level: g.level,
    status: STATUS[g.status],
    firstSeen: timestampFromDate(g.firstSeen),
    lastSeen: timestampFromDate(g.lastSeen),
    timesSeen: Math.min(g.timesSeen, 0xffffffff),
    usersAffected: g.usersAffected,
    fingerprintHashes: g.hashes,
    groupingConfig: g.groupingConfig,
    externalIssue: g.externalIssue ?? undefined,
    windows: [
      { window: durationFromMs(60_000), events: g.windows.minute, users: 0 },
      { window: durationFromMs(3_600_000), events: g.windows.hour, users: 0 },
    ],
  };
}

/** The activity of one stored event. */
export function eventActivity(s: StoredEvent): IssueActivity {
  const e = s.event;
  return create(IssueActivitySchema, {
    ...groupFields(s.group),
    kind: KIND[s.kind],
    eventId: e.eventId,
    occurredAt: timestampFromDate(e.receivedAt),
    release: e.release ?? '',
    environment: e.environment ?? '',
    userKey: e.userKey ?? '',
    tags: e.tags,
  });
}

/** Nats-Msg-Id of an event's activity: a re-publish after a redelivery is stored once. */
export function eventActivityId(s: StoredEvent): string {
  return `activity:${s.event.projectId}:${s.event.eventId}`;
}
