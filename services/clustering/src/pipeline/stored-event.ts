// What the batch writer reports for each event: where it went and the group after the batch,
// enough to build its IssueActivity without another query.
import type { PreparedEvent } from './prepared-event.js';

/** The group as the activity describes it. */
export interface GroupSnapshot {
  id: string;
  projectId: number;
  title: string;
  culprit: string;
  level: string;
  status: 'unresolved' | 'resolved' | 'ignored';
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  usersAffected: number;
  hashes: string[];
  groupingConfig: string;
  externalIssue: { owner: string; repo: string; number: number; url: string } | null;
  /** Events of the group in its latest minute bucket and the 60 minutes ending there. */
  windows: { minute: number; hour: number };
}

/** One event after its batch committed. */
export interface StoredEvent {
  event: PreparedEvent;
  groupId: string;
  kind: 'new' | 'regressed' | 'occurred';
  /** False for a redelivery: the event was stored before and changed no count. */
  counted: boolean;
  /** Whether its activity is (re-)published: counted events, and duplicates stored within the stream's duplicate window. */
  publish: boolean;
  /** Similarity score when the event was attached to a similar group. */
  similarity?: number;
  createdGroup: boolean;
  group: GroupSnapshot;
}
