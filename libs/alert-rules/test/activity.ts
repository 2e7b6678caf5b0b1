// Builds IssueActivity messages for specs with sensible defaults.
import { type IssueActivity, IssueActivitySchema, IssueActivityKind, GroupStatus, create, timestampFromDate } from '@faultline/contracts';

let seq = 0;

/** An activity of `kind` for `groupId` at `at`; a fresh event id unless given. */
export function activity(kind: IssueActivityKind, at: Date, over: Partial<Omit<IssueActivity, 'kind' | '$typeName'>> = {}): IssueActivity {
  const isEvent = kind === IssueActivityKind.NEW || kind === IssueActivityKind.REGRESSED || kind === IssueActivityKind.OCCURRED;
  const status = kind === IssueActivityKind.RESOLVED ? GroupStatus.RESOLVED : kind === IssueActivityKind.IGNORED ? GroupStatus.IGNORED : GroupStatus.UNRESOLVED;
  return create(IssueActivitySchema, {
    kind,
    projectId: '1',
    groupId: 'g1',
    eventId: isEvent ? `ev-${++seq}` : '',
    occurredAt: timestampFromDate(at),
    title: "TypeError: Cannot read properties of undefined (reading 'id')",
    culprit: 'loadUser(app/user.js)',
    level: 'error',
    status,
    firstSeen: timestampFromDate(new Date('2026-12-01T00:00:00Z')),
    lastSeen: timestampFromDate(at),
    timesSeen: 1,
    usersAffected: 1,
    release: 'web@2.1.0',
    environment: 'production',
    ...over,
  });
}

/** A simulated clock starting at 2026-12-01T12:00:00Z. */
export class Clock {
  private ms = Date.parse('2026-12-01T12:00:00Z');
  /** The current time. */
  get now(): Date {
    return new Date(this.ms);
  }
  /** Moves the clock forward. */
  advance(ms: number): Date {
    this.ms += ms;
    return this.now;
  }
}

export { IssueActivityKind as Kind };
