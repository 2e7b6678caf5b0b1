// Applies IssueCommands (resolve, unresolve, ignore, link a GitHub issue) to groups and
// publishes the resulting activity. Applying is idempotent, and the activity's Nats-Msg-Id
// is derived from the command, so a redelivered command changes nothing twice.
import {
  create,
  IssueActivityKind,
  IssueActivitySchema,
  IssueCommandType,
  subjectFor,
  timestampFromDate,
  type IssueCommand,
} from '@faultline/contracts';
import { ack, reject, type HandlerResult, type JetStreamPublisher } from '@faultline/platform-messaging';
import type { DataSource } from 'typeorm';
import type { ClusteringMetrics } from '../clustering-metrics.js';
import { groupFields } from '../pipeline/activity.js';
import { applyGroupChange, GroupNotFoundError, type GroupChange, type GroupRecord } from '../store/group-store.js';

const ACTIVITY: Partial<Record<GroupChange['type'], IssueActivityKind>> = {
  resolve: IssueActivityKind.RESOLVED,
  unresolve: IssueActivityKind.UNRESOLVED,
  ignore: IssueActivityKind.IGNORED,
};

/** The command consumer's logic. */
export class CommandService {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: JetStreamPublisher,
    private readonly metrics: ClusteringMetrics,
  ) {}

  /** Applies one command; `redelivered` re-publishes the activity even when nothing changed (the stream drops the copy). */
  async apply(command: IssueCommand, streamSeq: number, redelivered: boolean): Promise<HandlerResult> {
    const change = toChange(command);
    const label = IssueCommandType[command.command]?.toLowerCase() ?? 'unknown';
    if (typeof change === 'string') {
      this.metrics.commands.inc({ command: label, result: 'invalid' });
      return reject(change);
    }
    const projectId = Number(command.projectId);
    if (!/^\d+$/.test(command.projectId) || !Number.isSafeInteger(projectId)) {
      this.metrics.commands.inc({ command: label, result: 'invalid' });
      return reject(`project_id "${command.projectId}" is not a decimal id`);
    }
    let result: { group: GroupRecord; changed: boolean };
    try {
      result = await applyGroupChange(this.ds, projectId, command.groupId, change);
    } catch (error) {
      if (error instanceof GroupNotFoundError) {
        this.metrics.commands.inc({ command: label, result: 'not_found' });
        return reject(error.message);
      }
      throw error;
    }
    this.metrics.commands.inc({ command: label, result: result.changed ? 'applied' : 'unchanged' });
    const kind = ACTIVITY[change.type];
    if (kind !== undefined && (result.changed || redelivered)) {
      const g = result.group;
      const activity = create(IssueActivitySchema, {
        ...groupFields({ ...g, id: g.id, hashes: g.hashes.map((h) => h.hash), windows: { minute: 0, hour: 0 } }),
        kind,
        occurredAt: command.issuedAt ?? timestampFromDate(new Date()),
        actor: command.actor,
      });
      const id = command.deliveryId || `seq-${streamSeq}`;
      await this.publisher.publish(subjectFor('issuesActivity', String(projectId)), IssueActivitySchema, activity, {
        msgId: `command:${projectId}:${command.groupId}:${id}:${change.type}`,
      });
    }
    return ack();
  }
}

/** The change a command asks for, or why it is invalid. */
export function toChange(command: IssueCommand): GroupChange | string {
  switch (command.command) {
    case IssueCommandType.RESOLVE:
      return { type: 'resolve', inRelease: command.resolvedInRelease || null, inNextRelease: command.resolveInNextRelease };
    case IssueCommandType.UNRESOLVE:
      return { type: 'unresolve' };
    case IssueCommandType.IGNORE:
      return { type: 'ignore' };
    case IssueCommandType.LINK_EXTERNAL_ISSUE: {
      const i = command.externalIssue;
      if (!i || !i.owner || !i.repo || !i.number) return 'link command without external_issue owner, repo and number';
      return { type: 'link', issue: { owner: i.owner, repo: i.repo, number: i.number, url: i.url } };
    }
    case IssueCommandType.UNLINK_EXTERNAL_ISSUE:
      return { type: 'unlink' };
    default:
      return `unknown command ${command.command}`;
  }
}

